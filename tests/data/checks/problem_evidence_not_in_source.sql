-- Inspection problems whose evidence quote is not found verbatim in their source.
SELECT p.problem_id
FROM problems AS p
JOIN source_texts AS t USING (source_file)
WHERE strpos(t.body, p.evidence) = 0
