-- grain: the foreign keys of ballot_scores (a row when the file was made before they were dropped)
-- params: none
-- used by: govdash/evaluation/ballot_box.py (BallotStore: once per file)
SELECT constraint_text FROM duckdb_constraints()
WHERE table_name = 'ballot_scores' AND constraint_type = 'FOREIGN KEY'
