-- grain: ends every session of one account (disabled, or a new password)
-- params: $name (VARCHAR)
-- used by: govdash/accounts/store.py (AccountStore.update)
UPDATE sessions SET is_revoked = true WHERE name = $name
