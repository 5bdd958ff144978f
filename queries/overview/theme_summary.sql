-- grain: one row per theme under the shared filters: how many figures, indicators and regions,
--        and its newest rank figure and newest current figure (as structs with label and evidence).
-- params: $regions, $themes (VARCHAR[]), $year_from, $year_to (INTEGER), $hide_doubtful (BOOLEAN: leave 存疑 figures out)
-- used by: pages/desk/overview.py (one card per theme)
SELECT
    theme,
    count(*) AS figure_count,
    count(DISTINCT indicator) AS indicator_count,
    count(DISTINCT region) AS region_count,
    arg_max({'indicator': indicator, 'region': region, 'label': label, 'period_label': period_label,
             'doc_no': doc_no, 'evidence': evidence, 'figure_id': figure_id}, (period_end_on, figure_id))
        FILTER (WHERE unit = '名') AS latest_rank,
    arg_max({'indicator': indicator, 'region': region, 'label': label, 'period_label': period_label,
             'doc_no': doc_no, 'evidence': evidence, 'figure_id': figure_id}, (period_end_on, figure_id))
        FILTER (WHERE stage IN ('现状', '整改后', '改革后')) AS latest_current
FROM filtered_facts($regions, $themes, $year_from, $year_to, $hide_doubtful)
GROUP BY theme
ORDER BY theme
