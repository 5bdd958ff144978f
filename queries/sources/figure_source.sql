-- grain: one row: the document a figure comes from (to open its sentence from a link).
-- params: $figure_id (VARCHAR)
-- used by: pages/desk/sources.py (数据来源)
SELECT source_file FROM figures WHERE figure_id = $figure_id
