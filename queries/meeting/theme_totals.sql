-- grain: one row per theme: how many figures (targets 目标 excluded) and indicators the agenda's
--        regions have, for the slide subtitles and the overview tiles.
-- params: $regions (VARCHAR[]) the agenda's regions (empty list = every region)
-- used by: govdash/meeting/screen.py (会议大屏: overview and headline slides); govdash/exports/meeting_pack.py (会议材料)
SELECT theme, count(*) AS figure_count, count(DISTINCT indicator) AS indicator_count
FROM facts
WHERE (len($regions) = 0 OR list_contains($regions, region))
  AND stage <> '目标'
GROUP BY theme
ORDER BY theme
