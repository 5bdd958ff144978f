-- grain: one row per series with a before and an after figure (analysis.before_after_pairs) under the
--        filters: per theme the $limit most important changes each way (comparable, not minor, larger
--        first; incomparable ones last, with their reason); pair_count = all pairs of the theme.
-- params: $regions, $themes (VARCHAR[]), $year_from, $year_to, $limit (INTEGER), $hide_doubtful (BOOLEAN),
--         $use_precomputed (BOOLEAN: every year, nothing hidden: series_pairs and pair_figures answer)
-- used by: govdash/desk/theme_page.py (before/after section, headline deltas), pages/desk/overview.py; govdash/exports/briefing.py (简报：可比的整改前后变化)
WITH p AS (  -- pre-computed at build when nothing is cut off; otherwise worked out for the filters
    SELECT * FROM series_pairs
    WHERE $use_precomputed
      AND (len($regions) = 0 OR list_contains($regions, region))
      AND (len($themes) = 0 OR list_contains($themes, theme))
    UNION ALL
    SELECT * FROM pair_candidates($regions, $themes, $year_from, $year_to, $hide_doubtful)
    WHERE NOT $use_precomputed
), top AS (
    SELECT *, count(*) OVER (PARTITION BY theme) AS pair_count
    FROM p
    QUALIFY row_number() OVER (PARTITION BY theme ORDER BY NOT is_comparable, is_minor, abs(improvement) DESC NULLS LAST, series_id) <= $limit
         OR row_number() OVER (PARTITION BY theme, improvement > 0
                               ORDER BY NOT is_comparable, is_minor, abs(improvement) DESC NULLS LAST, series_id) <= $limit
), figs AS (  -- the chosen pairs' figures, in one pass (integers compared; see pair_candidates)
    SELECT * FROM pair_figures
    WHERE $use_precomputed AND time_order IN (SELECT unnest([before_order, after_order]) FROM top)
    UNION ALL
    SELECT * FROM facts
    WHERE NOT $use_precomputed AND time_order IN (SELECT unnest([before_order, after_order]) FROM top)
)
SELECT
    b.series, b.theme, b.indicator, b.region, b.org_unit, b.unit, b.kind, a.rank_total, b.is_higher_better,
    b.value AS before_value, b.period_label AS before_period, b.stage AS before_stage, b.figure_id AS before_id,
    b.evidence AS before_evidence, b.bound AS before_bound, b.label AS before_label,
    a.value AS after_value, a.period_label AS after_period, a.stage AS after_stage, a.figure_id AS after_id,
    a.evidence AS after_evidence, a.bound AS after_bound, a.label AS after_label,
    b.doc_no, top.change, top.improvement, top.is_comparable, top.incomparable_reason, top.is_minor,
    b.derivation AS before_derivation, a.derivation AS after_derivation,
    b.doubt_reason AS before_doubt, a.doubt_reason AS after_doubt,
    top.pair_count, top.before_order, top.after_order
FROM top
JOIN figs AS b ON b.time_order = top.before_order
JOIN figs AS a ON a.time_order = top.after_order
ORDER BY b.theme, NOT top.is_comparable, top.is_minor, abs(top.improvement) DESC NULLS LAST, top.series_id
