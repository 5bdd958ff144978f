-- grain: one row per complaint-handling figure of a named unit (投诉件数, 投诉回复数, 投诉按时回复数,
--        投诉未回复数, 超期办件数) under the region and year filters (any theme); at most the $limit
--        units with most complaints; unit_total = how many units have such figures.
-- params: $regions (VARCHAR[]), $year_from, $year_to (INTEGER), $limit (INTEGER)
-- used by: pages/desk/complaints.py
WITH h AS (
    SELECT * FROM filtered_facts($regions, [], $year_from, $year_to)
    WHERE indicator IN ('投诉件数', '投诉回复数', '投诉按时回复数', '投诉未回复数', '超期办件数')
      AND org_unit IS NOT NULL
), units AS (
    SELECT region, org_unit, sum(value) FILTER (WHERE indicator = '投诉件数') AS received,
           row_number() OVER (ORDER BY sum(value) FILTER (WHERE indicator = '投诉件数') DESC NULLS LAST, region, org_unit) AS unit_rank,
           count(*) OVER () AS unit_total
    FROM h GROUP BY region, org_unit
)
SELECT h.figure_id, h.series, h.theme, h.indicator, h.region, h.org_unit, h.unit, h.period_label, h.period_end_on,
       h.value, h.label, h.rank_total, h.qualifier, h.bound, h.stage, h.doc_no, h.source_title, h.published_on,
       h.evidence, h.note, u.unit_total
FROM h JOIN units AS u USING (region, org_unit)
WHERE u.unit_rank <= $limit
ORDER BY u.unit_rank, h.indicator
