-- grain: one row per graded report: a document, region and year in which at least two org_units
--        (window units) were graded with 民主评议等次. A newly curated report appears by itself.
-- params: $regions (VARCHAR[]) regions (empty = all), $year_from, $year_to (INTEGER) year range
-- used by: govdash/evaluation/reports.py (窗口单位评议; the units a new round starts from)
SELECT
    doc_no || '-' || region || '-' || year AS report_id,
    source_file,
    doc_no,
    source_title,
    published_on,
    region,
    year,
    count(DISTINCT org_unit) AS unit_count
FROM facts
WHERE indicator = '民主评议等次'
  AND org_unit IS NOT NULL
  AND (len($regions) = 0 OR list_contains($regions, region))
  AND year BETWEEN $year_from AND $year_to
GROUP BY ALL
HAVING count(DISTINCT org_unit) >= 2
ORDER BY year DESC, region, doc_no
