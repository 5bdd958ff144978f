-- grain: inserts one row of ballot_codes per code hash (parallel lists, unused)
-- params: $round_id (VARCHAR), $code_hashes (VARCHAR[]), $group_names (VARCHAR[]) same length
-- used by: govdash/evaluation/ballot_box.py (BallotStore.issue_codes)
INSERT INTO ballot_codes (round_id, code_hash, group_name, is_used)
SELECT $round_id, unnest($code_hashes), unnest($group_names), false
