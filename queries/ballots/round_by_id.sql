-- grain: one evaluation round (all its settings, salt and organiser hash)
-- params: $round_id (VARCHAR)
-- used by: govdash/evaluation/ballot_box.py (BallotStore.round)
SELECT round_id, title, units, criteria, groups, grade_names, grade_min_scores,
       scale_min, scale_max, salt, organiser_hash, created_at, is_closed, code_hash_scheme
FROM rounds
WHERE round_id = $round_id
