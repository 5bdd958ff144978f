-- grain: re-materialises `facts` (see queries/build/03_facts_view.sql) after generated figures
--        and their labels were added
-- params: none
-- used by: govdash/scale.py
CREATE OR REPLACE TABLE facts AS SELECT * FROM facts_view ORDER BY theme, region, period_end_on, figure_id;
