-- grain: one row per evaluation round, newest first, with its codes issued and used and ballots in
-- params: none
-- used by: govdash/evaluation/ballot_box.py (BallotStore.rounds)
SELECT
    r.round_id, r.title, r.created_at, r.is_closed,
    len(r.units) AS unit_count, len(r.criteria) AS criterion_count,
    (SELECT count(*) FROM ballot_codes AS c WHERE c.round_id = r.round_id) AS codes_issued,
    (SELECT count(*) FROM ballot_codes AS c WHERE c.round_id = r.round_id AND c.is_used) AS codes_used,
    (SELECT count(*) FROM ballots AS b WHERE b.round_id = r.round_id) AS ballots_in
FROM rounds AS r
ORDER BY r.created_at DESC, r.round_id
