-- grain: opens one session (the keyed hash of its token)
-- params: $session_hash, $name (VARCHAR), $at (TIMESTAMP)
-- used by: govdash/accounts/store.py (AccountStore.open_session)
INSERT INTO sessions (session_hash, name, created_at, last_seen, is_revoked) VALUES ($session_hash, $name, $at, $at, false)
