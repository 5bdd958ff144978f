-- grain: one row: the full text of one source document.
-- params: $source_file (VARCHAR)
-- used by: pages/desk/sources.py (数据来源)
SELECT body FROM source_texts WHERE source_file = $source_file
