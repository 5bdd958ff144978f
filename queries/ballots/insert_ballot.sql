-- grain: inserts one ballot (its group, no link to the code)
-- params: $ballot_id, $round_id, $group_name (VARCHAR)
-- used by: govdash/evaluation/ballot_box.py (BallotStore.submit_ballot)
INSERT INTO ballots (ballot_id, round_id, group_name) VALUES ($ballot_id, $round_id, $group_name)
