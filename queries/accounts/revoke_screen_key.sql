-- grain: revokes one screen key
-- params: $key_hash (VARCHAR), $at (TIMESTAMP)
-- used by: govdash/accounts/store.py (AccountStore.revoke_screen_key)
UPDATE screen_keys SET revoked_at = $at WHERE key_hash = $key_hash AND revoked_at IS NULL
