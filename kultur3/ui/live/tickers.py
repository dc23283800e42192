"""The tickers that follow the room.

A ticker is a fragment. Each of its runs takes the change hub's token for the room (or the
phase), asks the database for one number (the gathering's live counter, or its phase
version), and then waits on the hub (kultur3/ui/live/wake.py) until a write is announced, the
screen's own user does something, or the safety check is due. When the number has moved it
reruns the whole page, which re-reads through caches keyed on the data version. So an idle
screen costs one small query per safety check (KULTUR3_WAKE_CHECK_S, 10 s), and a change
reaches it as soon as the write commits, not at the next tick.
"""

from __future__ import annotations

import streamlit as st

from kultur3 import live
from kultur3.live import LiveState
from kultur3.store import changes
from kultur3.ui.context import read, settings, t
from kultur3.ui.live import wake


def _timer(state: LiveState) -> None:
    timer = state.timer()
    with st.container(key="live.timer"):
        if not timer.label:  # no timer set: nothing, not a placeholder with a stray «?»
            return
        # No help icon: its «?» beside the timer was the one stray mark on the projector.
        st.markdown(timer.label)
        if timer.finished:
            st.caption(t("live.time_up"))
        elif timer.remaining_s is not None and not timer.running:
            st.caption(t("live.paused"))


def _ticker(poll, name: str, gathering_id: int, rendered: int, state: LiveState) -> None:
    """One run: the token first, then the number (a write between the two wakes the wait);
    rerun the page when the number moved, else wait for the next announcement. The page
    rerun ends normally, so what the page no longer draws (a hidden answer) goes at once."""
    since = wake.token(name)
    if read(poll, gathering_id=gathering_id) != rendered:
        st.rerun(scope="app")
    if state.timer_running:  # only a running timer needs redrawing between changes
        _timer(state)
    if (wake.wait(name, since, timer_running=state.timer_running)
            and read(poll, gathering_id=gathering_id) != rendered):
        st.rerun(scope="app")


def _follow(poll, name: str, every: float, gathering_id: int, rendered: int,
            state: LiveState, *, key: str) -> None:
    """A stopped or paused timer is drawn once, outside the fragment; the fragment itself
    draws nothing while the room is idle (bench/live_latency.py measures it against a bare
    fragment). `every` starts the next run once one has returned (after a page rerun, the
    safety check, input); fragment ids come from the function's name and its place on the
    page, so wrapping here keeps the same fragment; `key` names it (st.rerun(key) could
    target it, and a second ticker on one page would be refused, not merged)."""
    if not state.timer_running:
        _timer(state)
    st.fragment(run_every=every, key=key)(_ticker)(poll, name, gathering_id, rendered, state)


def follow_room(gathering_id: int, rendered_version: int, state: LiveState) -> None:
    """The projector's ticker: rerun the page as soon as anything in the room changed since
    `rendered_version` (read before the page's data: context.read_first). Its
    fragment timer is short (wake.RESTART_S): after a page rerun the next wait starts at the
    next tick. No «Oppdatert kl.» line: from the room it read as debug text (POLISH.md §2)."""
    _follow(live.live_version, changes.live_name(gathering_id), wake.RESTART_S, gathering_id,
            rendered_version, state, key="live.ticker.room")


def follow_phase(gathering_id: int, rendered_version: int, state: LiveState) -> None:
    """A group screen's ticker: rerun the page when the facilitator changed something."""
    _follow(live.phase_version, changes.phase_name(gathering_id), settings().group_refresh_s,
            gathering_id, rendered_version, state, key="live.ticker.phase")
