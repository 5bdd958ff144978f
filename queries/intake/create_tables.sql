-- grain: DDL of the intake review state (data/intake/review.duckdb, apart from the warehouse and the
--        ballot box; make data never touches it): uploaded documents, their candidate figures with
--        the curator's decisions, and the new indicators and regions a document brings. Idempotent.
-- params: none
-- used by: govdash/intake/review.py (every connection to the review state)
CREATE TABLE IF NOT EXISTS intake_documents (
    doc_id          VARCHAR PRIMARY KEY,
    sha256          VARCHAR NOT NULL UNIQUE,   -- of the uploaded bytes (the original, kept in originals/)
    text_sha256     VARCHAR NOT NULL,          -- of the extracted text (what data/sources/ will hold)
    file_name       VARCHAR NOT NULL,
    original        VARCHAR NOT NULL,          -- path of the kept original, relative to the intake folder
    body            VARCHAR NOT NULL,          -- the extracted text: evidence offsets refer to it
    title           VARCHAR,
    issuer          VARCHAR,
    doc_type        VARCHAR,
    region          VARCHAR,
    published_on    VARCHAR,                   -- ISO date
    url_note        VARCHAR,
    meta_confirmed  BOOLEAN NOT NULL DEFAULT false,
    status          VARCHAR NOT NULL DEFAULT 'reviewing',  -- reviewing | published | discarded
    source_file     VARCHAR,                   -- data/sources/<file> once published
    added_by        VARCHAR NOT NULL,
    added_at        TIMESTAMP NOT NULL,
    published_by    VARCHAR,
    published_at    TIMESTAMP,
    version         INTEGER NOT NULL DEFAULT 1 -- bumped by every change: two curators never overwrite silently
);

CREATE TABLE IF NOT EXISTS intake_candidates (
    doc_id        VARCHAR NOT NULL,
    cand_no       INTEGER NOT NULL,
    decision      VARCHAR NOT NULL DEFAULT 'pending',  -- pending | accepted | rejected
    indicator     VARCHAR,
    region        VARCHAR,
    org_unit      VARCHAR,
    period_label  VARCHAR,
    period_grain  VARCHAR,
    period_start  VARCHAR,
    period_end    VARCHAR,
    value         VARCHAR,
    unit          VARCHAR,
    rank_total    VARCHAR,
    qualifier     VARCHAR,
    bound         VARCHAR,
    stage         VARCHAR,
    evidence      VARCHAR,
    note          VARCHAR,
    theme         VARCHAR,
    kind          VARCHAR,
    confidence    DOUBLE,
    proposed_by   VARCHAR NOT NULL,          -- extractor | template | curator
    version       INTEGER NOT NULL DEFAULT 1,
    updated_by    VARCHAR,
    updated_at    TIMESTAMP,
    PRIMARY KEY (doc_id, cand_no)
);

CREATE TABLE IF NOT EXISTS intake_new_indicators (
    doc_id            VARCHAR NOT NULL,
    indicator         VARCHAR NOT NULL,
    theme             VARCHAR NOT NULL,
    kind              VARCHAR NOT NULL,
    unit              VARCHAR NOT NULL,
    higher_is_better  VARCHAR,
    definition        VARCHAR NOT NULL,
    PRIMARY KEY (doc_id, indicator)
);

CREATE TABLE IF NOT EXISTS intake_new_regions (
    doc_id     VARCHAR NOT NULL,
    region     VARCHAR NOT NULL,
    full_name  VARCHAR NOT NULL,
    level      VARCHAR NOT NULL,
    parent     VARCHAR,
    PRIMARY KEY (doc_id, region)
);
