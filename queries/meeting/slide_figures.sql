-- grain: one row per figure of the regions on the agenda (empty list = every region); targets (目标) excluded,
--        since the meeting screen shows what was achieved.
-- params: $regions (VARCHAR[]) the agenda's regions
-- used by: govdash/meeting.py (会议大屏: overview, headline, ranking and before/after slides)
SELECT
    figure_id, doc_no, source_title, published_on, region, org_unit, theme, indicator, kind,
    is_higher_better, period_label, period_end_on, value, unit, rank_total, qualifier, bound, stage, evidence
FROM facts
WHERE (len($regions) = 0 OR list_contains($regions, region))
  AND stage <> '目标'
ORDER BY theme, indicator, region, org_unit NULLS FIRST, period_end_on, figure_id
