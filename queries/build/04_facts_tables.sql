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
-- way: FROM filtered_facts($regions, $themes, $year_from, $year_to, $hide_doubtful). Empty list = no
-- restriction; hide_doubtful leaves out the figures whose note records doubt (存疑).
CREATE OR REPLACE MACRO filtered_facts(regions, themes, year_from, year_to, hide_doubtful) AS TABLE
SELECT *
FROM facts
WHERE (len(regions) = 0 OR list_contains(regions, region))
  AND (len(themes) = 0 OR list_contains(themes, theme))
  AND year BETWEEN year_from AND year_to
  AND NOT (hide_doubtful AND is_doubtful);

-- Per series (all figures that pass the filters): counts and newest figures for the headline
-- cards, trends, largest values and the meeting screen. Times are compared by time_order.
CREATE OR REPLACE MACRO series_stats_of(regions, themes, year_from, year_to, hide_doubtful) AS TABLE
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
FROM filtered_facts(regions, themes, year_from, year_to, hide_doubtful)
GROUP BY series_id;

-- Per series over all years (see series_stats_of).
CREATE OR REPLACE TABLE series_stats AS
SELECT * FROM series_stats_of([], [], 0, 9999, false) ORDER BY theme, region, series_id;

-- The per-series figures for the filters: read from the build's series_stats table when the year
-- range cuts nothing off and nothing is hidden (a series has one region and one theme, so those
-- filters apply to it whole), worked out from the filtered figures otherwise.
CREATE OR REPLACE MACRO series_stats_for(regions, themes, year_from, year_to, hide_doubtful, use_precomputed) AS TABLE
SELECT * FROM series_stats
WHERE use_precomputed
  AND (len(regions) = 0 OR list_contains(regions, region))
  AND (len(themes) = 0 OR list_contains(themes, theme))
UNION ALL
SELECT * FROM series_stats_of(regions, themes, year_from, year_to, hide_doubtful)
WHERE NOT use_precomputed;

-- How a period is named in a reason (docs/curation.md, 可比规则).
CREATE OR REPLACE MACRO period_word(grain, is_ytd) AS
CASE WHEN is_ytd THEN '年内累计数' ELSE CASE grain
    WHEN 'year' THEN '全年数' WHEN 'half' THEN '半年数' WHEN 'quarter' THEN '季度数' WHEN 'month' THEN '月度数'
    WHEN 'day' THEN '单日数' WHEN 'range' THEN '时段数' ELSE '累计数' END END;

-- Why two figures of one indicator, region and unit may not be read as a change; NULL when they may
-- (rule: analysis.incomparable_reason, checked against this by the tests). Counts and amounts compare
-- only over periods of the same kind and length: a flow over a period is not a stock at a moment, a
-- year so far is not a whole year, a half-year is not three years. Rates, scores, ratios and
-- durations compare across periods. A rank compares only when both totals are known (and shown).
CREATE OR REPLACE MACRO incomparable_reason(kind, a_grain, a_days, a_ytd, a_total, b_grain, b_days, b_ytd, b_total) AS
CASE
    WHEN kind IN ('count', 'money')
         AND (a_grain <> b_grain OR a_ytd <> b_ytd
              OR (a_grain = 'range' AND abs(a_days - b_days) > 0.1 * greatest(a_days, b_days)))
        THEN '口径不同：' || CASE WHEN period_word(a_grain, a_ytd) = period_word(b_grain, b_ytd)
                                 THEN '时段长短不同（' || a_days || ' 天与 ' || b_days || ' 天）的数'
                                 ELSE period_word(a_grain, a_ytd) || '与' || period_word(b_grain, b_ytd) END
             || '不可直接比较'
    WHEN kind = 'rank' AND (a_total IS NULL OR b_total IS NULL)
        THEN '参评总数原文未说明，名次变化不可直接比较'
    ELSE NULL
END;

-- A change of a small count (1 → 6 meetings) says little, however large in per cent: such pairs
-- rank after every rate, rank, score or larger count (analysis.MINOR_COUNT).
CREATE OR REPLACE MACRO is_minor_change(kind, before_value, after_value) AS
    kind = 'count' AND greatest(abs(before_value), abs(after_value)) < 10;

-- Before/after pairs (rule: analysis.before_after_pairs, checked by tests/data/test_analysis_sql.py),
-- one row per series with its two figures, whether they are comparable, change and improvement
-- (NULL when they are not comparable); read by queries/facts/before_after_pairs.sql. A figure is
-- named by its time_order (unique, an integer), so picking the first/latest figure and fetching it
-- compare integers, not figure_id strings.
CREATE OR REPLACE MACRO pair_candidates(regions, themes, year_from, year_to, hide_doubtful) AS TABLE
WITH f AS (
    SELECT series_id, theme, region, unit, kind, is_higher_better, stage, period_end_on, time_order, figure_id, value,
           period_grain, period_days, is_year_to_date, rank_total
    FROM filtered_facts(regions, themes, year_from, year_to, hide_doubtful)
), s AS (  -- per series: the first before figure and the latest after-stage figure
    SELECT series_id, any_value(theme) AS theme, any_value(region) AS region, any_value(unit) AS unit,
           any_value(kind) AS kind, any_value(is_higher_better) AS better,
           min(time_order) FILTER (WHERE stage IN ('整改前', '改革前')) AS before_order,
           min(period_end_on) FILTER (WHERE stage IN ('整改前', '改革前')) AS before_on,
           max(time_order) FILTER (WHERE stage IN ('整改后', '改革后')) AS after_order
    FROM f GROUP BY series_id
    HAVING before_order IS NOT NULL
), current_after AS (  -- no after-stage figure: the latest 现状 figure dated after the before figure
    SELECT f.series_id, max(f.time_order) AS after_order
    FROM f JOIN s USING (series_id)
    WHERE s.after_order IS NULL AND f.stage = '现状' AND f.period_end_on > s.before_on
    GROUP BY f.series_id
), p AS (
    SELECT s.series_id, s.theme, s.region, s.unit, s.kind, s.better, s.before_order,
           coalesce(s.after_order, c.after_order) AS after_order
    FROM s LEFT JOIN current_after AS c USING (series_id)
    WHERE coalesce(s.after_order, c.after_order) IS NOT NULL
), judged AS (
    SELECT p.*, b.value AS before_value, a.value AS after_value,
           incomparable_reason(p.kind, b.period_grain, b.period_days, b.is_year_to_date, b.rank_total,
                               a.period_grain, a.period_days, a.is_year_to_date, a.rank_total) AS incomparable_reason
    FROM p
    JOIN f AS b ON b.time_order = p.before_order
    JOIN f AS a ON a.time_order = p.after_order
)
SELECT series_id, theme, region, before_order, after_order,
       incomparable_reason IS NULL AS is_comparable, incomparable_reason,
       is_minor_change(kind, before_value, after_value) AS is_minor,
       CASE WHEN incomparable_reason IS NULL THEN after_value - before_value END AS change,
       CASE WHEN incomparable_reason IS NOT NULL OR better IS NULL THEN NULL
            WHEN unit IN ('%', '名') THEN after_value - before_value
            WHEN before_value = 0 THEN NULL
            ELSE (after_value - before_value) / abs(before_value) * 100
       END * CASE WHEN better THEN 1 ELSE -1 END AS improvement
FROM judged;

-- Per series (figures that pass the filters, targets and benchmarks left out): its newest figure,
-- whatever its stage (a rank found by an inspection is still the newest rank known), and the newest
-- earlier figure comparable with it (incomparable_reason); previous_order is NULL when there is
-- none. The leader's first screen (总览) reads it. kinds (VARCHAR[], empty = all) and key_only keep
-- only the series the caller will show (ranks for 落后之处, key indicators for the cards).
CREATE OR REPLACE MACRO latest_with_previous(regions, themes, year_from, year_to, hide_doubtful, kinds, key_only) AS TABLE
WITH f AS (
    SELECT series_id, kind, stage, time_order, period_grain, period_days, is_year_to_date, rank_total
    FROM filtered_facts(regions, themes, year_from, year_to, hide_doubtful)
    WHERE stage NOT IN ('目标', '对标')
      AND (len(kinds) = 0 OR list_contains(kinds, kind))  -- only the series a caller shows: the pairing
      AND (NOT key_only OR key_order IS NOT NULL)         -- below is the costly part
), latest AS (
    SELECT series_id, max(time_order) AS latest_order
    FROM f GROUP BY series_id
)
SELECT l.series_id, l.latest_order, max(p.time_order) AS previous_order
FROM latest AS l
JOIN f AS n ON n.time_order = l.latest_order
LEFT JOIN f AS p ON p.series_id = l.series_id AND p.time_order < l.latest_order
     AND incomparable_reason(n.kind, p.period_grain, p.period_days, p.is_year_to_date, p.rank_total,
                             n.period_grain, n.period_days, n.is_year_to_date, n.rank_total) IS NULL
GROUP BY l.series_id, l.latest_order;

-- Pre-computed for the whole warehouse: the pairs when no year filter cuts any off.
CREATE OR REPLACE TABLE series_pairs AS SELECT * FROM pair_candidates([], [], 0, 9999, false);

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
