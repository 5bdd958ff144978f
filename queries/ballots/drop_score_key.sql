-- grain: rebuilds ballot_scores without the foreign key older files have (see create_tables.sql);
--        the rows are kept as they are
-- params: none
-- used by: govdash/evaluation/ballot_box.py (BallotStore: once per file made before)
CREATE TEMP TABLE kept_scores AS SELECT * FROM ballot_scores;
DROP TABLE ballot_scores;
CREATE TABLE ballot_scores (
    ballot_id VARCHAR NOT NULL,
    unit      VARCHAR NOT NULL,
    criterion VARCHAR NOT NULL,
    score     INTEGER NOT NULL,
    PRIMARY KEY (ballot_id, unit, criterion)
);
INSERT INTO ballot_scores SELECT * FROM kept_scores;
DROP TABLE kept_scores;
