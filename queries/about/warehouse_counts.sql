-- grain: one row: how much the warehouse holds (when it was built: about/current_build).
-- params: none
-- used by: pages/desk/about.py (数据概况)
SELECT
    (SELECT count(*) FROM sources)                       AS source_count,
    (SELECT count(DISTINCT region) FROM facts)           AS region_count,
    (SELECT count(DISTINCT indicator) FROM facts)        AS indicator_count,
    (SELECT count(*) FROM facts)                         AS figure_count,
    (SELECT count(*) FROM problems)                      AS problem_count,
    (SELECT count(*) FROM facts WHERE note IS NOT NULL)  AS interpreted_count
