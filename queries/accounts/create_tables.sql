-- grain: the tables of the accounts file (data/accounts.duckdb): accounts, sessions, screen keys,
--        and failed attempts (sign-in, round passwords, one-time codes) for lockout.
-- params: none
-- used by: govdash/accounts/store.py (every connection to the accounts file)
CREATE TABLE IF NOT EXISTS accounts (
    name           VARCHAR PRIMARY KEY,          -- a local name, or an OIDC user's e-mail / subject
    role           VARCHAR NOT NULL CHECK (role IN ('viewer', 'curator', 'organiser', 'admin')),
    password_hash  VARCHAR,                      -- argon2id; NULL for an account that signs in through OIDC only
    is_disabled    BOOLEAN NOT NULL DEFAULT false,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    session_hash   VARCHAR PRIMARY KEY,          -- SHA-256 of the token in the cookie, never the token
    name           VARCHAR NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    last_seen      TIMESTAMP NOT NULL,
    is_revoked     BOOLEAN NOT NULL DEFAULT false
);
CREATE TABLE IF NOT EXISTS screen_keys (
    key_hash       VARCHAR PRIMARY KEY,          -- SHA-256 of the key in the meeting screen's link
    label          VARCHAR NOT NULL,
    created_by     VARCHAR NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    revoked_at     TIMESTAMP
);
CREATE TABLE IF NOT EXISTS failures (
    scope          VARCHAR NOT NULL,             -- sign-in, round, code
    subject        VARCHAR NOT NULL,             -- account or round (hashed where it is a secret), or client:<address>
    failed_at      TIMESTAMP NOT NULL
);
-- sign-in hand-off links already followed: each works once, across every server process
CREATE TABLE IF NOT EXISTS used_handoffs (
    handoff_hash   VARCHAR PRIMARY KEY,          -- keyed hash of the link's token
    used_at        TIMESTAMP NOT NULL
);
