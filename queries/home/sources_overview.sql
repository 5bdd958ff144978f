-- grain: one row per source document with its metadata and figure counts.
-- params: none
-- used by: pages/home.py (首页)
SELECT
    s.doc_no,
    s.title,
    s.issuer,
    s.doc_type,
    s.region,
    s.published_on,
    count(f.figure_id)                          AS figure_count,
    count(DISTINCT f.indicator)                 AS indicator_count,
    (SELECT count(*) FROM problems AS p WHERE p.source_file = s.source_file) AS problem_count,
    min(f.period_start_on)                      AS first_period_on,
    max(f.period_end_on)                        AS last_period_on
FROM sources AS s
LEFT JOIN figures AS f USING (source_file)
GROUP BY ALL
ORDER BY s.doc_no
