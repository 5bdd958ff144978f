-- grain: one row per complaint-handling figure ($indicators, received first) of a named unit, not a
--        group of units, under the filters; the $limit units with most complaints; unit_total = all.
-- params: $indicators (VARCHAR[]: evaluation/window_units.COMPLAINT_INDICATORS), $regions (VARCHAR[]),
--         $year_from, $year_to, $limit (INTEGER), $hide_doubtful (BOOLEAN: leave 存疑 figures out)
-- used by: pages/desk/complaints.py
WITH h AS (
    SELECT * FROM filtered_facts($regions, [], $year_from, $year_to, $hide_doubtful)
    WHERE list_contains($indicators, indicator)
      AND org_unit IS NOT NULL AND NOT is_group_unit
), units AS (
    SELECT region, org_unit, sum(value) FILTER (WHERE indicator = $indicators[1]) AS received,
           row_number() OVER (ORDER BY sum(value) FILTER (WHERE indicator = $indicators[1]) DESC NULLS LAST, region, org_unit) AS unit_rank,
           count(*) OVER () AS unit_total
    FROM h GROUP BY region, org_unit
)
SELECT h.figure_id, h.series, h.theme, h.indicator, h.region, h.org_unit, h.unit, h.period_label, h.period_end_on,
       h.value, h.label, h.rank_total, h.qualifier, h.bound, h.stage, h.doc_no, h.source_title, h.published_on,
       h.evidence, h.note, h.is_doubtful, h.doubt_reason, u.unit_total
FROM h JOIN units AS u USING (region, org_unit)
WHERE u.unit_rank <= $limit
ORDER BY u.unit_rank, list_position($indicators, h.indicator)
