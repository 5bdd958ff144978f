"""Who may see and do what: accounts and roles (store, roles), passwords (argon2), sign-in sessions
kept in an HttpOnly cookie set by the server (sessions, routes), OIDC through st.login, lockout
after repeated failures, screen keys for the meeting screen, and the audit trail (audit). `gate`
is the Streamlit side: the current user and the sign-in form; `python -m govdash.accounts` the
command for the first admin and for scripts."""
