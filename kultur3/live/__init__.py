"""A live gathering: the facilitator console, dot-voting, moderation and the projector.

The console's writes move two counters in the same transaction (kultur3/store/changed.py):
the gathering's phase_version (group screens follow it) and its live counter (the projector
follows it, and every submission moves it too), and announce the change: screens
wait for the announcement, read one number, and re-read everything only when it moved.

One module per concern; this package's names are the ones pages and services call:

- state: LiveState and the counters screens check, the gathering's municipalities
- console: the facilitator's writes (phase, agenda, locks, reveal, spotlight, timer, ...)
- moderation: hiding an answer from the projector, and restoring it
- voting: dot-voting in numbered slots
- room: what the projector and the console's live panel draw
- export: the gathering as tables for CSV and Excel
- joining: joining by table code (imported by name, not re-exported here)
- spotlight: the answer shown alone on the projector
- activities: the facilitator's own poll, word cloud and open question (prepare, run,
  answer, moderate); activity_results: what they show (imported by name, not re-exported)
- room_screens: the wall's pause, «hver for seg først» and each person's idea (imported by
  name, not re-exported here)

Who a participant or a view link is: kultur3.access.identity.
Floor: core, models, store, access, programme, group.
"""

from kultur3.live.console import (
    new_view_token,
    set_agenda,
    set_anonymous,
    set_dots,
    set_input_open,
    set_municipalities,
    set_phase,
    set_revealed,
    set_room_scores_counted,
    set_spotlight,
    timer,
)
from kultur3.live.export import export_frames
from kultur3.live.moderation import REASON_MAX, hide_answer, restore_answer
from kultur3.live.room import RoomView, VoteResult, WallCard, room_view
from kultur3.live.state import (
    LiveState,
    check_live_read,
    gathering_municipalities,
    input_locked,
    live_state,
    live_version,
    phase_version,
)
from kultur3.live.voting import (
    VOTE_KINDS,
    VoteTarget,
    add_dot,
    my_dots,
    remove_dot,
    vote_targets,
    voter_key_for,
)

__all__ = [
    "REASON_MAX", "VOTE_KINDS", "LiveState", "RoomView", "VoteResult", "VoteTarget", "WallCard",
    "add_dot", "check_live_read", "export_frames", "gathering_municipalities", "hide_answer",
    "input_locked", "live_state", "live_version", "my_dots", "new_view_token", "phase_version", "remove_dot",
    "restore_answer", "room_view", "set_agenda", "set_anonymous", "set_room_scores_counted",
    "set_dots", "set_input_open",
    "set_municipalities", "set_phase", "set_revealed", "set_spotlight", "timer", "vote_targets",
    "voter_key_for",
]
