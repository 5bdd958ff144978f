-- grain: one row per figure tied to one of the listed inspection problems.
-- params: $problem_ids (VARCHAR[]) the problems shown on the page
-- used by: pages/desk/rectification.py (整改台账)
SELECT f.problem_id, f.figure_id, f.doc_no, f.indicator, f.region, f.org_unit, f.period_label,
       f.period_end_on, f.value, f.unit, f.label, f.rank_total, f.qualifier, f.bound, f.stage, f.evidence, f.note, f.doubt_reason, f.derivation, f.is_doubtful, f.is_derived
FROM facts AS f
WHERE f.problem_id IS NOT NULL
  AND list_contains($problem_ids, f.problem_id)
ORDER BY f.problem_id, f.indicator, f.period_end_on
