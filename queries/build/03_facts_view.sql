-- grain: the `facts` view, one row per figure, joined with its indicator, region and source.
--        This is the contract every page and later feature reads (documented in README.md).
-- params: none
-- used by: govdash/build.py; read by the pages through queries/*/*.sql
CREATE VIEW facts AS
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
