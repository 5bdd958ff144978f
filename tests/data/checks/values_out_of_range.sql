-- Rates outside 0-100, ranks outside 1..total, units that differ from the catalogue.
SELECT f.figure_id, f.value, f.unit, i.unit AS catalogue_unit, f.rank_total
FROM figures AS f
JOIN indicators AS i USING (indicator)
WHERE (i.kind = 'rate' AND i.unit = '%' AND f.value NOT BETWEEN 0 AND 100)
   OR (i.unit = '名' AND (f.value < 1 OR f.value <> round(f.value) OR f.value > coalesce(f.rank_total, f.value)))
   OR f.unit <> i.unit
