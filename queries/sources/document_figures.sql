-- grain: one row per figure of one source document, with the offsets of its evidence.
-- params: $source_file (VARCHAR)
-- used by: pages/desk/sources.py (数据来源)
SELECT figure_id, theme, indicator, region, org_unit, period_label, value, unit, rank_total,
       qualifier, bound, stage, evidence, evidence_start, evidence_end, note, doubt_reason, derivation, is_doubtful, is_derived
FROM facts
WHERE source_file = $source_file
ORDER BY evidence_start, figure_id
