-- grain: one row per figure of a window unit compared side by side with others (the build's
--        unit_comparison table: an indicator at least three units of one document report for the
--        same period, units in three or more such indicators), of the agenda's regions; only the
--        document with most such figures (the first by number on a tie), the one the slide shows.
-- params: $regions (VARCHAR[]) the agenda's regions (empty list = every region)
-- used by: govdash/meeting/screen.py (会议大屏: window-unit comparison slide); govdash/exports/meeting_pack.py (会议材料)
WITH w AS (
    SELECT * FROM unit_comparison
    WHERE (len($regions) = 0 OR list_contains($regions, region))
), chosen AS (
    SELECT doc_no FROM w
    GROUP BY doc_no
    ORDER BY count(*) DESC, doc_no
    LIMIT 1
)
SELECT *
FROM w
WHERE doc_no = (SELECT doc_no FROM chosen)
ORDER BY doc_no, unit, indicator, org_unit
