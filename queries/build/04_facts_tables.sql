-- grain: tables pre-computed from facts_view (03_facts_view.sql) so reads stay fast at any size
-- params: none
-- used by: govdash/warehouse/build.py; run again by govdash/scale.py after it adds generated figures (so every
--        statement here replaces what it creates); the read queries call its table macros
-- facts (one row per figure), series_stats (one row per series), series_pairs (one row per series
-- with a before/after pair) and pair_figures (their figures), indicator_options (one row per
-- indicator and unit), source_stats (one row per source document), unit_comparison (window-unit
-- figures compared side by side).

-- Materialised so reads do not redo the joins; sorted so the filters can skip whole row groups.
-- series_id numbers the series in name order, so grouping by series works on integers; time_order
-- numbers the figures by (period_end_on, figure_id), so "newest" is an integer comparison.
CREATE OR REPLACE TABLE facts AS
SELECT *, CAST(dense_rank() OVER (ORDER BY series) AS INTEGER) AS series_id,
       CAST(row_number() OVER (ORDER BY period_end_on, figure_id) AS INTEGER) AS time_order
FROM facts_view ORDER BY theme, region, period_end_on, figure_id;

-- The shared filters as one table macro, so every filtered read query applies them the same
-- way: FROM filtered_facts($regions, $themes, $year_from, $year_to). Empty list = no restriction.
CREATE OR REPLACE MACRO filtered_facts(regions, themes, year_from, year_to) AS TABLE
SELECT *
FROM facts
WHERE (len(regions) = 0 OR list_contains(regions, region))
  AND (len(themes) = 0 OR list_contains(themes, theme))
  AND year BETWEEN year_from AND year_to;

-- Per series (all figures that pass the filters): counts and newest figures for the headline
-- cards, trends, largest values and the meeting screen. Times are compared by time_order.
CREATE OR REPLACE MACRO series_stats_of(regions, themes, year_from, year_to) AS TABLE
SELECT
    series_id, any_value(series) AS series, any_value(theme) AS theme, any_value(region) AS region,
    any_value(indicator) AS indicator,
    count(*) AS figure_count,
    -- the state now: newest 现状/整改后/改革后 figure (headline cards)
    arg_max(figure_id, time_order) FILTER (WHERE stage IN ('现状', '整改后', '改革后')) AS latest_id,
    max(period_end_on) FILTER (WHERE stage IN ('现状', '整改后', '改革后')) AS latest_on,
    -- the same without ranks (largest values)
    arg_max(figure_id, time_order) FILTER (WHERE stage IN ('现状', '整改后', '改革后') AND unit <> '名') AS value_id,
    arg_max(value, time_order) FILTER (WHERE stage IN ('现状', '整改后', '改革后') AND unit <> '名') AS latest_value,
    -- trend lines: 现状/整改前/整改后 figures that are not ranks
    count(*) FILTER (WHERE stage IN ('现状', '整改前', '整改后') AND unit <> '名') AS trend_count,
    max(period_end_on) FILTER (WHERE stage IN ('现状', '整改前', '整改后') AND unit <> '名') AS trend_last_on,
    -- the meeting screen leaves targets out; its ranking board counts ranks
    count(*) FILTER (WHERE stage <> '目标') AS achieved_count,
    count(*) FILTER (WHERE unit = '名' AND stage <> '目标') AS rank_count,
    max(period_end_on) FILTER (WHERE unit = '名' AND stage <> '目标') AS last_rank_on
FROM filtered_facts(regions, themes, year_from, year_to)
GROUP BY series_id;

-- Per series over all years (see series_stats_of).
CREATE OR REPLACE TABLE series_stats AS
SELECT * FROM series_stats_of([], [], 0, 9999) ORDER BY theme, region, series_id;

-- The per-series figures for the filters: read from the build's series_stats table when the year
-- range cuts nothing off (a series has one region and one theme, so those filters apply to it
-- whole), worked out from the filtered figures otherwise.
CREATE OR REPLACE MACRO series_stats_for(regions, themes, year_from, year_to, all_years) AS TABLE
SELECT * FROM series_stats
WHERE all_years
  AND (len(regions) = 0 OR list_contains(regions, region))
  AND (len(themes) = 0 OR list_contains(themes, theme))
UNION ALL
SELECT * FROM series_stats_of(regions, themes, year_from, year_to)
WHERE NOT all_years;

-- Before/after pairs (rule: analysis.before_after_pairs, checked by tests/test_analysis.py), one
-- row per series with its two figures, change and improvement; read by
-- queries/facts/before_after_pairs.sql. A figure is named by its time_order (unique, an integer),
-- so picking the first/latest figure and fetching it compare integers, not figure_id strings.
CREATE OR REPLACE MACRO pair_candidates(regions, themes, year_from, year_to) AS TABLE
WITH f AS (
    SELECT series_id, theme, region, unit, is_higher_better, stage, period_end_on, time_order, figure_id, value
    FROM filtered_facts(regions, themes, year_from, year_to)
), s AS (  -- per series: the first before figure and the latest after-stage figure
    SELECT series_id, any_value(theme) AS theme, any_value(region) AS region, any_value(unit) AS unit,
           any_value(is_higher_better) AS better,
           min(time_order) FILTER (WHERE stage IN ('整改前', '改革前')) AS before_order,
           arg_min(value, time_order) FILTER (WHERE stage IN ('整改前', '改革前')) AS before_value,
           min(period_end_on) FILTER (WHERE stage IN ('整改前', '改革前')) AS before_on,
           max(time_order) FILTER (WHERE stage IN ('整改后', '改革后')) AS after_order,
           arg_max(value, time_order) FILTER (WHERE stage IN ('整改后', '改革后')) AS after_value
    FROM f GROUP BY series_id
    HAVING before_order IS NOT NULL
), current_after AS (  -- no after-stage figure: the latest 现状 figure dated after the before figure
    SELECT f.series_id, max(f.time_order) AS after_order,
           arg_max(f.value, f.time_order) AS after_value
    FROM f JOIN s USING (series_id)
    WHERE s.after_order IS NULL AND f.stage = '现状' AND f.period_end_on > s.before_on
    GROUP BY f.series_id
)
SELECT s.series_id, s.theme, s.region, s.before_order, coalesce(s.after_order, c.after_order) AS after_order,
       coalesce(s.after_value, c.after_value) - s.before_value AS change,
       CASE WHEN s.better IS NULL THEN NULL
            WHEN s.unit IN ('%', '名') THEN coalesce(s.after_value, c.after_value) - s.before_value
            WHEN s.before_value = 0 THEN NULL
            ELSE (coalesce(s.after_value, c.after_value) - s.before_value) / abs(s.before_value) * 100
       END * CASE WHEN s.better THEN 1 ELSE -1 END AS improvement
FROM s LEFT JOIN current_after AS c USING (series_id)
WHERE coalesce(s.after_order, c.after_order) IS NOT NULL;

-- Pre-computed for the whole warehouse: the pairs when no year filter cuts any off.
CREATE OR REPLACE TABLE series_pairs AS SELECT * FROM pair_candidates([], [], 0, 9999);

-- The two figures of each of those pairs, whole: the pages fetch a pair's figures from here, a
-- few percent of facts (at 1000x, 38,000 of 396,000 rows), instead of picking them out of facts.
CREATE OR REPLACE TABLE pair_figures AS
SELECT * FROM facts
WHERE time_order IN (SELECT unnest([before_order, after_order]) FROM series_pairs)
ORDER BY time_order;

-- The indicators 地区对比 offers, with how many figures, regions and documents each has.
CREATE OR REPLACE TABLE indicator_options AS
SELECT indicator, theme, unit, any_value(definition) AS definition,
       count(*) AS figure_count, count(DISTINCT region) AS region_count, count(DISTINCT doc_no) AS doc_count
FROM facts
GROUP BY indicator, theme, unit;

-- Per source document: figures, indicators, periods (数据概况).
CREATE OR REPLACE TABLE source_stats AS
SELECT source_file, count(*) AS figure_count, count(DISTINCT indicator) AS indicator_count,
       min(period_start_on) AS first_period_on, max(period_end_on) AS last_period_on
FROM facts
GROUP BY source_file;

-- Window units side by side (会议大屏): the figures of a unit (org_unit) in an indicator that at least
-- three units of the same document report for the same period, for units that appear in three or
-- more such indicators (so totals such as 「6家参评窗口单位」 are left out). Targets excluded.
CREATE OR REPLACE TABLE unit_comparison AS
WITH unit_figures AS (
    SELECT * FROM facts WHERE org_unit IS NOT NULL AND stage <> '目标'
), compared AS (
    SELECT doc_no, indicator, period_label
    FROM unit_figures
    GROUP BY ALL
    HAVING count(DISTINCT org_unit) >= 3
), units AS (
    SELECT f.doc_no, f.org_unit
    FROM unit_figures AS f
    JOIN compared AS c USING (doc_no, indicator, period_label)
    GROUP BY ALL
    HAVING count(DISTINCT f.indicator) >= 3
)
SELECT
    f.figure_id, f.doc_no, f.doc_type, f.source_title, f.published_on, f.region, f.org_unit, f.theme, f.indicator,
    f.definition, f.kind, f.is_higher_better, f.period_label, f.period_end_on, f.value, f.unit,
    f.rank_total, f.qualifier, f.bound, f.stage, f.evidence
FROM unit_figures AS f
JOIN compared AS c USING (doc_no, indicator, period_label)
JOIN units AS u USING (doc_no, org_unit)
ORDER BY f.doc_no, f.unit, f.indicator, f.org_unit;
