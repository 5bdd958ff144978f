-- grain: one row per series where the selected regions are behind: the $limit lowest current rates
--        (%, higher is better) and the $limit ranks that fell most against the newest earlier
--        comparable rank (what = 'low_rate' or 'falling_rank'), with the earlier figure for ranks.
-- params: $regions, $themes (VARCHAR[]), $year_from, $year_to, $limit (INTEGER), $hide_doubtful (BOOLEAN)
-- used by: pages/desk/overview.py (落后之处)
WITH s AS (
    SELECT * FROM latest_with_previous($regions, $themes, $year_from, $year_to, $hide_doubtful, ['rate', 'rank'], false)
), rates AS (
    SELECT 'low_rate' AS what, s.latest_order, NULL::INTEGER AS previous_order, n.value AS sort_key
    FROM s JOIN facts AS n ON n.time_order = s.latest_order
    WHERE n.unit = '%' AND n.is_higher_better AND n.bound = 'exact'
    ORDER BY n.value, n.series_id
    LIMIT $limit
), ranks AS (
    SELECT 'falling_rank' AS what, s.latest_order, s.previous_order, n.value - p.value AS sort_key
    FROM s
    JOIN facts AS n ON n.time_order = s.latest_order
    JOIN facts AS p ON p.time_order = s.previous_order
    WHERE n.unit = '名' AND n.bound = 'exact' AND p.bound = 'exact' AND n.value > p.value
    ORDER BY n.value - p.value DESC, n.series_id
    LIMIT $limit
), behind AS (
    SELECT * FROM rates UNION ALL SELECT * FROM ranks
)
SELECT b.what, n.figure_id, n.series, n.theme, n.indicator, n.region, n.org_unit, n.unit, n.period_label, n.value,
       n.label, n.rank_total, n.doc_no, n.evidence, n.doubt_reason,
       p.figure_id AS previous_id, p.label AS previous_label, p.period_label AS previous_period, p.value AS previous_value
FROM behind AS b
JOIN facts AS n ON n.time_order = b.latest_order
LEFT JOIN facts AS p ON p.time_order = b.previous_order
ORDER BY b.what, CASE WHEN b.what = 'low_rate' THEN b.sort_key ELSE -b.sort_key END, n.series
