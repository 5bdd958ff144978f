-- grain: one row per round: what a typed code is hashed with (salt and scheme)
-- params: none
-- used by: govdash/evaluation/ballot_box.py (BallotStore._admit)
SELECT round_id, salt, code_hash_scheme FROM rounds
