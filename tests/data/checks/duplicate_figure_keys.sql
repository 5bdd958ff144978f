-- Two figures that say the same thing (same indicator, region, unit, period, stage, qualifier).
SELECT indicator, region, org_unit, period_label, stage, qualifier, count(*) AS n
FROM figures
GROUP BY ALL
HAVING count(*) > 1
