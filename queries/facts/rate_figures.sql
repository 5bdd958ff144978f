-- grain: one row per rate figure (unit %, kind rate) under the shared filters: the last $limit in
--        series-then-period order (so whole series stay together); total_count = all of them.
-- params: $regions, $themes (VARCHAR[]), $year_from, $year_to (INTEGER), $limit (INTEGER), $hide_doubtful (BOOLEAN: leave 存疑 figures out)
-- used by: govdash/desk/theme_page.py (rates at a glance on the theme pages)
SELECT * FROM (
    SELECT figure_id, series, theme, indicator, region, org_unit, unit, period_label, period_end_on, value, label,
           rank_total, qualifier, bound, stage, doc_no, source_title, published_on, evidence, note, doubt_reason, derivation, is_doubtful, is_derived,
           count(*) OVER () AS total_count
    FROM filtered_facts($regions, $themes, $year_from, $year_to, $hide_doubtful)
    WHERE unit = '%' AND kind = 'rate'
    ORDER BY series DESC, period_end_on DESC, figure_id DESC
    LIMIT $limit
)
ORDER BY series, period_end_on, figure_id
