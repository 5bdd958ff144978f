-- grain: closes or reopens one round (an evaluator's code is refused while it is closed)
-- params: $round_id (VARCHAR), $is_closed (BOOLEAN)
-- used by: govdash/evaluation/ballot_box.py (BallotStore.set_closed)
UPDATE rounds SET is_closed = $is_closed WHERE round_id = $round_id
