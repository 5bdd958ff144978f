-- grain: one row: the snapshot's name, when it was frozen, and when its warehouse was built.
-- params: none (run on a snapshot file: govdash/warehouse/snapshot.py adds the snapshot_info table)
-- used by: govdash/meeting/screen.py (会议大屏 header: 「快照」 badge); govdash/exports/meeting_pack.py (会议材料：快照)
SELECT snapshot_name, created_at, source_built_at
FROM snapshot_info
