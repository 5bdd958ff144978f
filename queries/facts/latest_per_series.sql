-- grain: one row per series (indicator x region x unit): its newest 现状/整改后/改革后 figure under
--        the shared filters, with figure_count = the series' figures; the $limit series per theme
--        with most figures (then newest) are returned.
-- params: $regions, $themes (VARCHAR[]), $year_from, $year_to (INTEGER), $limit (INTEGER)
-- used by: govdash/views.py (headline cards), pages/overview.py (theme cards)
WITH f AS (
    SELECT *, count(*) OVER (PARTITION BY series) AS figure_count
    FROM filtered_facts($regions, $themes, $year_from, $year_to)
), latest AS (
    SELECT * FROM f
    WHERE stage IN ('现状', '整改后', '改革后')
    QUALIFY row_number() OVER (PARTITION BY series ORDER BY period_end_on DESC, figure_id DESC) = 1
)
SELECT figure_id, series, theme, indicator, region, org_unit, unit, period_label, period_end_on, value, label,
       rank_total, bound, stage, doc_no, evidence, figure_count
FROM latest
QUALIFY row_number() OVER (PARTITION BY theme ORDER BY figure_count DESC, period_end_on DESC, series) <= $limit
ORDER BY theme, figure_count DESC, period_end_on DESC, series
