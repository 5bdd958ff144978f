-- grain: one row per report, problem category and status: how many inspection problems
-- params: $regions (VARCHAR[]) regions of the reports (empty = all)
-- used by: pages/desk/rectification.py (chart of problems by category and status)
SELECT s.doc_no, s.title AS source_title, s.region AS source_region, p.category, p.status, count(*) AS n
FROM problems AS p
JOIN sources AS s USING (source_file)
WHERE len($regions) = 0 OR list_contains($regions, s.region)
GROUP BY ALL
ORDER BY s.doc_no, p.category, p.status
