-- grain: one row per source document: number, title, issuer, date (the footnotes of the briefing name them).
-- params: none
-- used by: govdash/exports/briefing.py (脚注：文件、标题、发布机关、日期)
SELECT doc_no, source_file, title, issuer, doc_type, region, published_on
FROM sources
ORDER BY doc_no
