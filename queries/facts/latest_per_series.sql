-- grain: one row per series (indicator x region x unit): its newest 现状/整改后/改革后 figure under the
--        filters, figure_count = the series' figures; per theme the $limit series with most figures.
-- params: $regions, $themes (VARCHAR[]), $year_from, $year_to, $limit (INTEGER), $hide_doubtful (BOOLEAN:
--         leave 存疑 figures out), $use_precomputed (BOOLEAN: every year, nothing hidden: series_stats answers)
-- used by: govdash/desk/theme_page.py (headline cards)
WITH s AS (
    SELECT * FROM series_stats_for($regions, $themes, $year_from, $year_to, $hide_doubtful, $use_precomputed)
    WHERE latest_id IS NOT NULL
), top AS (  -- top $limit per theme without sorting every series
    SELECT unnest(arg_max(series_id, (figure_count, latest_on, -series_id), $limit)) AS series_id
    FROM s GROUP BY theme
)
SELECT f.figure_id, f.series, f.theme, f.indicator, f.region, f.org_unit, f.unit, f.period_label, f.period_end_on,
       f.value, f.label, f.rank_total, f.bound, f.stage, f.doc_no, f.evidence, f.doubt_reason, s.figure_count
FROM top
JOIN s USING (series_id)
JOIN facts AS f ON f.figure_id = s.latest_id
ORDER BY f.theme, s.figure_count DESC, f.period_end_on DESC, s.series_id
