-- Figures dated after their document was published (only targets may lie in the future).
SELECT f.figure_id, f.period_end_on, s.published_on
FROM figures AS f
JOIN sources AS s USING (source_file)
WHERE f.period_end_on > s.published_on AND f.stage <> '目标'
