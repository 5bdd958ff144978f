-- grain: one candidate of a document (0 or 1 row)
-- params: $doc_id (VARCHAR), $cand_no (INTEGER)
-- used by: govdash/intake/review.py (ReviewStore: who changed it, after a refused update)
SELECT * FROM intake_candidates WHERE doc_id = $doc_id AND cand_no = $cand_no
