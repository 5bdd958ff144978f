-- grain: one row per source document with its metadata.
-- params: none
-- used by: pages/desk/sources.py (数据来源)
SELECT source_file, doc_no, title, issuer, doc_type, region, published_on, url_note, sha256, char_count,
       added_by, added_at, published_by, published_at
FROM sources
ORDER BY doc_no
