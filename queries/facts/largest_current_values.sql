-- grain: one row per series (not ranks): its newest 现状/整改后/改革后 figure under the shared
--        filters; the $limit largest values (for themes without rates: "main counts at a glance").
-- params: $regions, $themes (VARCHAR[]), $year_from, $year_to, $limit (INTEGER), $hide_doubtful (BOOLEAN:
--         leave 存疑 figures out), $use_precomputed (BOOLEAN: every year, nothing hidden: series_stats answers)
-- used by: govdash/desk/theme_page.py (rates section fallback)
WITH s AS (
    SELECT series_id, value_id, latest_value
    FROM series_stats_for($regions, $themes, $year_from, $year_to, $hide_doubtful, $use_precomputed)
    WHERE value_id IS NOT NULL
    ORDER BY latest_value DESC, series_id
    LIMIT $limit
)
SELECT f.figure_id, f.series, f.theme, f.indicator, f.region, f.org_unit, f.unit, f.period_label, f.period_end_on,
       f.value, f.label, f.rank_total, f.qualifier, f.bound, f.stage, f.doc_no, f.source_title, f.published_on,
       f.evidence, f.note, f.doubt_reason, f.derivation, f.is_doubtful, f.is_derived
FROM s JOIN facts AS f ON f.figure_id = s.value_id
ORDER BY f.value DESC, s.series_id
