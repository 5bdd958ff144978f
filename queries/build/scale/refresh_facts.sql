-- grain: re-materialises `facts` and `series_pairs` (see queries/build/03_facts_view.sql) after generated figures
--        and their labels were added
-- params: none
-- used by: govdash/scale.py
CREATE OR REPLACE TABLE facts AS
SELECT *, CAST(dense_rank() OVER (ORDER BY series) AS INTEGER) AS series_id
FROM facts_view ORDER BY theme, region, period_end_on, figure_id;
CREATE OR REPLACE TABLE series_pairs AS SELECT * FROM pair_candidates([], [], 0, 9999);
