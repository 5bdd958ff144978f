-- grain: the new indicators confirmed for a document
-- params: $doc_id (VARCHAR)
-- used by: govdash/intake/review.py (ReviewStore.new_indicators)
SELECT indicator, theme, kind, unit, higher_is_better, definition FROM intake_new_indicators
WHERE doc_id = $doc_id ORDER BY indicator
