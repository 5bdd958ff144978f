-- grain: one row per figure: a sample of figures with their evidence, newest period first.
-- params: $limit (INTEGER) how many rows
-- used by: pages/desk/about.py (数据概况)
SELECT
    figure_id,
    theme,
    indicator,
    region,
    org_unit,
    period_label,
    value,
    unit,
    rank_total,
    qualifier,
    bound,
    stage,
    doc_no,
    evidence,
    note
FROM facts
ORDER BY period_end_on DESC, figure_id
LIMIT $limit
