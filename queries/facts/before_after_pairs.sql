-- grain: one row per series with a before figure (整改前/改革前, the earliest) and an after figure
--        (the latest 整改后/改革后, else the latest 现状 dated after the before figure), under the
--        shared filters; only the $limit largest changes per theme and direction are returned,
--        with pair_count = all pairs of the theme. Same rule as analysis.before_after_pairs (tested).
-- params: $regions, $themes (VARCHAR[]), $year_from, $year_to (INTEGER), $limit (INTEGER)
-- used by: govdash/views.py (before/after section, headline deltas), pages/overview.py
WITH f AS (
    SELECT * FROM filtered_facts($regions, $themes, $year_from, $year_to)
), before AS (
    SELECT * FROM f
    WHERE stage IN ('整改前', '改革前')
    QUALIFY row_number() OVER (PARTITION BY series ORDER BY period_end_on, figure_id) = 1
), after_stage AS (
    SELECT f.* FROM f SEMI JOIN before USING (series)
    WHERE f.stage IN ('整改后', '改革后')
    QUALIFY row_number() OVER (PARTITION BY f.series ORDER BY f.period_end_on DESC, f.figure_id DESC) = 1
), after_current AS (
    SELECT f.* FROM f JOIN before AS b USING (series)
    WHERE f.stage = '现状' AND f.period_end_on > b.period_end_on
      AND f.series NOT IN (SELECT series FROM after_stage)
    QUALIFY row_number() OVER (PARTITION BY f.series ORDER BY f.period_end_on DESC, f.figure_id DESC) = 1
), after AS (
    SELECT * FROM after_stage UNION ALL SELECT * FROM after_current
), pairs AS (
    SELECT
        b.series, b.theme, b.indicator, b.region, b.org_unit, b.unit, b.kind, a.rank_total, b.is_higher_better,
        b.value AS before_value, b.period_label AS before_period, b.stage AS before_stage, b.figure_id AS before_id,
        b.evidence AS before_evidence, b.bound AS before_bound, b.label AS before_label,
        a.value AS after_value, a.period_label AS after_period, a.stage AS after_stage, a.figure_id AS after_id,
        a.evidence AS after_evidence, a.bound AS after_bound, a.label AS after_label,
        b.doc_no,
        a.value - b.value AS change,
        CASE WHEN b.is_higher_better IS NULL THEN NULL
             WHEN b.unit IN ('%', '名') THEN (a.value - b.value)
             WHEN b.value = 0 THEN NULL
             ELSE (a.value - b.value) / abs(b.value) * 100
        END * CASE WHEN b.is_higher_better THEN 1 ELSE -1 END AS improvement
    FROM before AS b JOIN after AS a USING (series)
)
SELECT *, count(*) OVER (PARTITION BY theme) AS pair_count
FROM pairs
QUALIFY row_number() OVER (PARTITION BY theme ORDER BY abs(improvement) DESC NULLS LAST, series) <= $limit
     OR row_number() OVER (PARTITION BY theme, improvement > 0 ORDER BY abs(improvement) DESC NULLS LAST, series) <= $limit
ORDER BY theme, abs(improvement) DESC NULLS LAST, series
