-- grain: inserts one evaluation round (one row of rounds)
-- params: $round_id, $title (VARCHAR), $units, $criteria, $groups, $grade_names (VARCHAR[]),
--         $grade_min_scores (DOUBLE[]), $scale_min, $scale_max (INTEGER), $salt, $organiser_hash (VARCHAR)
-- used by: govdash/evaluation/ballot_box.py (BallotStore.create_round)
INSERT INTO rounds (round_id, title, units, criteria, groups, grade_names, grade_min_scores,
                    scale_min, scale_max, salt, organiser_hash, created_at, is_closed, code_hash_scheme)
VALUES ($round_id, $title, $units, $criteria, $groups, $grade_names, $grade_min_scores,
        $scale_min, $scale_max, $salt, $organiser_hash, current_localtimestamp()::TIMESTAMP(0), false, 'hmac')
