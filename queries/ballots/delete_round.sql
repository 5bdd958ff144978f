-- grain: deletes one round with its codes, ballots and scores (an organiser's decision, audited)
-- params: $round_id (VARCHAR)
-- used by: govdash/evaluation/ballot_box.py (BallotStore.delete_round)
DELETE FROM ballot_scores WHERE ballot_id IN (SELECT ballot_id FROM ballots WHERE round_id = $round_id);
DELETE FROM ballots WHERE round_id = $round_id;
DELETE FROM ballot_codes WHERE round_id = $round_id;
DELETE FROM rounds WHERE round_id = $round_id;
