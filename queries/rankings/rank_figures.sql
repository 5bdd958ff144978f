-- grain: one row per rank figure (unit 名) under the shared filters, with its series' figure
--        count and latest change (fall > 0 = lost places); per indicator, the $limit series that
--        fell most recently (then newest) among multi-period series, and the $limit single-period
--        ones; series_total = how many series of that kind the indicator has.
-- params: $regions, $themes (VARCHAR[]), $year_from, $year_to (INTEGER), $limit (INTEGER), $hide_doubtful (BOOLEAN: leave 存疑 figures out)
-- used by: pages/desk/rankings.py; govdash/exports/briefing.py (简报：排名语句)
WITH r AS (
    SELECT *, count(*) OVER (PARTITION BY series) AS series_figures,
           value - lag(value) OVER (PARTITION BY series ORDER BY period_end_on, figure_id) AS fall
    FROM filtered_facts($regions, $themes, $year_from, $year_to, $hide_doubtful)
    WHERE unit = '名'
), s AS (
    SELECT indicator, series, any_value(series_figures) AS series_figures,
           arg_max(fall, (period_end_on, figure_id)) AS last_fall, max(period_end_on) AS last_on
    FROM r GROUP BY ALL
), ranked AS (
    SELECT *,
           row_number() OVER (PARTITION BY indicator, series_figures >= 2
                              ORDER BY last_fall DESC NULLS LAST, last_on DESC, series) AS series_rank,
           count(*) OVER (PARTITION BY indicator, series_figures >= 2) AS series_total
    FROM s
)
SELECT r.figure_id, r.series, r.theme, r.indicator, r.region, r.org_unit, r.unit, r.period_label, r.period_end_on,
       r.value, r.label, r.rank_total, r.qualifier, r.bound, r.stage, r.doc_no, r.source_title, r.published_on,
       r.evidence, r.note, r.doubt_reason, r.derivation, r.is_doubtful, r.is_derived, r.series_figures, k.series_total
FROM r JOIN ranked AS k USING (indicator, series)
WHERE k.series_rank <= $limit
ORDER BY r.indicator, k.series_rank, r.period_end_on, r.figure_id
