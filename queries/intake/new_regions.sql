-- grain: the new regions confirmed for a document
-- params: $doc_id (VARCHAR)
-- used by: govdash/intake/review.py (ReviewStore.new_regions)
SELECT region, full_name, level, parent FROM intake_new_regions WHERE doc_id = $doc_id ORDER BY region
