-- grain: one row: the build the page reads (when it was built, from how many documents and figures,
--        and a short fingerprint of its inputs), so a reader can tell a rebuild has arrived.
-- params: none
-- used by: pages/desk/about.py (数据概况: 「当前数据版本」)
SELECT
    built_at,
    document_count,
    figure_count,
    left(input_sha256, 8) AS input_fingerprint
FROM build_info
ORDER BY built_at DESC
LIMIT 1
