-- grain: the next free candidate number of a document (1 row)
-- params: $doc_id (VARCHAR)
-- used by: govdash/intake/review.py (ReviewStore.add_candidate)
SELECT coalesce(max(cand_no), 0) + 1 AS next_no FROM intake_candidates WHERE doc_id = $doc_id
