-- grain: changes one account: each of role, password_hash, is_disabled only when given (not NULL)
-- params: $name, $role, $password_hash (VARCHAR or NULL), $is_disabled (BOOLEAN or NULL), $at (TIMESTAMP)
-- used by: govdash/accounts/store.py (AccountStore.update)
UPDATE accounts
SET role = coalesce($role, role), password_hash = coalesce($password_hash, password_hash),
    is_disabled = coalesce($is_disabled, is_disabled), updated_at = $at
WHERE name = $name
