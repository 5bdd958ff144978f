-- grain: one row per candidate figure of a document, in text order of their numbers
-- params: $doc_id (VARCHAR)
-- used by: govdash/intake/review.py (ReviewStore.candidates)
SELECT * FROM intake_candidates WHERE doc_id = $doc_id ORDER BY cand_no
