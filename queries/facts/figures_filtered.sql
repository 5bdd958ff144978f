-- grain: one row per figure matching the shared filters, the first $limit in reading order;
--        total_count is how many match in all (so a table can say "showing 500 of 67,000").
-- params: $regions (VARCHAR[]), $themes (VARCHAR[]) (empty = all), $year_from, $year_to (INTEGER)
--         inclusive year range of period_end_on, $hide_doubtful (BOOLEAN: leave 存疑 figures out),
--         $limit (INTEGER) rows to return at most
-- used by: govdash/desk/theme_page.py (figure tables and their CSV downloads on the theme pages, 排名)
SELECT
    figure_id, doc_no, source_title, published_on, region, org_unit, series, theme, indicator, kind,
    is_higher_better, period_label, period_grain, period_days, is_year_to_date, period_start_on, period_end_on, year,
    value, unit, label, rank_total, qualifier, bound, is_bound, stage, evidence, note, problem_id,
    is_doubtful, doubt_reason, is_derived, derivation,
    (SELECT count(*) FROM filtered_facts($regions, $themes, $year_from, $year_to, $hide_doubtful)) AS total_count
FROM filtered_facts($regions, $themes, $year_from, $year_to, $hide_doubtful)
ORDER BY theme, indicator, region, org_unit NULLS FIRST, period_end_on, stage
LIMIT $limit
