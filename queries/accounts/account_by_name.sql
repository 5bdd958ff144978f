-- grain: the account of that name (0 or 1 row)
-- params: $name (VARCHAR)
-- used by: govdash/accounts/store.py (AccountStore.add, account, update, verify)
SELECT name, role, password_hash, is_disabled FROM accounts WHERE name = $name
