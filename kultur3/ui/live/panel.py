"""The console's live panel (what the room is doing, redrawn as soon as it changes), moderation and
the export."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from kultur3 import live
from kultur3.access.permissions import Actor
from kultur3.core import formatting
from kultur3.insight import exports
from kultur3.live import LiveState, spotlight
from kultur3.models import Phase
from kultur3.programme.phases import GUIDED
from kultur3.store import changes
from kultur3.ui import feedback, wall, widgets
from kultur3.ui.context import cached_read, current_user, lang, read, settings, t
from kultur3.ui.live import wake
from kultur3.ui.live.activities import console_results
from kultur3.ui.live.console import act, hide_reason
from kultur3.ui.live.links import phase_label
from kultur3.ui.live.tickers import _timer
from kultur3.ui.widgets import escape

REASONS = ("personal_data", "offensive", "off_topic", "duplicate", "other")


def moderation_reason() -> None:
    """Why an answer is hidden: chosen before pressing «Skjul» (kept out of the live panel,
    whose every-second redraw must not eat what the facilitator is typing)."""
    left, right = st.columns([1, 2])
    left.selectbox(t("live.hide_reason"), list(REASONS), key="live_console.reason",
                   format_func=lambda r: t(f"reason.{r}"))
    right.text_input(t("live.hide_reason_text"), key="live_console.reason_text", max_chars=200)


def _hide(actor: Actor, answer_id: int) -> None:
    act(live.hide_answer, actor=actor, answer_id=answer_id, reason=hide_reason())


def _console_panel(actor: Actor, gathering_id: int, rendered_phase_version: int) -> None:
    # The panel reruns alone for hours; its buttons must stop with the login session (a
    # logout elsewhere, a deactivation), and its runs keep the session from going idle.
    if current_user() != actor:
        st.rerun(scope="app")
    room = changes.live_name(gathering_id)
    since = wake.token(room)  # before the read: a write after it wakes the wait below
    timer_running = _console_view(actor, gathering_id, rendered_phase_version)
    if wake.wait(room, since, timer_running=timer_running):
        st.rerun(scope="app")  # a page rerun ends normally: what left the room leaves here


def _console_view(actor: Actor, gathering_id: int, rendered_phase_version: int) -> bool:
    """The panel's content; whether a timer is running (it is redrawn every second then)."""
    feedback.show()
    view = cached_read(live.room_view, actor=actor, gathering_id=gathering_id, lang=lang(),
                       include_hidden=True)
    state = view.state
    if state.phase_version != rendered_phase_version:  # another facilitator changed something
        st.rerun(scope="app")
    top = st.columns([2, 1])
    with top[0], st.container(key="live_console.status"):
        # «0 av 16 grupper har svart · Venter på: …» only where the groups give input, as
        # on the projector: at Velkommen it listed all sixteen as late.
        counted = state.phase not in (Phase.WELCOME, Phase.SUMMARY, *GUIDED)
        st.markdown(f"**{phase_label(state.phase.value)}**" + (" · " + t(
            "live.answered_count", done=len(view.answered), total=view.total) if counted else ""))
        if view.waiting and counted:
            st.caption(f"{t('live.waiting_for')}: {escape(', '.join(view.waiting))}")
    with top[1]:
        _timer(state)
    if view.question and not state.revealed:
        st.caption(t("live.not_revealed_yet"))
    wall.console_spotlight(actor, view, act)
    for card in reversed(view.wall):
        with st.container(border=True, key=f"live_console.card.{card.answer_id}"):
            text_col, button_col = st.columns([5, 1])
            who = card.municipality or ""
            text_col.caption(escape(who + (f" · {card.area}" if card.area else "")))
            text_col.markdown(escape(card.text))
            if card.hidden:
                text_col.caption(f"🚫 {t('live.hidden_because')}: {escape(card.hidden_reason)}")
                button_col.button(t("live.restore"), key=f"live_console.restore.{card.answer_id}",
                                  on_click=act, args=(live.restore_answer,),
                                  kwargs={"actor": actor, "answer_id": card.answer_id})
            else:
                button_col.button(t("live.hide"), key=f"live_console.hide.{card.answer_id}",
                                  on_click=_hide, args=(actor, card.answer_id))
                if card.answer_id == state.spotlight_answer_id:
                    button_col.caption(t("live.spotlit_now"))
                elif state.revealed:
                    button_col.button(t("live.show_big"), key=f"live_console.big.{card.answer_id}",
                                      on_click=act, args=(spotlight.set_answer_spotlight,),
                                      kwargs={"actor": actor, "gathering_id": gathering_id,
                                              "answer_id": card.answer_id})
    if view.radar:
        st.dataframe(widgets.gap_table(view.radar), hide_index=True, key="live_console.radar")
    if view.votes or view.area_votes:
        st.dataframe({t("live.target"): [r.label for r in view.area_votes + view.votes],
                      t("common.municipality"): [r.municipality or "" for r in
                                                 view.area_votes + view.votes],
                      t("live.dots"): [r.dots for r in view.area_votes + view.votes]},
                     hide_index=True, key="live_console.votes")
    if state.phase == Phase.ACTIVITY:
        console_results(actor, view.activity)
    return state.timer_running


def console_panel(actor: Actor, gathering_id: int, phase_version: int) -> None:
    """What the room is doing now, redrawn as soon as something happens in it (the panel
    waits for the room's change between its runs; the facilitator follows others)."""
    st.fragment(run_every=settings().live_refresh_s, key="live_console.panel")(_console_panel)(
        actor, gathering_id, phase_version)


def console_export(actor: Actor, state: LiveState) -> None:
    """CSV and Excel of everything in the gathering, at any moment (built on click)."""
    if st.button(t("live.make_export"), key="live_console.make_export"):
        frames = read(live.export_frames, actor=actor, gathering_id=state.gathering_id,
                      lang=lang())
        st.session_state["live_console.export"] = (
            datetime.now(UTC), {name: exports.to_csv(f) for name, f in frames.items()},
            exports.to_excel(frames))
    made = st.session_state.get("live_console.export")
    if not made:
        return
    at, csvs, excel = made
    st.caption(t("live.export_made", time=formatting.fmt_time(at, lang())))
    cols = st.columns(len(csvs) + 1)
    stem = f"samling-{state.gathering_id}"
    for col, (name, data) in zip(cols, csvs.items(), strict=False):
        col.download_button(f"{name}.csv", data, f"{stem}-{name}.csv", "text/csv",
                            key=f"live_console.csv.{name}", on_click="ignore")
    cols[-1].download_button(
        f"{stem}.xlsx", excel, f"{stem}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="live_console.xlsx", on_click="ignore")
