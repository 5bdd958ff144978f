-- grain: the stored code matching what the evaluator typed (0 or 1 row), with its round's settings.
--        Each round salts its hashes: the typed code is hashed with every round's salt here, the
--        same way govdash/evaluation/codes.py code_hash() does when the code is issued.
-- params: $code (VARCHAR) the normalised code (upper case, no dashes)
-- used by: govdash/evaluation/ballot_box.py (BallotStore.check_code, BallotStore.submit_ballot)
WITH candidates AS (
    SELECT round_id, sha256(salt || ':' || $code) AS code_hash
    FROM rounds
)
SELECT
    c.group_name, c.is_used, c.code_hash,
    r.round_id, r.title, r.units, r.criteria, r.groups, r.grade_names, r.grade_min_scores,
    r.scale_min, r.scale_max, r.salt, r.organiser_hash, r.created_at, r.is_closed
FROM candidates
JOIN ballot_codes AS c USING (round_id, code_hash)
JOIN rounds AS r USING (round_id)
