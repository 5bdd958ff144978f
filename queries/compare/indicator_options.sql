-- grain: one row per indicator that has figures, with how many regions and periods it covers.
-- params: none
-- used by: pages/compare.py (地区对比)
SELECT indicator, theme, unit, any_value(definition) AS definition,
       count(*) AS figure_count, count(DISTINCT region) AS region_count, count(DISTINCT doc_no) AS doc_count
FROM facts
GROUP BY indicator, theme, unit
ORDER BY region_count DESC, figure_count DESC, indicator
