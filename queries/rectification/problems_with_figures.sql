-- grain: one row per inspection problem, with how many figures are tied to it.
-- params: $regions (VARCHAR[]) regions of the documents (empty = all)
-- used by: pages/rectification.py (整改台账)
SELECT
    p.problem_id, s.doc_no, s.title AS source_title, s.region AS source_region, s.published_on,
    p.problem_no, p.category, p.title, p.status, p.evidence, p.note,
    count(f.figure_id) AS figure_count
FROM problems AS p
JOIN sources AS s USING (source_file)
LEFT JOIN figures AS f ON f.problem_id = p.problem_id
WHERE len($regions) = 0 OR list_contains($regions, s.region)
GROUP BY ALL
ORDER BY s.doc_no, p.problem_no
