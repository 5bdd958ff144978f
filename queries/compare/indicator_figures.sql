-- grain: one row per figure of one indicator, within the shared region and year filters.
-- params: $indicator (VARCHAR), $regions (VARCHAR[]), $year_from, $year_to (INTEGER), $hide_doubtful (BOOLEAN)
-- used by: pages/desk/compare.py (地区对比)
SELECT figure_id, doc_no, source_title, published_on, region, org_unit, theme, indicator, unit,
       period_label, period_grain, period_start_on, period_end_on, year, value, label, rank_total,
       qualifier, bound, stage, evidence, note, doubt_reason, derivation, is_doubtful, is_derived
FROM facts
WHERE indicator = $indicator
  AND (len($regions) = 0 OR list_contains($regions, region))
  AND year BETWEEN $year_from AND $year_to
  AND NOT ($hide_doubtful AND is_doubtful)
ORDER BY region, period_end_on, stage
