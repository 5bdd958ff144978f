-- grain: the unrevoked screen key of that hash (0 or 1 row)
-- params: $key_hash (VARCHAR)
-- used by: govdash/accounts/store.py (AccountStore.screen_key_valid)
SELECT key_hash FROM screen_keys WHERE key_hash = $key_hash AND revoked_at IS NULL
