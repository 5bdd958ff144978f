-- Rates that disagree with their numerator / denominator beyond the rounding of the stated rate
-- (half a unit of the rate's last decimal; a bound value such as 「达70%」 may be rounded to whole per cent).
WITH linked AS (
    SELECT f.figure_id, f.value, f.bound, n.value AS numerator, d.value AS denominator,
           100 * n.value / d.value AS computed,
           CASE
               WHEN f.value = round(f.value) THEN 0
               WHEN f.value * 10 = round(f.value * 10) THEN 1
               ELSE 2
           END AS decimals
    FROM figures AS f
    JOIN figures AS n ON f.numerator_id = n.figure_id
    JOIN figures AS d ON f.denominator_id = d.figure_id
)
SELECT figure_id, value, numerator, denominator, round(computed, 3) AS computed
FROM linked
WHERE abs(value - computed) > 0.5 * pow(10, -decimals) + 1e-9
