-- grain: `facts`, one row per figure, joined with its indicator, region and source: the contract
--        every page reads (README.md). Defined once as facts_view, materialised as a table at build
--        (04_facts_tables.sql, with the table macros the read queries share).
-- params: none
-- used by: govdash/warehouse/build.py; read by the pages through queries/*/*.sql
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
    -- a group of units (「6家参评窗口单位」), not a unit: left out where units are compared one by one
    coalesce(regexp_matches(f.org_unit, '^[0-9一二三四五六七八九十两]+家'), false) AS is_group_unit,
    f.indicator || '｜' || f.region || coalesce('·' || nullif(f.org_unit, ''), '') AS series,
    i.theme,
    f.indicator,
    i.kind,
    i.is_higher_better,
    i.definition,
    i.framework,
    i.key_order,
    f.period_label,
    f.period_grain,
    f.period_start_on,
    f.period_end_on,
    -- a stock at a moment (截至…) or a flow over a period; a flow's length in days (comparability)
    CASE WHEN f.period_grain = 'asof' THEN 'stock' ELSE 'flow' END AS period_kind,
    CAST(f.period_end_on - f.period_start_on + 1 AS INTEGER) AS period_days,
    -- so far this year (今年以来, 截至…): a range from 1 January that is not the whole year
    f.period_grain = 'range' AND month(f.period_start_on) = 1 AND day(f.period_start_on) = 1
        AND year(f.period_start_on) = year(f.period_end_on) AND f.period_label LIKE '%截至%' AS is_year_to_date,
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
    f.denominator_id,
    f.is_doubtful,
    f.doubt_reason,
    f.is_derived,
    f.derivation
FROM figures AS f
JOIN indicators AS i USING (indicator)
JOIN regions AS r USING (region)
JOIN sources AS s USING (source_file);
