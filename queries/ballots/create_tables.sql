-- grain: DDL of the ballot box (data/ballots.duckdb, apart from the warehouse): evaluation rounds,
--        their one-time codes, the ballots and their scores. Idempotent (IF NOT EXISTS).
-- params: none
-- used by: govdash/evaluation/ballot_box.py (every connection to the ballot box)
CREATE TABLE IF NOT EXISTS rounds (
    round_id         VARCHAR PRIMARY KEY,
    title            VARCHAR NOT NULL,
    units            VARCHAR[] NOT NULL,
    criteria         VARCHAR[] NOT NULL,
    groups           VARCHAR[] NOT NULL,
    grade_names      VARCHAR[] NOT NULL,       -- best first
    grade_min_scores DOUBLE[] NOT NULL,        -- lowest mean earning each grade
    scale_min        INTEGER NOT NULL,
    scale_max        INTEGER NOT NULL,
    salt             VARCHAR NOT NULL,         -- salts the code hashes and the organiser password
    organiser_hash   VARCHAR NOT NULL,         -- PBKDF2 of the organiser password
    created_at       TIMESTAMP NOT NULL,
    is_closed        BOOLEAN NOT NULL DEFAULT false,
    CHECK (scale_min < scale_max),
    CHECK (len(grade_names) = len(grade_min_scores) AND len(grade_names) > 0),
    CHECK (len(units) > 0 AND len(criteria) > 0 AND len(groups) > 0)
);

-- round_id is not declared a foreign key: DuckDB refuses UPDATEs of a referenced row (closing a
-- round), so govdash/evaluation/ballot_box.py writes codes and ballots only for a round it has just read.
-- Only the hash of a code is kept, and no time or order of its use: nothing ties a ballot to
-- the code that cast it.
CREATE TABLE IF NOT EXISTS ballot_codes (
    round_id   VARCHAR NOT NULL,
    code_hash  VARCHAR NOT NULL,
    group_name VARCHAR NOT NULL,
    is_used    BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (round_id, code_hash)
);

CREATE TABLE IF NOT EXISTS ballots (
    ballot_id  VARCHAR PRIMARY KEY,            -- random, unrelated to the code
    round_id   VARCHAR NOT NULL,
    group_name VARCHAR NOT NULL
);

-- No foreign key to ballots: DuckDB refuses to delete a referenced row in the transaction that
-- deleted its references, and each ballot rewrites its round's rows in a random order
-- (ballots/shuffle_ballots.sql). Files made with the key are rebuilt without it (ballot_box.py).
CREATE TABLE IF NOT EXISTS ballot_scores (
    ballot_id VARCHAR NOT NULL,
    unit      VARCHAR NOT NULL,
    criterion VARCHAR NOT NULL,
    score     INTEGER NOT NULL,
    PRIMARY KEY (ballot_id, unit, criterion)
);

-- Added later, so files made before keep working: how a round's codes are hashed ('hmac': keyed
-- with the server's secret key, which is kept outside this file; 'sha256': rounds made before),
-- and codes voided when their round was closed unused (a reopened round never revives them).
ALTER TABLE rounds ADD COLUMN IF NOT EXISTS code_hash_scheme VARCHAR DEFAULT 'sha256';
ALTER TABLE ballot_codes ADD COLUMN IF NOT EXISTS is_void BOOLEAN DEFAULT false;
