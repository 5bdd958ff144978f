-- grain: closes or reopens one round; closing voids its unused codes for good (reopening does not
--        revive a code its evaluator was told is void: new codes are issued instead)
-- params: $round_id (VARCHAR), $is_closed (BOOLEAN)
-- used by: govdash/evaluation/ballot_box.py (BallotStore.set_closed)
UPDATE rounds SET is_closed = $is_closed WHERE round_id = $round_id;
UPDATE ballot_codes SET is_void = true WHERE round_id = $round_id AND $is_closed AND NOT is_used;
