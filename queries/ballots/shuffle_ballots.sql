-- grain: rewrites one round's ballots and scores in a random order, so the file alone does not
--        tell in which order ballots came in (and so which evaluator cast which): run after each ballot
-- params: $round_id (VARCHAR)
-- used by: govdash/evaluation/ballot_box.py (BallotStore.submit_ballot)
CREATE OR REPLACE TEMP TABLE shuffled_ballots AS SELECT * FROM ballots WHERE round_id = $round_id ORDER BY random();
CREATE OR REPLACE TEMP TABLE shuffled_scores AS
SELECT s.* FROM ballot_scores AS s JOIN shuffled_ballots USING (ballot_id) ORDER BY random();
DELETE FROM ballot_scores WHERE ballot_id IN (SELECT ballot_id FROM shuffled_ballots);
DELETE FROM ballots WHERE round_id = $round_id;
INSERT INTO ballots SELECT * FROM shuffled_ballots;
INSERT INTO ballot_scores SELECT * FROM shuffled_scores;
DROP TABLE shuffled_scores;
DROP TABLE shuffled_ballots;
