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
