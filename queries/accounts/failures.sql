-- grain: one row per subject with failed attempts of that scope since a time: how many, and the oldest
-- params: $scope (VARCHAR), $subjects (VARCHAR[]), $since (TIMESTAMP)
-- used by: govdash/accounts/store.py (AccountStore.failures_since: lockout)
SELECT subject, count(*) AS failures, min(failed_at) AS first_at
FROM failures WHERE scope = $scope AND list_contains($subjects, subject) AND failed_at >= $since
GROUP BY subject
