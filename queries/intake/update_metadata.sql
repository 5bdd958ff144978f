-- grain: a document's metadata confirmed by a curator, only if unchanged since it was read
-- params: $doc_id (VARCHAR), $version (INTEGER), $title, $issuer, $doc_type, $region, $published_on, $url_note (VARCHAR)
-- used by: govdash/intake/review.py (ReviewStore.confirm_metadata)
UPDATE intake_documents
SET title = $title, issuer = $issuer, doc_type = $doc_type, region = $region, published_on = $published_on,
    url_note = $url_note, meta_confirmed = true, version = version + 1
WHERE doc_id = $doc_id AND version = $version AND status = 'reviewing'
RETURNING version
