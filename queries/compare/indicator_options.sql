-- grain: one row per indicator and unit that has figures, with how many figures, regions and documents
--        it covers (pre-computed at build: queries/build/04_facts_tables.sql).
-- params: none
-- used by: pages/desk/compare.py (地区对比)
SELECT indicator, theme, unit, definition, figure_count, region_count, doc_count
FROM indicator_options
ORDER BY region_count DESC, figure_count DESC, indicator
