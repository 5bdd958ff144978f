-- grain: adds one account
-- params: $name, $role, $password_hash (VARCHAR, NULL for OIDC only), $at (TIMESTAMP)
-- used by: govdash/accounts/store.py (AccountStore.add)
INSERT INTO accounts (name, role, password_hash, is_disabled, created_at, updated_at)
VALUES ($name, $role, $password_hash, false, $at, $at)
