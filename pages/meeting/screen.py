"""会议大屏: the meeting screen at /meeting (agenda, rotation, snapshot); see govdash/meeting/screen.py."""

from govdash.meeting import screen

screen.main()
