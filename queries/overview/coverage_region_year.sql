-- grain: one row per region and year under the shared filters: how many figures and from which
--        documents; only the $limit regions with most figures (region_total = regions in all).
-- params: $regions (VARCHAR[]), $themes (VARCHAR[]), $year_from, $year_to (INTEGER), $limit (INTEGER), $hide_doubtful (BOOLEAN: leave 存疑 figures out)
-- used by: pages/desk/overview.py (coverage grid)
WITH c AS (
    SELECT region, year, count(*) AS figure_count, string_agg(DISTINCT doc_no, '、' ORDER BY doc_no) AS docs
    FROM filtered_facts($regions, $themes, $year_from, $year_to, $hide_doubtful)
    GROUP BY ALL
), r AS (
    SELECT region, row_number() OVER (ORDER BY sum(figure_count) DESC, region) AS region_rank,
           count(*) OVER () AS region_total
    FROM c GROUP BY region
)
SELECT c.region, c.year, c.figure_count, c.docs, r.region_total
FROM c JOIN r USING (region)
WHERE r.region_rank <= $limit
ORDER BY c.region, c.year
