-- grain: one row per region x year x document: how many figures that document gives for that region and year.
-- params: $regions (VARCHAR[]), $themes (VARCHAR[]), $year_from, $year_to (INTEGER)
-- used by: pages/overview.py (总览: 覆盖情况)
SELECT region, year, doc_no, source_title, count(*) AS figure_count
FROM facts
WHERE (len($regions) = 0 OR list_contains($regions, region))
  AND (len($themes) = 0 OR list_contains($themes, theme))
  AND year BETWEEN $year_from AND $year_to
GROUP BY ALL
ORDER BY region, year, doc_no
