-- grain: one document of the review state with its text (0 or 1 row)
-- params: $doc_id (VARCHAR)
-- used by: govdash/intake/review.py (ReviewStore.document)
SELECT * FROM intake_documents WHERE doc_id = $doc_id
