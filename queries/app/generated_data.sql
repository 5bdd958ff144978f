-- grain: one row: how much of the warehouse is generated benchmark data (tools/scale.py)
-- params: none
-- used by: app.py (a warning banner on every page of a generated warehouse)
SELECT
    count(*) FILTER (WHERE doc_type = '生成数据')                     AS generated_sources,
    (SELECT count(*) FROM figures WHERE figure_id LIKE 'G____-%')     AS generated_figures
FROM sources
