-- grain: one row per figure of a unit (org_unit) in an indicator that at least three units of the same
--        document report for the same period, keeping only units that appear in three or more such
--        indicators (so totals such as 「6家参评窗口单位」 are left out).
-- params: $regions (VARCHAR[]) the agenda's regions (empty list = every region)
-- used by: govdash/meeting.py (会议大屏: window-unit comparison slide)
WITH unit_figures AS (
    SELECT *
    FROM facts
    WHERE org_unit IS NOT NULL
      AND stage <> '目标'
      AND (len($regions) = 0 OR list_contains($regions, region))
),
compared AS (
    SELECT doc_no, indicator, period_label
    FROM unit_figures
    GROUP BY ALL
    HAVING count(DISTINCT org_unit) >= 3
),
units AS (
    SELECT f.doc_no, f.org_unit
    FROM unit_figures AS f
    JOIN compared AS c USING (doc_no, indicator, period_label)
    GROUP BY ALL
    HAVING count(DISTINCT f.indicator) >= 3
)
SELECT
    f.figure_id, f.doc_no, f.doc_type, f.source_title, f.published_on, f.region, f.org_unit, f.theme, f.indicator,
    f.definition, f.kind, f.is_higher_better, f.period_label, f.period_end_on, f.value, f.unit,
    f.rank_total, f.qualifier, f.bound, f.stage, f.evidence
FROM unit_figures AS f
JOIN compared AS c USING (doc_no, indicator, period_label)
JOIN units AS u USING (doc_no, org_unit)
ORDER BY f.doc_no, f.unit, f.indicator, f.org_unit
