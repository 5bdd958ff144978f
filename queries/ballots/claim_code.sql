-- grain: marks one unused, unvoided code of an open round as used; returns its group (no row = refused).
--        Runs in the same transaction as the ballot's inserts.
-- params: $round_id (VARCHAR), $code_hash (VARCHAR)
-- used by: govdash/evaluation/ballot_box.py (BallotStore.submit_ballot)
UPDATE ballot_codes
SET is_used = true
WHERE round_id = $round_id
  AND code_hash = $code_hash
  AND NOT is_used AND NOT is_void
  AND round_id IN (SELECT round_id FROM rounds WHERE NOT is_closed)
RETURNING group_name
