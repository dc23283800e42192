"""A live screen's fragment waits for its change instead of polling (kultur3/store/changes.py).

Only in the fragment's own runs: a full page run must finish (Streamlit removes what the page
no longer draws only when a run ends), so there the fragment draws and returns at once. In a
fragment run it sleeps on its own Event until the hub announces its name, or until its
session gets something that must not wait behind it: a click or keystroke (a rerun that is
not the fragment's own timer), a page change, or the tab closing. For that, Streamlit's
ScriptRequests (where every rerun and stop request of a session arrives) is wrapped once
(kultur3/ui/streamlit_internals.py) to set the waiting run's Event when such a request comes
in; the run then returns at once and Streamlit handles the input. No polling: a sleeping
screen costs nothing until it is woken.
tests/browser/test_wake_browser.py types and clicks while screens wait; bench/live_latency.py
and bench/load.py measure it.
"""

from __future__ import annotations

import threading

from kultur3.store import changes
from kultur3.ui import streamlit_internals as internals
from kultur3.ui.context import settings

# The projector ticker's fragment timer. Streamlit's browser side keeps one setInterval per
# fragment and does not restart it when the page reruns, so after a page rerun the next wait
# begins at the next tick: with a 1 s tick that was half a second on average, a quarter
# second's tick keeps random-arrival p95 under 0.3 s (bench/live_latency.py). While a run
# waits, the ticks that arrive fold into one pending run: a small websocket message each.
RESTART_S = 0.25


def longest_wait(*, timer_running: bool) -> float:
    """How long a fragment run may wait: to the next second while a timer is drawn, the poll
    interval while the hub cannot be trusted (PostgreSQL listener down), else the safety check."""
    if timer_running:
        return 1.0
    return settings().wake_check_s if changes.HUB.reliable else settings().live_refresh_s


def token(name: str) -> tuple[int, int]:
    """The hub's token for `name` now: take it before reading what the screen draws."""
    changes.listen(settings().database_url)  # this process's listener (PostgreSQL), once
    return changes.HUB.token(name)


def wait(name: str, since: tuple[int, int], *, timer_running: bool = False) -> bool:
    """In a fragment run: sleep until `name` is announced after `since` (True), or until
    input, the tab closing or the longest wait (False). In a full run: return False at once."""
    requests = internals.fragment_run_requests()
    if requests is None:
        return False
    event = threading.Event()
    with _WAITING_LOCK:
        _WAITING[id(requests)] = event
    try:
        if internals.pending_input(requests):  # came in before the wrapper saw us waiting
            return False
        return changes.HUB.wait(name, since, longest_wait(timer_running=timer_running),
                                event) != since
    finally:
        with _WAITING_LOCK:
            _WAITING.pop(id(requests), None)


# id(ScriptRequests) -> the Event its waiting run sleeps on (one run per session at a time).
_WAITING: dict[int, threading.Event] = {}
_WAITING_LOCK = threading.Lock()


def _interrupt(requests: internals.Requests) -> None:
    """Called after every rerun or stop request a session receives: wake its waiting run when
    the request is input (its fragment's own timer only folds into the pending run)."""
    with _WAITING_LOCK:
        event = _WAITING.get(id(requests))
    if event is not None and internals.pending_input(requests):
        event.set()


internals.after_every_request(_interrupt)
