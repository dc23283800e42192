"""The tickers that follow the room.

A ticker is a fragment that runs every second or two and asks the database for one number
(the gathering's live counter, or its phase version). While the number stands still it only
redraws the timer; when it moves, it reruns the whole page, which re-reads through caches
keyed on the data version. So an idle screen costs one small query per tick.
"""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from kultur3 import (
    live,
)
from kultur3.live import LiveState
from kultur3.ui.context import (
    read,
    settings,
    t,
)


def _timer(state: LiveState) -> None:
    timer = state.timer()
    with st.container(key="live.timer"):
        if not timer.label:  # no timer set: nothing, not a placeholder with a stray «?»
            return
        st.markdown(timer.label, help=t("live.timer"))
        if timer.finished:
            st.caption(t("live.time_up"))
        elif timer.remaining_s is not None and not timer.running:
            st.caption(t("live.paused"))


def _updated() -> None:
    """When this screen last took in a change (drawn on full reruns only)."""
    with st.container(key="live.updated"):
        st.caption(t("live.updated", time=datetime.now(UTC).astimezone().strftime("%H:%M:%S")))


def _ticker(poll, gathering_id: int, rendered: int, state: LiveState) -> None:
    """One tick: ask the database for one number; rerun the page when it moved."""
    if read(poll, gathering_id=gathering_id) != rendered:
        st.rerun(scope="app")
    if state.timer_running:  # only a running timer needs redrawing between changes
        _timer(state)


def _follow(poll, every: float, gathering_id: int, rendered: int, state: LiveState) -> None:
    """A stopped or paused timer is drawn once, outside the fragment; then each tick of an
    idle screen is one small query and draws nothing (bench/live_latency.py measures it
    against a bare fragment). Fragment ids come from the function's name and its place on
    the page, so wrapping here with the configured interval keeps the same fragment."""
    if not state.timer_running:
        _timer(state)
    st.fragment(run_every=every)(_ticker)(poll, gathering_id, rendered, state)


def follow_room(gathering_id: int, rendered_version: int, state: LiveState) -> None:
    """The projector's ticker: rerun the page when anything in the room changed."""
    _follow(live.live_version, settings().live_refresh_s, gathering_id, rendered_version,
            state)
    _updated()


def follow_phase(gathering_id: int, state: LiveState) -> None:
    """A group screen's ticker: rerun the page when the facilitator changed something."""
    _follow(live.phase_version, settings().group_refresh_s, gathering_id, state.phase_version,
            state)
