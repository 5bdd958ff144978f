-- grain: one candidate's fields and decision replaced, only if nobody changed it since it was read
--        (its version); returns the new version, or no row when someone did
-- params: $doc_id (VARCHAR), $cand_no (INTEGER), $version (INTEGER, as read), the candidate columns,
--         $by (VARCHAR), $at (TIMESTAMP)
-- used by: govdash/intake/review.py (ReviewStore.update_candidate)
UPDATE intake_candidates
SET decision = $decision, indicator = $indicator, region = $region, org_unit = $org_unit,
    period_label = $period_label, period_grain = $period_grain, period_start = $period_start,
    period_end = $period_end, value = $value, unit = $unit, rank_total = $rank_total, qualifier = $qualifier,
    bound = $bound, stage = $stage, evidence = $evidence, note = $note,
    version = version + 1, updated_by = $by, updated_at = $at
WHERE doc_id = $doc_id AND cand_no = $cand_no AND version = $version
RETURNING version
