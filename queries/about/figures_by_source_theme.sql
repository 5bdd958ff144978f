-- grain: one row per source document x theme: how many figures the document contributes, for the
--        $limit documents with most figures (then first by number); doc_total = all documents.
-- params: $limit (INTEGER)
-- used by: pages/desk/about.py (数据概况)
WITH top AS (
    SELECT source_file, figure_count
    FROM source_stats
    ORDER BY figure_count DESC, source_file
    LIMIT $limit
)
SELECT
    f.doc_no,
    any_value(f.source_title)                AS source_title,
    any_value(f.source_region)               AS source_region,
    f.theme,
    count(*)                                 AS figure_count,
    (SELECT count(*) FROM sources)           AS doc_total
FROM facts AS f
JOIN top USING (source_file)
GROUP BY f.doc_no, f.theme
ORDER BY f.doc_no, figure_count DESC
