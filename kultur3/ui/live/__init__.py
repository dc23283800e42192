"""Widgets of a live gathering, one module per screen or concern:

- links: join and view links, QR codes, phase names, the gathering picker
- tickers: the fragments that follow the room; wake: how they wait for its changes
- projector (+ projector.css): the big screen; the answer wall itself is kultur3/ui/wall.py
- console: the facilitator's controls; panel: its live panel, moderation and export
- group (+ group.css): the group screen's phase bar and dot-voting
- activities: the facilitator's own poll, word cloud and open question on every screen
- room_screens: the wall's pause, «hver for seg først» on the console, group screen and
  projector; phase_screens: the projector in a local gathering's and a leader day's phases
"""

from kultur3.ui.live.activities import console_activities, phone_activity
from kultur3.ui.live.console import (
    console_agenda,
    console_controls,
    console_joining,
    console_municipalities,
)
from kultur3.ui.live.group import phase_bar, voting
from kultur3.ui.live.links import choose_gathering, join_url, phase_label, qr_png, view_url
from kultur3.ui.live.panel import console_export, console_panel, moderation_reason
from kultur3.ui.live.projector import projector

__all__ = [
    "choose_gathering", "console_activities", "console_agenda", "console_controls", "console_export",
    "console_joining", "console_municipalities", "console_panel", "join_url",
    "moderation_reason", "phase_bar", "phone_activity", "phase_label", "projector", "qr_png",
    "view_url", "voting",
]
