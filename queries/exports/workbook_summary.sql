-- grain: one row per theme under the shared filters: how many figures, from how many documents, and the
--        newest period end among them (targets 目标 left out: a plan is not data), for the workbook's 说明 sheet.
-- params: $regions, $themes (VARCHAR[]) (empty = all), $year_from, $year_to (INTEGER), $hide_doubtful (BOOLEAN)
-- used by: govdash/exports/workbook.py (说明：数据截至、各表条数)
SELECT theme, count(*) AS figure_count, count(DISTINCT doc_no) AS doc_count,
       max(period_end_on) FILTER (WHERE stage <> '目标') AS newest_end,
       list(DISTINCT doc_no) AS doc_nos
FROM filtered_facts($regions, $themes, $year_from, $year_to, $hide_doubtful)
GROUP BY theme
ORDER BY theme
