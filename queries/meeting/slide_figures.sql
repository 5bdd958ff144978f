-- grain: one row per figure (targets 目标 excluded) of the series a meeting slide can show
-- params: $regions (VARCHAR[]) the agenda's regions (empty list = every region); $series_limit,
--         $rank_limit, $pair_limit (INTEGER)
-- used by: govdash/meeting/screen.py (会议大屏: overview, headline, ranking and before/after slides); govdash/exports/meeting_pack.py (会议材料 PPTX/PDF)
-- So the screen never loads the whole warehouse: per theme the $series_limit series with most
-- figures (headline cards, ordered as govdash/meeting/slides.headline_figures does), the $rank_limit
-- ranking series with most ranks (ranking board), and the series of the $pair_limit largest
-- before/after changes, ties included (before/after slide). Series are chosen from the build's
-- series_stats and series_pairs tables and come whole, so the slide builders give the same
-- answer as on all figures (checked by tests/data/test_slides.py).
WITH s AS (  -- one row per series (a series has one region, so the region filter applies to it whole)
    SELECT * FROM series_stats
    WHERE (len($regions) = 0 OR list_contains($regions, region))
), headline AS (  -- per theme: most figures, then newest, then first by name
    SELECT unnest(arg_max(series_id, (achieved_count, latest_on, -series_id), $series_limit)) AS series_id
    FROM s WHERE latest_id IS NOT NULL
    GROUP BY theme
), ranking AS (
    SELECT series_id FROM s
    WHERE rank_count > 0
    ORDER BY rank_count DESC, last_rank_on DESC, series_id
    LIMIT $rank_limit
), pairs AS (  -- comparable changes only, minor ones (small counts) after the others (analysis.largest_changes)
    SELECT series_id FROM series_pairs
    WHERE (len($regions) = 0 OR list_contains($regions, region))
      AND is_comparable AND improvement IS NOT NULL AND improvement <> 0
    QUALIFY rank() OVER (ORDER BY is_minor, abs(improvement) DESC) <= $pair_limit
), chosen AS (
    SELECT series_id FROM headline UNION SELECT series_id FROM ranking UNION SELECT series_id FROM pairs
)
SELECT
    figure_id, series_id, doc_no, source_title, published_on, region, org_unit, theme, indicator, kind,
    is_higher_better, period_label, period_grain, period_days, is_year_to_date, period_end_on, value, unit, label,
    rank_total, qualifier, bound, stage, evidence, is_doubtful, doubt_reason, derivation
FROM facts
WHERE series_id IN (SELECT series_id FROM chosen)
  AND (len($regions) = 0 OR list_contains($regions, region))
  AND stage <> '目标'
ORDER BY theme, indicator, region, org_unit NULLS FIRST, period_end_on, figure_id
