-- grain: one row per document in the review state, newest first, with its review progress
-- params: none
-- used by: govdash/intake/review.py (ReviewStore.documents)
SELECT d.doc_id, d.file_name, d.title, d.issuer, d.doc_type, d.region, d.published_on, d.status, d.source_file,
       d.added_by, d.added_at, d.published_by, d.published_at, d.sha256, d.text_sha256, d.meta_confirmed, d.version,
       count(c.cand_no) AS candidates,
       count(c.cand_no) FILTER (WHERE c.decision <> 'pending') AS reviewed,
       count(c.cand_no) FILTER (WHERE c.decision = 'accepted') AS accepted,
       count(c.cand_no) FILTER (WHERE c.decision = 'rejected') AS rejected
FROM intake_documents AS d LEFT JOIN intake_candidates AS c USING (doc_id)
GROUP BY ALL
ORDER BY d.added_at DESC, d.doc_id
