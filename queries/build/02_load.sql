-- grain: copies the validated staging frames (registered by govdash/warehouse/build.py) into the tables.
-- params: none
-- used by: govdash/warehouse/build.py
INSERT INTO regions
SELECT region, full_name, level, parent, province, city
FROM staging_regions
ORDER BY depth;

INSERT INTO indicators
SELECT indicator, theme, kind, unit, higher_is_better, definition, framework,
       CAST(key_order AS INTEGER), complement_of
FROM staging_indicators;

INSERT INTO sources
SELECT source_file, doc_no, title, issuer, doc_type, region,
       CAST(published_on AS DATE), url_note, sha256, char_count,
       added_by, CAST(added_at AS TIMESTAMP), published_by, CAST(published_at AS TIMESTAMP)
FROM staging_sources;

INSERT INTO source_texts
SELECT source_file, body FROM staging_texts;

INSERT INTO problems
SELECT problem_id, source_file, problem_no, category, title, status, evidence,
       evidence_start, note
FROM staging_problems;

INSERT INTO figures
SELECT figure_id, source_file, indicator, region, org_unit, period_label, period_grain,
       CAST(period_start AS DATE), CAST(period_end AS DATE), value, unit, label,
       CAST(rank_total AS INTEGER), qualifier, bound, stage, evidence,
       evidence_start, evidence_end, sentence, note, problem_id, numerator_id, denominator_id,
       is_doubtful, doubt_reason, is_derived, derivation
FROM staging_figures;
