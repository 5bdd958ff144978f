"""政务服务效能看板: the product. Tooling that measures it lives in tools/, tests in tests/.

    config, vocabulary, labels, analysis   shared by every package below
    warehouse/    curated files -> per-record rules -> build -> DuckDB; snapshots; the one gateway
    charts/       the house style (every colour, the Plotly templates) and figure factories
    desk/         the desk pages' frame: page registry, shared filters, components, the theme page
    evaluation/   民主评议: scoring rounds, one-time codes, the ballot box, window-unit comparison
    meeting/      the meeting screen: agendas, slides as plain data, the Streamlit screen

Room is kept by name for what comes next: intake/ (new reports in, review, publish),
accounts/ (sign-in, roles, audit) and exports/ (workbook, meeting pack, briefing).
"""
