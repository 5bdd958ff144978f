-- grain: one row per figure of a series with at least 3 figures (stages 现状/整改前/整改后, not
--        ranks) under the shared filters; at most $series_limit series per indicator (most figures
--        first) and $indicator_limit indicators (most such series first) are returned;
--        series_total = how many such series the indicator has in all.
-- params: $regions, $themes (VARCHAR[]), $year_from, $year_to (INTEGER), $series_limit, $indicator_limit (INTEGER)
-- used by: govdash/views.py (trend section of the theme pages)
WITH f AS (
    SELECT * FROM filtered_facts($regions, $themes, $year_from, $year_to)
    WHERE stage IN ('现状', '整改前', '整改后') AND unit <> '名'
), series AS (
    SELECT indicator, series_id, count(*) AS n, max(period_end_on) AS last_on
    FROM f GROUP BY ALL HAVING count(*) >= 3
), ranked AS (
    SELECT *,
           row_number() OVER (PARTITION BY indicator ORDER BY n DESC, last_on DESC, series_id) AS series_rank,
           count(*) OVER (PARTITION BY indicator) AS series_total
    FROM series
), indicators AS (
    SELECT indicator, any_value(series_total) AS series_total,
           row_number() OVER (ORDER BY any_value(series_total) DESC, indicator) AS indicator_rank
    FROM ranked GROUP BY indicator
)
SELECT f.figure_id, f.series, f.theme, f.indicator, f.region, f.org_unit, f.unit, f.period_label, f.period_end_on,
       f.value, f.label, f.rank_total, f.qualifier, f.bound, f.stage, f.doc_no, f.source_title, f.published_on,
       f.evidence, f.note, i.series_total
FROM f
JOIN ranked AS r USING (indicator, series_id)
JOIN indicators AS i USING (indicator)
WHERE r.series_rank <= $series_limit AND i.indicator_rank <= $indicator_limit
ORDER BY i.indicator_rank, f.indicator, f.series, f.period_end_on
