-- grain: one row per source document with its metadata and figure counts (counted at build:
--        source_stats in queries/build/04_facts_tables.sql); the first $limit by number.
-- params: $limit (INTEGER)
-- used by: pages/desk/about.py (数据概况)
WITH problem_stats AS (
    SELECT source_file, count(*) AS problem_count FROM problems GROUP BY source_file
)
SELECT
    s.doc_no,
    s.title,
    s.issuer,
    s.doc_type,
    s.region,
    s.published_on,
    coalesce(st.figure_count, 0)                AS figure_count,
    coalesce(st.indicator_count, 0)             AS indicator_count,
    coalesce(p.problem_count, 0)                AS problem_count,
    st.first_period_on,
    st.last_period_on
FROM sources AS s
LEFT JOIN source_stats AS st USING (source_file)
LEFT JOIN problem_stats AS p USING (source_file)
ORDER BY s.doc_no
LIMIT $limit
