-- grain: one row per source document x theme: how many figures the document contributes.
-- params: none
-- used by: pages/home.py (首页)
SELECT
    doc_no,
    source_title,
    source_region,
    theme,
    count(*) AS figure_count
FROM facts
GROUP BY ALL
ORDER BY doc_no, figure_count DESC
