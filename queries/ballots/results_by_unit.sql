-- grain: one row per unit × criterion (NULL = all criteria) × evaluator group (NULL = all groups)
--        of one round: ballots, mean, sample standard deviation, lowest and highest score.
--        For all criteria a ballot counts once, with the mean of its scores for the unit, so
--        the spread is the spread between evaluators.
-- params: $round_id (VARCHAR)
-- used by: govdash/evaluation/ballot_box.py (BallotStore.report)
WITH scored AS (
    SELECT b.group_name, s.ballot_id, s.unit, s.criterion, s.score
    FROM ballot_scores AS s
    JOIN ballots AS b USING (ballot_id)
    WHERE b.round_id = $round_id
),
by_criterion AS (
    SELECT unit, criterion, group_name,
           count(*) AS ballots, avg(score) AS mean_score, stddev_samp(score) AS sd_score,
           min(score) AS min_score, max(score) AS max_score
    FROM scored
    GROUP BY GROUPING SETS ((unit, criterion, group_name), (unit, criterion))
),
per_ballot AS (
    SELECT group_name, ballot_id, unit, avg(score) AS score
    FROM scored
    GROUP BY group_name, ballot_id, unit
),
overall AS (
    SELECT unit, NULL::VARCHAR AS criterion, group_name,
           count(*) AS ballots, avg(score) AS mean_score, stddev_samp(score) AS sd_score,
           min(score) AS min_score, max(score) AS max_score
    FROM per_ballot
    GROUP BY GROUPING SETS ((unit, group_name), (unit))
)
SELECT * FROM by_criterion
UNION ALL BY NAME
SELECT * FROM overall
ORDER BY unit, criterion NULLS LAST, group_name NULLS LAST
