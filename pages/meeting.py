"""会议大屏: the meeting screen at /meeting (agenda, rotation, snapshot); see govdash/meeting.py."""

from govdash import meeting

meeting.main()
