-- grain: one row per screen key ever issued, newest first (the admin page lists and revokes them)
-- params: none
-- used by: govdash/accounts/store.py (AccountStore.screen_keys)
SELECT key_hash, label, created_by, created_at, revoked_at FROM screen_keys ORDER BY created_at DESC, label
