"""A live screen's fragment waits for its change instead of polling (kultur3/changes.py).

Only in the fragment's own runs: a full page run must finish (Streamlit removes what the page
no longer draws only when a run ends), so there the fragment draws and returns at once. In a
fragment run it waits on the process's change hub in slices of SLICE_S, and between slices
looks whether this session has something that must not wait behind it: a click or keystroke
(a rerun that is not the fragment's own timer), a page change, or the tab closing. Then it
returns at once and Streamlit handles the input (tests/browser/test_wake_browser.py types
while a screen waits). Measured with bench/live_latency.py.
"""

from __future__ import annotations

import time

from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequestType
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from kultur3 import changes
from kultur3.ui.context import settings

# How often a wait looks for its own user's input: the bound is 0.3 s for a widget
# interaction, and a slice is a lock and a condition wait (microseconds) on a sleeping thread.
SLICE_S = 0.1
# The projector ticker's fragment timer. Streamlit's browser side keeps one setInterval per
# fragment and does not restart it when the page reruns, so after a page rerun the next wait
# begins at the next tick: with a 1 s tick that was half a second on average, a quarter
# second's tick keeps random-arrival p95 under 0.3 s (bench/live_latency.py). While a run
# waits, the ticks that arrive fold into one pending run: a small websocket message each.
RESTART_S = 0.25


def in_fragment_run() -> bool:
    """True in a fragment's own rerun, False in a full page run."""
    ctx = get_script_run_ctx(suppress_warning=True)
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def input_waiting() -> bool:
    """This session has a rerun pending that is not a fragment's timer (a widget interaction,
    st.rerun, a page change), or is stopping. Reads Streamlit 1.67's ScriptRequests state,
    which has no public accessor; tests/test_changes.py pins what is read here."""
    ctx = get_script_run_ctx(suppress_warning=True)
    requests = getattr(ctx, "script_requests", None)
    return requests is not None and pending_input(requests)


def pending_input(requests) -> bool:
    """What input_waiting() decides, for one ScriptRequests (tests/test_changes.py)."""
    state = requests._state  # noqa: SLF001
    if state == ScriptRequestType.STOP:
        return True
    if state != ScriptRequestType.RERUN:
        return False
    data = requests._rerun_data  # noqa: SLF001
    return not data.fragment_id_queue or data.is_fragment_scoped_rerun or not data.is_auto_rerun


def longest_wait(*, timer_running: bool) -> float:
    """How long a fragment run may wait: to the next second while a timer is drawn, the poll
    interval while the hub cannot be trusted (PostgreSQL listener down), else the safety check."""
    if timer_running or not changes.HUB.reliable:
        return min(1.0, settings().live_refresh_s)
    return settings().wake_check_s


def token(name: str) -> tuple[int, int]:
    """The hub's token for `name` now: take it before reading what the screen draws."""
    changes.listen(settings().database_url)  # this process's listener (PostgreSQL), once
    return changes.HUB.token(name)


def wait(name: str, since: tuple[int, int], *, timer_running: bool = False,
         slice_s: float = SLICE_S) -> bool:
    """In a fragment run: block until `name` is announced after `since` (True), or until
    input, the tab closing or the longest wait (False). In a full run: return False at once.
    A screen without input (the projector) may look less often (slice_s)."""
    if not in_fragment_run():
        return False
    deadline = time.monotonic() + longest_wait(timer_running=timer_running)
    while (left := deadline - time.monotonic()) > 0:
        if changes.HUB.wait(name, since, min(slice_s, left)) != since:
            return True
        if input_waiting():
            return False
    return False

