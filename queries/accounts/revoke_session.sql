-- grain: ends one session (sign-out)
-- params: $session_hash (VARCHAR)
-- used by: govdash/accounts/store.py (AccountStore.close_session)
UPDATE sessions SET is_revoked = true WHERE session_hash = $session_hash
