-- grain: one row per figure about an evaluation as a whole: the same document, region and year,
--        not about one graded unit (the centre, "6家参评窗口单位", the evaluators taking part).
-- params: $source_file (VARCHAR), $region (VARCHAR), $year (INTEGER) the evaluation
-- used by: pages/window_units.py (窗口单位评议)
WITH units AS (
    SELECT DISTINCT org_unit
    FROM facts
    WHERE source_file = $source_file AND region = $region AND year = $year
      AND indicator = '民主评议等次' AND org_unit IS NOT NULL
)
SELECT
    figure_id, doc_no, source_file, source_title, published_on,
    region, org_unit, theme, indicator, kind, is_higher_better,
    period_label, period_end_on, value, unit, rank_total, qualifier, bound, stage,
    evidence, note
FROM facts
WHERE source_file = $source_file AND region = $region AND year = $year
  AND (org_unit IS NULL OR org_unit NOT IN (SELECT org_unit FROM units))
  AND (org_unit IS NOT NULL OR indicator LIKE '民主评议%')
ORDER BY figure_id
