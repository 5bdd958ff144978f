-- grain: adds a document's candidate figures (one row per element of the lists)
-- params: $doc_id (VARCHAR), $rows (a list of structs with the candidate columns), $by (VARCHAR), $at (TIMESTAMP)
-- used by: govdash/intake/review.py (ReviewStore.add_document, add_candidate)
INSERT INTO intake_candidates (doc_id, cand_no, decision, indicator, region, org_unit, period_label, period_grain,
                               period_start, period_end, value, unit, rank_total, qualifier, bound, stage,
                               evidence, note, theme, kind, confidence, proposed_by, updated_by, updated_at)
SELECT $doc_id, r.cand_no, 'pending', r.indicator, r.region, r.org_unit, r.period_label, r.period_grain,
       r.period_start, r.period_end, r.value, r.unit, r.rank_total, r.qualifier, r.bound, r.stage,
       r.evidence, r.note, r.theme, r.kind, r.confidence, r.proposed_by, $by, $at
FROM (SELECT unnest($rows) AS r)
