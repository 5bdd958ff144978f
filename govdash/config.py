"""Paths and settings in one place. Every setting can be overridden by an environment variable."""

from __future__ import annotations

import os
from pathlib import Path


def _path(variable: str, default: Path) -> Path:
    """A path setting from the environment; set but empty (a systemd `Environment=GOVDASH_DB=`) is unset."""
    value = os.environ.get(variable, "").strip()
    return Path(value) if value else Path(default)


ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
SOURCES_DIR = DATA_DIR / "sources"
CURATED_DIR = DATA_DIR / "curated"
QUERIES_DIR = ROOT / "queries"
BUILD_SQL_DIR = QUERIES_DIR / "build"


def warehouse_path() -> Path:
    """The built warehouse. GOVDASH_DB points the app and the build at another file (tests do)."""
    return _path("GOVDASH_DB", DATA_DIR / "dashboard.duckdb")


def data_dir() -> Path:
    """The curated data the warehouse is built from (sources/ and curated/): where 数据导入 publishes.
    GOVDASH_DATA points at another folder (tests publish into a copy)."""
    return _path("GOVDASH_DATA", DATA_DIR)


def intake_dir() -> Path:
    """数据导入's own folder: the review state (review.duckdb) and every uploaded original, byte for
    byte (originals/). Never touched by `make data`; back it up with the ballot box."""
    return _path("GOVDASH_INTAKE", DATA_DIR / "intake")


def ballots_path() -> Path:
    """The 民主评议 ballot box: a DuckDB file of its own that `make data` never touches.
    GOVDASH_BALLOTS points the app at another file (tests do)."""
    return _path("GOVDASH_BALLOTS", DATA_DIR / "ballots.duckdb")


def snapshots_dir() -> Path:
    """Frozen copies of the warehouse for meetings (govdash/warehouse/snapshot.py); not committed."""
    return _path("GOVDASH_SNAPSHOTS", DATA_DIR / "snapshots")


def agendas_dir() -> Path:
    """Saved meeting agendas, one TOML file each (govdash/meeting/agenda.py)."""
    return _path("GOVDASH_AGENDAS", DATA_DIR / "agendas")


# Cached query results expire so a rebuilt warehouse shows up without a restart.
QUERY_CACHE_TTL_SECONDS = int(os.environ.get("GOVDASH_CACHE_TTL", "600"))
QUERY_CACHE_MAX_ENTRIES = 512

APP_TITLE = "政务服务效能看板"


# --- access (govdash/accounts/) ------------------------------------------------------------------

def accounts_path() -> Path:
    """Accounts, sessions, screen keys and sign-in failures: a DuckDB file of its own, apart from
    the warehouse and the ballot box. GOVDASH_ACCOUNTS points at another file (tests do)."""
    return _path("GOVDASH_ACCOUNTS", DATA_DIR / "accounts.duckdb")


def audit_path() -> Path:
    """The audit log: one JSON line per sensitive action, appended only. GOVDASH_AUDIT moves it."""
    return _path("GOVDASH_AUDIT", DATA_DIR / "audit.jsonl")


def secret_key_path() -> Path:
    """The server's secret key (session cookies, the HMAC of one-time codes), made on first use
    with mode 600 and never committed; kept apart from the ballot box so a copy of the ballot file
    cannot be brute-forced offline. GOVDASH_SECRET_KEY_FILE moves it."""
    return _path("GOVDASH_SECRET_KEY_FILE", DATA_DIR / "secret.key")


def desk_needs_sign_in() -> bool:
    """Whether the desk pages need a signed-in user (default) or may be read by anyone who reaches
    the server (GOVDASH_SIGN_IN=optional). 测评表 never needs one; the meeting screen takes a key."""
    return os.environ.get("GOVDASH_SIGN_IN", "required").strip().lower() != "optional"


SESSION_IDLE_MINUTES = int(os.environ.get("GOVDASH_SESSION_IDLE_MINUTES", "30"))  # signed out after this long idle
SESSION_MAX_HOURS = int(os.environ.get("GOVDASH_SESSION_MAX_HOURS", "12"))        # and after this long at most
UNLOCK_IDLE_MINUTES = int(os.environ.get("GOVDASH_UNLOCK_IDLE_MINUTES", "10"))    # a round's organiser unlock
# A sign-in, round password or one-time code refused this many times within the window locks that
# account, round or client for the window (per account or code and per client).
LOCKOUT_FAILURES = int(os.environ.get("GOVDASH_LOCKOUT_FAILURES", "5"))
LOCKOUT_MINUTES = int(os.environ.get("GOVDASH_LOCKOUT_MINUTES", "15"))
# One-time codes allow more: a room of evaluators mistypes, and phones may share one address. Ten
# guesses per 15 minutes still puts a hit among 5,000 live codes (of 31^8) centuries away.
CODE_LOCKOUT_FAILURES = int(os.environ.get("GOVDASH_CODE_LOCKOUT_FAILURES", "10"))
# OIDC users (st.login) without an account of their own get this role; "none" refuses them.
OIDC_DEFAULT_ROLE = os.environ.get("GOVDASH_OIDC_DEFAULT_ROLE", "viewer")
