-- grain: one row per series the briefing names: per theme in $themes its newest figure under the filters (no
--        targets, benchmarks or ranks) with the newest earlier comparable one (previous_*, NULL if none:
--        latest_with_previous); key indicators first, then most figures, then newest; at most $limit per theme.
-- params: $regions, $themes (VARCHAR[]), $year_from, $year_to, $limit (INTEGER), $hide_doubtful (BOOLEAN)
-- used by: govdash/exports/briefing.py (简报：各主题各地最新值及与可比上期相比的变化)
WITH s AS (
    SELECT * FROM latest_with_previous($regions, $themes, $year_from, $year_to, $hide_doubtful, []::VARCHAR[], false)
), sizes AS (
    SELECT series_id, count(*) AS figure_count
    FROM filtered_facts($regions, $themes, $year_from, $year_to, $hide_doubtful)
    GROUP BY series_id
), chosen AS (
    SELECT s.latest_order, s.previous_order, n.theme,
           row_number() OVER (PARTITION BY n.theme
                              ORDER BY n.key_order NULLS LAST, z.figure_count DESC, n.period_end_on DESC, n.series_id) AS pick,
           count(*) OVER (PARTITION BY n.theme) AS series_total
    FROM s
    JOIN facts AS n ON n.time_order = s.latest_order
    JOIN sizes AS z ON z.series_id = s.series_id
    WHERE n.unit <> '名'
    QUALIFY pick <= $limit
)
SELECT n.figure_id, n.theme, n.indicator, n.key_order, n.kind, n.region, n.org_unit, n.unit, n.is_higher_better,
       n.period_label, n.period_end_on, n.value, n.label, n.bound, n.stage, n.doc_no, n.evidence,
       n.is_doubtful, n.doubt_reason, n.is_derived, n.derivation,
       p.figure_id AS previous_id, p.value AS previous_value, p.label AS previous_label, p.bound AS previous_bound,
       p.period_label AS previous_period, p.stage AS previous_stage, p.doc_no AS previous_doc_no, p.evidence AS previous_evidence,
       c.pick, c.series_total
FROM chosen AS c
JOIN facts AS n ON n.time_order = c.latest_order
LEFT JOIN facts AS p ON p.time_order = c.previous_order
ORDER BY list_position($themes, n.theme), c.pick
