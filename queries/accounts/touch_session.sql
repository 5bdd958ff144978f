-- grain: the account name of the live session of that token (0 or 1 row), marked as seen now
-- params: $session_hash (VARCHAR), $at, $idle_since, $born_after (TIMESTAMP)
-- used by: govdash/accounts/store.py (AccountStore.session_account)
UPDATE sessions SET last_seen = $at
WHERE session_hash = $session_hash AND NOT is_revoked
  AND last_seen >= $idle_since AND created_at >= $born_after
  AND name IN (SELECT name FROM accounts WHERE NOT is_disabled)
RETURNING name
