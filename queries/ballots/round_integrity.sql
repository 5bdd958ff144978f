-- grain: one row for one round: codes issued and used, ballots in, and how many ballots are whole
--        (exactly one score per unit × criterion of the round, each on its scale) and in a known group
-- params: $round_id
-- used by: govdash/evaluation/ballot_box.py (BallotStore.integrity; the load benchmark's exact-count check)
WITH per_ballot AS (
    SELECT
        b.ballot_id,
        list_contains(r.groups, b.group_name) AS is_known_group,
        count(s.ballot_id) AS scores,
        count(DISTINCT (s.unit, s.criterion)) AS cells,
        count(*) FILTER (
            WHERE list_contains(r.units, s.unit) AND list_contains(r.criteria, s.criterion)
            AND s.score BETWEEN r.scale_min AND r.scale_max
        ) AS valid_scores,
        len(r.units) * len(r.criteria) AS cells_needed
    FROM ballots AS b
    INNER JOIN rounds AS r ON b.round_id = r.round_id
    LEFT JOIN ballot_scores AS s ON b.ballot_id = s.ballot_id
    WHERE b.round_id = $round_id
    GROUP BY b.ballot_id, b.group_name, r.groups, r.units, r.criteria
)

SELECT
    (SELECT count(*) FROM ballot_codes AS c WHERE c.round_id = $round_id) AS codes_issued,
    (SELECT count(*) FROM ballot_codes AS c WHERE c.round_id = $round_id AND c.is_used) AS codes_used,
    (SELECT count(*) FROM per_ballot) AS ballots_in,
    (
        SELECT count(*) FROM per_ballot
        WHERE is_known_group AND scores = cells_needed AND cells = cells_needed AND valid_scores = cells_needed
    ) AS ballots_whole,
    (
        SELECT count(*) FROM ballot_scores AS s
        WHERE s.ballot_id NOT IN (SELECT b.ballot_id FROM ballots AS b)
    ) AS stray_scores
