-- grain: marks a sign-in hand-off link as followed; returns a row only the first time (0 or 1 row)
-- params: $handoff_hash (VARCHAR), $at (TIMESTAMP)
-- used by: govdash/accounts/store.py (AccountStore.claim_handoff)
INSERT INTO used_handoffs (handoff_hash, used_at) VALUES ($handoff_hash, $at)
ON CONFLICT DO NOTHING
RETURNING handoff_hash
