-- grain: one row per figure of a series with 3+ figures (现状/整改前/整改后, not ranks) under the filters
-- params: $regions, $themes (VARCHAR[]), $year_from, $year_to, $series_limit, $indicator_limit (INTEGER),
--         $hide_doubtful (BOOLEAN: leave 存疑 figures out), $use_precomputed (BOOLEAN: every year and nothing
--         hidden, so the build's series_stats table answers)
-- used by: govdash/desk/theme_page.py (trend section of the theme pages)
-- At most $series_limit series per indicator (most figures first) and $indicator_limit indicators
-- (most such series first); series_total = how many such series the indicator has in all.
WITH series AS (
    SELECT indicator, series_id, trend_count AS n, trend_last_on AS last_on
    FROM series_stats_for($regions, $themes, $year_from, $year_to, $hide_doubtful, $use_precomputed)
    WHERE trend_count >= 3
), indicators AS (
    SELECT indicator, count(*) AS series_total,
           row_number() OVER (ORDER BY count(*) DESC, indicator) AS indicator_rank
    FROM series GROUP BY indicator
    QUALIFY indicator_rank <= $indicator_limit
), chosen AS (  -- the indicator's $series_limit series with most figures, then newest, then first by name
    SELECT indicator, unnest(arg_max(series_id, (n, last_on, -series_id), $series_limit)) AS series_id
    FROM series WHERE indicator IN (SELECT indicator FROM indicators)
    GROUP BY indicator
)
SELECT f.figure_id, f.series, f.theme, f.indicator, f.kind, f.region, f.org_unit, f.unit, f.period_label,
       f.period_grain, f.is_year_to_date, f.period_end_on,
       f.value, f.label, f.rank_total, f.qualifier, f.bound, f.stage, f.doc_no, f.source_title, f.published_on,
       f.evidence, f.note, f.doubt_reason, f.derivation, i.series_total
FROM filtered_facts($regions, $themes, $year_from, $year_to, $hide_doubtful) AS f
JOIN chosen AS c USING (series_id)
JOIN indicators AS i ON i.indicator = c.indicator
WHERE f.stage IN ('现状', '整改前', '整改后') AND f.unit <> '名'
ORDER BY i.indicator_rank, f.indicator, f.series, f.period_end_on
