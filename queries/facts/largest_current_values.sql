-- grain: one row per series (not ranks): its newest 现状/整改后/改革后 figure under the shared
--        filters; the $limit largest values (for themes without rates: "main counts at a glance").
-- params: $regions, $themes (VARCHAR[]), $year_from, $year_to (INTEGER), $limit (INTEGER)
-- used by: govdash/views.py (rates section fallback)
WITH s AS (
    SELECT series_id, arg_max(figure_id, (period_end_on, figure_id)) AS latest_id,
           arg_max(value, (period_end_on, figure_id)) AS latest_value
    FROM filtered_facts($regions, $themes, $year_from, $year_to)
    WHERE unit <> '名' AND stage IN ('现状', '整改后', '改革后')
    GROUP BY series_id
    ORDER BY latest_value DESC, series_id
    LIMIT $limit
)
SELECT f.figure_id, f.series, f.theme, f.indicator, f.region, f.org_unit, f.unit, f.period_label, f.period_end_on,
       f.value, f.label, f.rank_total, f.qualifier, f.bound, f.stage, f.doc_no, f.source_title, f.published_on,
       f.evidence, f.note
FROM s JOIN facts AS f ON f.figure_id = s.latest_id
ORDER BY f.value DESC, s.series_id
