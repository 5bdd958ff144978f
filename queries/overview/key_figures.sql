-- grain: one row per card of the leader's first screen: per theme in $themes, the series of its key
--        indicators (indicators.csv key_order) under the filters, newest figure of each with the
--        newest earlier comparable figure (previous_*, NULL when there is none); at most $limit
--        cards per theme (key_order first, then newest, then region); card_total = all such series.
-- params: $regions, $themes (VARCHAR[]), $year_from, $year_to, $limit (INTEGER), $hide_doubtful (BOOLEAN)
-- used by: pages/desk/overview.py (重点指标：各地最新值)
WITH s AS (
    SELECT * FROM latest_with_previous($regions, $themes, $year_from, $year_to, $hide_doubtful, []::VARCHAR[], true)
), cards AS (
    SELECT s.*, n.theme,
           row_number() OVER (PARTITION BY n.theme ORDER BY n.key_order, n.period_end_on DESC, n.region, n.series_id) AS card_rank,
           count(*) OVER (PARTITION BY n.theme) AS card_total
    FROM s JOIN facts AS n ON n.time_order = s.latest_order
    WHERE n.key_order IS NOT NULL
    QUALIFY card_rank <= $limit
)
SELECT n.figure_id, n.theme, n.indicator, n.key_order, n.kind, n.region, n.org_unit, n.unit, n.is_higher_better,
       n.period_label, n.period_end_on, n.value, n.label, n.rank_total, n.bound, n.stage, n.doc_no, n.source_title,
       n.evidence, n.doubt_reason, n.derivation,
       p.figure_id AS previous_id, p.value AS previous_value, p.label AS previous_label, p.bound AS previous_bound,
       p.period_label AS previous_period, c.card_rank, c.card_total
FROM cards AS c
JOIN facts AS n ON n.time_order = c.latest_order
LEFT JOIN facts AS p ON p.time_order = c.previous_order
ORDER BY list_position($themes, n.theme), c.card_rank
