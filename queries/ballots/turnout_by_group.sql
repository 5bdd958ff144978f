-- grain: one row per evaluator group of one round: codes issued, codes used, ballots in
-- params: $round_id (VARCHAR)
-- used by: govdash/evaluation/ballot_box.py (BallotStore.report)
WITH grp AS (
    SELECT unnest(groups) AS group_name, generate_subscripts(groups, 1) AS group_no
    FROM rounds WHERE round_id = $round_id
)
SELECT
    grp.group_name,
    (SELECT count(*) FROM ballot_codes AS c WHERE c.round_id = $round_id AND c.group_name = grp.group_name) AS codes_issued,
    (SELECT count(*) FROM ballot_codes AS c
      WHERE c.round_id = $round_id AND c.group_name = grp.group_name AND c.is_used) AS codes_used,
    (SELECT count(*) FROM ballots AS b WHERE b.round_id = $round_id AND b.group_name = grp.group_name) AS ballots_in
FROM grp
ORDER BY grp.group_no
