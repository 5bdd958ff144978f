-- References that do not resolve: region parents, numerator/denominator ids, facts rows lost in joins.
SELECT 'region parent' AS what, r.region AS id
FROM regions AS r LEFT JOIN regions AS p ON r.parent = p.region
WHERE r.parent IS NOT NULL AND p.region IS NULL
UNION ALL
SELECT 'numerator', f.figure_id
FROM figures AS f LEFT JOIN figures AS n ON f.numerator_id = n.figure_id
WHERE f.numerator_id IS NOT NULL AND n.figure_id IS NULL
UNION ALL
SELECT 'denominator', f.figure_id
FROM figures AS f LEFT JOIN figures AS d ON f.denominator_id = d.figure_id
WHERE f.denominator_id IS NOT NULL AND d.figure_id IS NULL
UNION ALL
SELECT 'facts row missing', f.figure_id
FROM figures AS f ANTI JOIN facts USING (figure_id)
