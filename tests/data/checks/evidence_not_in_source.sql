-- Figures whose evidence quote is not found verbatim in the stored source text,
-- or whose recorded offsets do not point at it.
SELECT f.figure_id, f.source_file
FROM figures AS f
JOIN source_texts AS t USING (source_file)
WHERE strpos(t.body, f.evidence) = 0
   OR substr(t.body, f.evidence_start + 1, length(f.evidence)) <> f.evidence
