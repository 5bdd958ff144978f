-- grain: one row per figure under the shared filters (every one, no limit), with its document and
--        evidence sentence: the rows of the Excel workbook's theme sheets and of its 出处 sheet.
-- params: $regions, $themes (VARCHAR[]) (empty = all), $year_from, $year_to (INTEGER), $hide_doubtful (BOOLEAN)
-- used by: govdash/exports/workbook.py (下载 Excel; python -m govdash.exports workbook)
SELECT
    figure_id, doc_no, source_file, source_title, source_issuer, doc_type, published_on,
    region, org_unit, theme, indicator, kind, definition, period_label, period_start_on, period_end_on, year,
    value, unit, label, rank_total, qualifier, bound, stage, evidence, sentence, note,
    is_doubtful, doubt_reason, is_derived, derivation
FROM filtered_facts($regions, $themes, $year_from, $year_to, $hide_doubtful)
ORDER BY theme, indicator, region, org_unit NULLS FIRST, period_end_on, stage, figure_id
