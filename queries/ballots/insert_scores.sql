-- grain: inserts one row of ballot_scores per unit × criterion of one ballot (parallel lists)
-- params: $ballot_id (VARCHAR), $units, $criteria (VARCHAR[]), $scores (INTEGER[]) same length
-- used by: govdash/evaluation/ballot_box.py (BallotStore.submit_ballot)
INSERT INTO ballot_scores (ballot_id, unit, criterion, score)
SELECT $ballot_id, unnest($units), unnest($criteria), unnest($scores)
