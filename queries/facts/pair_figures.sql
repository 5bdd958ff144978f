-- grain: one row per listed figure: the before and after figures of the pairs on a chart (its
--        table and source note)
-- params: $figure_orders (INTEGER[]: before_order/after_order of facts/before_after_pairs),
--         $use_precomputed (BOOLEAN, as passed to facts/before_after_pairs: the build's pair_figures table
--         holds every figure an all-years pair can name)
-- used by: govdash/desk/theme_page.py (before/after charts)
WITH f AS (
    SELECT * FROM pair_figures WHERE $use_precomputed AND list_contains($figure_orders, time_order)
    UNION ALL
    SELECT * FROM facts WHERE NOT $use_precomputed AND list_contains($figure_orders, time_order)
)
SELECT
    figure_id, doc_no, source_title, published_on, region, org_unit, series, theme, indicator, kind,
    period_label, period_end_on, value, unit, label, rank_total, qualifier, bound, stage, evidence, note, doubt_reason, derivation, is_doubtful, is_derived
FROM f
ORDER BY theme, indicator, region, org_unit NULLS FIRST, period_end_on, stage
