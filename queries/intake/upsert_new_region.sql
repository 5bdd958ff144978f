-- grain: a new region a document brings, as the curator confirmed it
-- params: $doc_id, $region, $full_name, $level, $parent (VARCHAR)
-- used by: govdash/intake/review.py (ReviewStore.confirm_new_region)
INSERT OR REPLACE INTO intake_new_regions (doc_id, region, full_name, level, parent)
VALUES ($doc_id, $region, $full_name, $level, $parent)
