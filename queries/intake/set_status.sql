-- grain: a document marked published (with its source file and who published it) or discarded
-- params: $doc_id, $status, $source_file, $by (VARCHAR), $at (TIMESTAMP)
-- used by: govdash/intake/review.py (ReviewStore.mark_published, discard)
UPDATE intake_documents
SET status = $status, source_file = coalesce($source_file, source_file),
    published_by = CASE WHEN $status = 'published' THEN $by ELSE published_by END,
    published_at = CASE WHEN $status = 'published' THEN $at ELSE published_at END,
    version = version + 1
WHERE doc_id = $doc_id AND status = 'reviewing'
RETURNING status
