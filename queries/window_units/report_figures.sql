-- grain: one row per figure of one graded report (document, region, year): the figures about each
--        graded window unit (is_graded_unit), and those about the 评议 as a whole: the
--        centre, "6家参评窗口单位", the evaluators taking part (org_unit NULL, 民主评议… indicators).
-- params: $source_file (VARCHAR), $region (VARCHAR), $year (INTEGER) the graded report
-- used by: govdash/evaluation/reports.py (窗口单位评议; the units a new round starts from)
WITH units AS (
    SELECT DISTINCT org_unit
    FROM facts
    WHERE source_file = $source_file AND region = $region AND year = $year
      AND indicator = '民主评议等次' AND org_unit IS NOT NULL
)
SELECT
    figure_id, doc_no, source_file, source_title, published_on,
    region, org_unit, org_unit IN (SELECT org_unit FROM units) IS TRUE AS is_graded_unit,
    theme, indicator, kind, is_higher_better, definition,
    period_label, period_grain, period_start_on, period_end_on, year,
    value, unit, rank_total, qualifier, bound, is_bound, stage,
    evidence, sentence, note
FROM facts
WHERE source_file = $source_file AND region = $region AND year = $year
  AND (org_unit IS NOT NULL OR indicator LIKE '民主评议%')
ORDER BY is_graded_unit DESC, indicator, org_unit, period_end_on, stage, figure_id
