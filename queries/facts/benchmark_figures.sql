-- grain: one row per figure of an indicator that has a benchmark (stage 对标) under the shared
--        filters: its $limit largest 对标 figures and $limit largest 现状/整改后 figures;
--        compared_total = how many 现状/整改后 figures the indicator has in all.
-- params: $regions, $themes (VARCHAR[]), $year_from, $year_to (INTEGER), $limit (INTEGER), $hide_doubtful (BOOLEAN: leave 存疑 figures out)
-- used by: govdash/desk/theme_page.py (与基准比较 on the theme pages)
WITH f AS (
    SELECT * FROM filtered_facts($regions, $themes, $year_from, $year_to, $hide_doubtful)
    WHERE stage IN ('现状', '整改后', '对标')
      AND indicator IN (SELECT indicator FROM filtered_facts($regions, $themes, $year_from, $year_to, $hide_doubtful) WHERE stage = '对标')
)
SELECT figure_id, series, theme, indicator, region, org_unit, unit, period_label, period_end_on, value, label,
       rank_total, qualifier, bound, stage, doc_no, source_title, published_on, evidence, note, doubt_reason, derivation, is_doubtful, is_derived,
       count(*) FILTER (WHERE stage <> '对标') OVER (PARTITION BY indicator) AS compared_total
FROM f
QUALIFY row_number() OVER (PARTITION BY indicator, stage = '对标' ORDER BY value DESC, figure_id) <= $limit
ORDER BY indicator, stage = '对标', value DESC
