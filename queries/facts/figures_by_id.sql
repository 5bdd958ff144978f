-- grain: one row per listed figure (the figures behind one chart, for its table and source note)
-- params: $figure_ids (VARCHAR[])
-- used by: govdash/views.py (before/after charts)
SELECT
    figure_id, doc_no, source_title, published_on, region, org_unit, series, theme, indicator, kind,
    period_label, period_end_on, value, unit, label, rank_total, qualifier, bound, stage, evidence, note
FROM facts
WHERE list_contains($figure_ids, figure_id)
ORDER BY theme, indicator, region, org_unit NULLS FIRST, period_end_on, stage
