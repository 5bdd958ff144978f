-- grain: one row per rectification report (a document with inspection problems) of the regions: how many
--        problems it lists and how many have each status, with the first problem's evidence to quote.
-- params: $regions (VARCHAR[]) regions of the reports (empty = all)
-- used by: govdash/exports/briefing.py (简报：巡察整改：问题 N 个，已整改 M 个)
SELECT s.doc_no, s.title AS source_title, s.issuer AS source_issuer, s.region AS source_region, s.published_on,
       count(*) AS problem_count,
       count(*) FILTER (WHERE p.status = '已完成') AS done_count,
       count(*) FILTER (WHERE p.status = '基本完成') AS mostly_done_count,
       count(*) FILTER (WHERE p.status = '持续推进') AS ongoing_count,
       count(*) FILTER (WHERE p.status = '未说明') AS unstated_count,
       arg_min(p.evidence, p.problem_no) AS first_evidence,
       arg_max(p.evidence, p.problem_no) AS last_evidence
FROM problems AS p
JOIN sources AS s USING (source_file)
WHERE len($regions) = 0 OR list_contains($regions, s.region)
GROUP BY ALL
ORDER BY s.doc_no
