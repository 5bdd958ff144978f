-- grain: the stored code matching what the evaluator typed (0 or 1 row), with its round's settings.
--        The caller hashes the typed code once per round (its salt and scheme, evaluation/codes.py)
--        and passes the candidates as parallel lists.
-- params: $round_ids (VARCHAR[]), $code_hashes (VARCHAR[]) same length
-- used by: govdash/evaluation/ballot_box.py (BallotStore.check_code, BallotStore.submit_ballot)
WITH candidates AS (
    SELECT unnest($round_ids) AS round_id, unnest($code_hashes) AS code_hash
)
SELECT
    c.group_name, c.is_used, c.is_void, c.code_hash,
    r.round_id, r.title, r.units, r.criteria, r.groups, r.grade_names, r.grade_min_scores,
    r.scale_min, r.scale_max, r.salt, r.organiser_hash, r.created_at, r.is_closed, r.code_hash_scheme
FROM candidates
JOIN ballot_codes AS c USING (round_id, code_hash)
JOIN rounds AS r USING (round_id)
