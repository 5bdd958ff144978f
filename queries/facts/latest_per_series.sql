-- grain: one row per series (indicator x region x unit): its newest 现状/整改后/改革后 figure under
--        the shared filters, with figure_count = the series' figures; the $limit series per theme
--        with most figures (then newest) are returned.
-- params: $regions, $themes (VARCHAR[]), $year_from, $year_to (INTEGER), $limit (INTEGER)
-- used by: govdash/views.py (headline cards)
WITH s AS (
    SELECT series_id, any_value(theme) AS theme, count(*) AS figure_count,
           arg_max(figure_id, (period_end_on, figure_id)) FILTER (WHERE stage IN ('现状', '整改后', '改革后')) AS latest_id,
           max(period_end_on) FILTER (WHERE stage IN ('现状', '整改后', '改革后')) AS latest_on
    FROM filtered_facts($regions, $themes, $year_from, $year_to)
    GROUP BY series_id
), top AS (
    SELECT * FROM s
    WHERE latest_id IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY theme ORDER BY figure_count DESC, latest_on DESC, series_id) <= $limit
)
SELECT f.figure_id, f.series, f.theme, f.indicator, f.region, f.org_unit, f.unit, f.period_label, f.period_end_on,
       f.value, f.label, f.rank_total, f.bound, f.stage, f.doc_no, f.evidence, top.figure_count
FROM top JOIN facts AS f ON f.figure_id = top.latest_id
ORDER BY f.theme, top.figure_count DESC, f.period_end_on DESC, top.series_id
