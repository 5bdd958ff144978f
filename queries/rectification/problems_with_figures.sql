-- grain: one row per inspection problem of the rectification reports, with how many figures are
--        tied to it; filtered by the region of the report; the first $limit in document order,
--        problem_total = how many match in all.
-- params: $regions (VARCHAR[]) regions of the reports (empty = all), $limit (INTEGER)
-- used by: pages/desk/rectification.py
SELECT
    p.problem_id, s.doc_no, s.title AS source_title, s.region AS source_region, s.published_on,
    p.problem_no, p.category, p.title, p.status, p.evidence, p.note,
    (SELECT count(*) FROM figures AS f WHERE f.problem_id = p.problem_id) AS figure_count,
    count(*) OVER () AS problem_total
FROM problems AS p
JOIN sources AS s USING (source_file)
WHERE len($regions) = 0 OR list_contains($regions, s.region)
ORDER BY s.doc_no, p.problem_no
LIMIT $limit
