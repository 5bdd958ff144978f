-- grain: one row per region that has figures, with its level, city and province, and the year span of the warehouse.
-- params: none
-- used by: govdash/desk/filters.py (shared filters on every page); govdash/exports/data.py (导出：地区与年份的校验)
SELECT
    r.region,
    r.level,
    r.city,
    r.province,
    count(f.figure_id)                            AS figure_count,
    (SELECT min(year) FROM facts)                 AS first_year,
    (SELECT max(year) FROM facts)                 AS last_year
FROM regions AS r
JOIN facts AS f USING (region)
GROUP BY ALL
ORDER BY r.province, r.city NULLS FIRST, r.level, r.region
