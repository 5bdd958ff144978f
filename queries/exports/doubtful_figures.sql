-- grain: one row per figure the curators doubt (存疑) under the filters: per theme in $themes the first
--        $limit in reading order; doubtful_total = how many the theme has.
-- params: $regions, $themes (VARCHAR[]), $year_from, $year_to, $limit (INTEGER), $hide_doubtful (BOOLEAN)
-- used by: govdash/exports/briefing.py (简报：存疑数据)
SELECT figure_id, theme, indicator, region, org_unit, period_label, label, doc_no, evidence, doubt_reason,
       count(*) OVER (PARTITION BY theme) AS doubtful_total
FROM filtered_facts($regions, $themes, $year_from, $year_to, $hide_doubtful)
WHERE is_doubtful
QUALIFY row_number() OVER (PARTITION BY theme ORDER BY indicator, region, org_unit NULLS FIRST, period_end_on, figure_id) <= $limit
ORDER BY list_position($themes, theme), indicator, region, org_unit NULLS FIRST, period_end_on, figure_id
