-- grain: one row per series (not ranks): its newest 现状/整改后/改革后 figure under the shared
--        filters; the $limit largest values (for themes without rates: "main counts at a glance").
-- params: $regions, $themes (VARCHAR[]), $year_from, $year_to (INTEGER), $limit (INTEGER)
-- used by: govdash/views.py (rates section fallback)
SELECT figure_id, series, theme, indicator, region, org_unit, unit, period_label, period_end_on, value, label,
       rank_total, qualifier, bound, stage, doc_no, source_title, published_on, evidence, note
FROM filtered_facts($regions, $themes, $year_from, $year_to)
WHERE unit <> '名' AND stage IN ('现状', '整改后', '改革后')
QUALIFY row_number() OVER (PARTITION BY series ORDER BY period_end_on DESC, figure_id DESC) = 1
ORDER BY value DESC, series
LIMIT $limit
