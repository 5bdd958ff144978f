-- grain: `facts`, one row per figure, joined with its indicator, region and source: the contract
--        every page reads (README.md). Defined once as facts_view, materialised as a table at build.
-- params: none
-- used by: govdash/build.py; read by the pages through queries/*/*.sql
CREATE VIEW facts_view AS
SELECT
    f.figure_id,
    f.source_file,
    s.doc_no,
    s.title                          AS source_title,
    s.issuer                         AS source_issuer,
    s.doc_type,
    s.published_on,
    s.region                         AS source_region,
    f.region,
    r.level                          AS region_level,
    r.city,
    r.province,
    f.org_unit,
    f.indicator || '｜' || f.region || coalesce('·' || nullif(f.org_unit, ''), '') AS series,
    i.theme,
    f.indicator,
    i.kind,
    i.is_higher_better,
    i.definition,
    i.framework,
    f.period_label,
    f.period_grain,
    f.period_start_on,
    f.period_end_on,
    CAST(year(f.period_end_on) AS INTEGER) AS year,
    f.value,
    f.unit,
    f.label,
    f.rank_total,
    f.qualifier,
    f.bound,
    f.bound <> 'exact'               AS is_bound,
    f.stage,
    f.evidence,
    f.evidence_start,
    f.evidence_end,
    f.sentence,
    f.note,
    f.problem_id,
    f.numerator_id,
    f.denominator_id
FROM figures AS f
JOIN indicators AS i USING (indicator)
JOIN regions AS r USING (region)
JOIN sources AS s USING (source_file);

-- Materialised so reads do not redo the joins; sorted so the filters can skip whole row groups.
-- (govdash/scale.py re-materialises it after adding generated figures.)
-- series_id numbers the series in name order, so grouping by series works on integers.
CREATE TABLE facts AS
SELECT *, CAST(dense_rank() OVER (ORDER BY series) AS INTEGER) AS series_id
FROM facts_view ORDER BY theme, region, period_end_on, figure_id;

-- The shared filters as one table macro, so every filtered read query applies them the same
-- way: FROM filtered_facts($regions, $themes, $year_from, $year_to). Empty list = no restriction.
CREATE MACRO filtered_facts(regions, themes, year_from, year_to) AS TABLE
SELECT *
FROM facts
WHERE (len(regions) = 0 OR list_contains(regions, region))
  AND (len(themes) = 0 OR list_contains(themes, theme))
  AND year BETWEEN year_from AND year_to;

-- Before/after pairs (rule: analysis.before_after_pairs, checked by tests/test_analysis.py), one
-- row per series with ids, change and improvement; read by queries/facts/before_after_pairs.sql.
CREATE MACRO pair_candidates(regions, themes, year_from, year_to) AS TABLE
WITH f AS (
    SELECT series_id, theme, region, unit, is_higher_better, stage, period_end_on, figure_id, value
    FROM filtered_facts(regions, themes, year_from, year_to)
), s AS (  -- per series: the first before figure and the latest after-stage figure
    SELECT series_id, any_value(theme) AS theme, any_value(region) AS region, any_value(unit) AS unit,
           any_value(is_higher_better) AS better,
           arg_min(figure_id, (period_end_on, figure_id)) FILTER (WHERE stage IN ('整改前', '改革前')) AS before_id,
           arg_min(value, (period_end_on, figure_id)) FILTER (WHERE stage IN ('整改前', '改革前')) AS before_value,
           min(period_end_on) FILTER (WHERE stage IN ('整改前', '改革前')) AS before_on,
           arg_max(figure_id, (period_end_on, figure_id)) FILTER (WHERE stage IN ('整改后', '改革后')) AS after_id,
           arg_max(value, (period_end_on, figure_id)) FILTER (WHERE stage IN ('整改后', '改革后')) AS after_value
    FROM f GROUP BY series_id
    HAVING before_id IS NOT NULL
), current_after AS (  -- no after-stage figure: the latest 现状 figure dated after the before figure
    SELECT f.series_id, arg_max(f.figure_id, (f.period_end_on, f.figure_id)) AS after_id,
           arg_max(f.value, (f.period_end_on, f.figure_id)) AS after_value
    FROM f JOIN s USING (series_id)
    WHERE s.after_id IS NULL AND f.stage = '现状' AND f.period_end_on > s.before_on
    GROUP BY f.series_id
)
SELECT s.series_id, s.theme, s.region, s.before_id, coalesce(s.after_id, c.after_id) AS after_id,
       coalesce(s.after_value, c.after_value) - s.before_value AS change,
       CASE WHEN s.better IS NULL THEN NULL
            WHEN s.unit IN ('%', '名') THEN coalesce(s.after_value, c.after_value) - s.before_value
            WHEN s.before_value = 0 THEN NULL
            ELSE (coalesce(s.after_value, c.after_value) - s.before_value) / abs(s.before_value) * 100
       END * CASE WHEN s.better THEN 1 ELSE -1 END AS improvement
FROM s LEFT JOIN current_after AS c USING (series_id)
WHERE coalesce(s.after_id, c.after_id) IS NOT NULL;

-- Pre-computed for the whole warehouse: the pairs when no year filter cuts any off.
CREATE TABLE series_pairs AS SELECT * FROM pair_candidates([], [], 0, 9999);
