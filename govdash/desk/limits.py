"""What a desk page draws at most, whatever the size of the warehouse. The queries return only
this much (ordered so the most telling rows come first) and say how many there are in all; the
benchmark (tools/bench) passes the same values, read from here."""

TABLE_ROWS = 500          # rows of a figures table (the CSV download has them all)
PAIR_LIMIT = 12           # before/after pairs per theme (largest changes first)
TREND_SERIES = 8          # lines per trend chart
TREND_INDICATORS = 6      # trend charts per page
BAR_LIMIT = 15            # bars per benchmark comparison
RATE_LIMIT = 30           # rates on the at-a-glance chart
LARGEST_VALUES = 12       # counts on the at-a-glance chart when a theme has no rates
HEADLINE_CARDS = 8        # headline cards on a theme page
SOURCE_LINE_DOCS = 6      # documents named under a chart

OVERVIEW_CHANGES = 5      # 总览: largest improvements, and largest declines
COVERAGE_REGIONS = 30     # 总览: rows of the coverage grid
RANK_SERIES = 8           # 排名: trajectories per chart (those that fell most recently first)
COMPARE_BARS = 60         # 地区对比: bars on the chart (the table keeps them all)
COMPLAINT_UNITS = 20      # 投诉与热线: units on the handling chart, most complaints first
PROBLEMS = 100            # 整改台账: problems listed (the region filter narrows to the rest)
ABOUT_DOCUMENTS = 20      # 数据概况: documents on the chart (those with most figures)
ABOUT_RECENT = 12         # 数据概况: newest figures shown as a sample
KEY_CARDS = 4             # 总览: key-indicator cards per theme on the first screen
BEHIND = 5                # 总览: lowest rates, and falling ranks, listed under the cards
