-- grain: one row per account (no password hashes), with its live sessions
-- params: none
-- used by: govdash/accounts/store.py (AccountStore.accounts: the admin page and `python -m govdash.accounts list`)
SELECT a.name, a.role, a.password_hash IS NOT NULL AS has_password, a.is_disabled, a.created_at, a.updated_at,
       count(s.session_hash) FILTER (WHERE NOT s.is_revoked) AS open_sessions,
       max(s.last_seen) AS last_seen
FROM accounts AS a LEFT JOIN sessions AS s USING (name)
GROUP BY ALL
ORDER BY a.name
