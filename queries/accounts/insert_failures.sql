-- grain: records one failed attempt for each subject (the account or round, and the client)
-- params: $scope (VARCHAR), $subjects (VARCHAR[]), $at (TIMESTAMP)
-- used by: govdash/accounts/store.py (AccountStore.record_failure)
INSERT INTO failures SELECT $scope, unnest($subjects), $at
