-- grain: one row per figure tied to an inspection problem.
-- params: $regions (VARCHAR[]) regions of the documents (empty = all)
-- used by: pages/rectification.py (整改台账)
SELECT f.problem_id, f.figure_id, f.doc_no, f.indicator, f.region, f.org_unit, f.period_label,
       f.period_end_on, f.value, f.unit, f.rank_total, f.qualifier, f.bound, f.stage, f.evidence, f.note
FROM facts AS f
WHERE f.problem_id IS NOT NULL
  AND (len($regions) = 0 OR list_contains($regions, f.source_region))
ORDER BY f.problem_id, f.indicator, f.period_end_on
