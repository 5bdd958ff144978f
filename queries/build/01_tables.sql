-- grain: schema of the warehouse; one table per curated file plus the source texts.
-- params: none
-- used by: govdash/warehouse/build.py (run in file-name order)
CREATE TABLE regions (
    region      VARCHAR PRIMARY KEY,
    full_name   VARCHAR NOT NULL,
    level       VARCHAR NOT NULL CHECK (level IN ('国家', '省', '市', '区县')),
    parent      VARCHAR,  -- checked by the validator and tests/test_data.py (DuckDB cannot check a self-reference within one INSERT)
    province    VARCHAR,
    city        VARCHAR
);

CREATE TABLE indicators (
    indicator         VARCHAR PRIMARY KEY,
    theme             VARCHAR NOT NULL,
    kind              VARCHAR NOT NULL,
    unit              VARCHAR NOT NULL,
    is_higher_better  BOOLEAN,
    definition        VARCHAR NOT NULL,
    framework         VARCHAR,
    key_order         INTEGER CHECK (key_order >= 1),  -- a leader's key indicator of its theme, in this order
    complement_of     VARCHAR                          -- the rate that with this one makes 100%
);

CREATE TABLE sources (
    source_file   VARCHAR PRIMARY KEY,
    doc_no        VARCHAR NOT NULL UNIQUE,
    title         VARCHAR NOT NULL,
    issuer        VARCHAR NOT NULL,
    doc_type      VARCHAR NOT NULL,
    region        VARCHAR NOT NULL REFERENCES regions (region),
    published_on  DATE NOT NULL,
    url_note      VARCHAR,
    sha256        VARCHAR NOT NULL,
    char_count    INTEGER NOT NULL,
    added_by      VARCHAR,                 -- 数据导入: who uploaded it, when; who published it, when
    added_at      TIMESTAMP,
    published_by  VARCHAR,
    published_at  TIMESTAMP
);

CREATE TABLE source_texts (
    source_file  VARCHAR PRIMARY KEY REFERENCES sources (source_file),
    body         VARCHAR NOT NULL
);

CREATE TABLE problems (
    problem_id      VARCHAR PRIMARY KEY,
    source_file     VARCHAR NOT NULL REFERENCES sources (source_file),
    problem_no      INTEGER NOT NULL CHECK (problem_no >= 1),
    category        VARCHAR NOT NULL,
    title           VARCHAR NOT NULL,
    status          VARCHAR NOT NULL,
    evidence        VARCHAR NOT NULL,
    evidence_start  INTEGER NOT NULL,
    note            VARCHAR,
    UNIQUE (source_file, problem_no)
);

CREATE TABLE figures (
    figure_id       VARCHAR PRIMARY KEY,
    source_file     VARCHAR NOT NULL REFERENCES sources (source_file),
    indicator       VARCHAR NOT NULL REFERENCES indicators (indicator),
    region          VARCHAR NOT NULL REFERENCES regions (region),
    org_unit        VARCHAR,
    period_label    VARCHAR NOT NULL,
    period_grain    VARCHAR NOT NULL,
    period_start_on DATE NOT NULL,
    period_end_on   DATE NOT NULL CHECK (period_end_on >= period_start_on),
    value           DOUBLE NOT NULL,
    unit            VARCHAR NOT NULL,
    label           VARCHAR NOT NULL,  -- the value as people read it (labels.format_value), made at build
    rank_total      INTEGER CHECK (rank_total >= 1),
    qualifier       VARCHAR,
    bound           VARCHAR NOT NULL CHECK (bound IN ('exact', 'lower', 'upper', 'approx')),
    stage           VARCHAR NOT NULL CHECK (stage IN ('现状', '整改前', '整改后', '改革前', '改革后', '目标', '对标')),
    evidence        VARCHAR NOT NULL,
    evidence_start  INTEGER NOT NULL,
    evidence_end    INTEGER NOT NULL,
    sentence        VARCHAR NOT NULL,
    note            VARCHAR,
    problem_id      VARCHAR REFERENCES problems (problem_id),
    numerator_id    VARCHAR,
    denominator_id  VARCHAR,
    is_doubtful     BOOLEAN NOT NULL,  -- the note records doubt (存疑); doubt_reason says what
    doubt_reason    VARCHAR,
    is_derived      BOOLEAN NOT NULL,  -- worked out by the build (warehouse/derived.py), not stated
    derivation      VARCHAR,           -- the arithmetic, for the screen
    CHECK (rank_total IS NULL OR value BETWEEN 1 AND rank_total),
    CHECK (is_doubtful = (doubt_reason IS NOT NULL)),
    CHECK (is_derived = (derivation IS NOT NULL))
);

CREATE TABLE build_info (       -- one row: this build (shown on 数据概况; a snapshot keeps it)
    built_at        TIMESTAMP NOT NULL,
    input_sha256    VARCHAR NOT NULL,  -- of every curated file and source text the build read
    figure_count    INTEGER NOT NULL,  -- curated figures (the derived ones aside)
    document_count  INTEGER NOT NULL,  -- source documents
    schema_sha256   VARCHAR NOT NULL   -- of the build scripts (warehouse/sql.py schema_digest): which program built it
);
