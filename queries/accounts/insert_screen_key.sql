-- grain: issues one screen key for the meeting screen (only its keyed hash is kept)
-- params: $key_hash, $label, $created_by (VARCHAR), $at (TIMESTAMP)
-- used by: govdash/accounts/store.py (AccountStore.issue_screen_key)
INSERT INTO screen_keys (key_hash, label, created_by, created_at, revoked_at) VALUES ($key_hash, $label, $created_by, $at, NULL)
