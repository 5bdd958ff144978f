-- grain: adds one uploaded document under review
-- params: $doc_id, $sha256, $text_sha256, $file_name, $original, $body, $title, $issuer, $doc_type, $region,
--         $published_on, $added_by (VARCHAR), $added_at (TIMESTAMP)
-- used by: govdash/intake/review.py (ReviewStore.add_document)
INSERT INTO intake_documents (doc_id, sha256, text_sha256, file_name, original, body, title, issuer, doc_type,
                              region, published_on, added_by, added_at)
VALUES ($doc_id, $sha256, $text_sha256, $file_name, $original, $body, $title, $issuer, $doc_type, $region,
        $published_on, $added_by, $added_at)
