-- grain: one row per figure matching the shared filters (empty list = no restriction).
-- params: $regions (VARCHAR[]) regions, $themes (VARCHAR[]) themes,
--         $year_from, $year_to (INTEGER) inclusive year range of period_end_on
-- used by: govdash/views.py (theme pages, 总览, 排名, 投诉与热线, 地区对比)
SELECT
    figure_id, doc_no, source_file, source_title, published_on, source_region,
    region, city, province, org_unit, theme, indicator, kind, is_higher_better, definition,
    period_label, period_grain, period_start_on, period_end_on, year,
    value, unit, rank_total, qualifier, bound, is_bound, stage,
    evidence, sentence, note, problem_id
FROM facts
WHERE (len($regions) = 0 OR list_contains($regions, region))
  AND (len($themes) = 0 OR list_contains($themes, theme))
  AND year BETWEEN $year_from AND $year_to
ORDER BY theme, indicator, region, org_unit NULLS FIRST, period_end_on, stage
