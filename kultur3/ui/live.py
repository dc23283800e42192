"""Widgets of a live gathering: the tickers that follow the room, the console's controls,
the projector's big type, the group screen and dot-voting.

A ticker is a fragment that runs every second or two and asks the database for one number
(the gathering's live counter, or its phase version). While the number stands still it only
redraws the timer; when it moves, it reruns the whole page, which re-reads through caches
keyed on the data version. So an idle screen costs one small query per tick.
"""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime
from urllib.parse import urlencode

import plotly.graph_objects as go
import segno
import streamlit as st

from kultur3 import (
    charts,
    exports,
    formatting,
    joining,
    live,
    phases,
    programmes,
    reports,
    spotlight,
)
from kultur3.errors import Kultur3Error
from kultur3.live import LiveState, RoomView
from kultur3.models import GatheringKind, Phase, Role
from kultur3.permissions import Actor
from kultur3.ui import keys, wall, widgets
from kultur3.ui.admin import run_action, show_result
from kultur3.ui.context import (
    base_url,
    cached_read,
    fmt_date,
    fmt_num,
    lang,
    read,
    settings,
    show_error,
    t,
    write,
)
from kultur3.ui.widgets import escape

PROJECTOR_CSS = """
<style>
/* The projector: read from the back of a room, at 1920x1080 and at 1280x720.
   One base size that follows the screen's width; everything else is a multiple of it. */
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
header[data-testid="stHeader"] { display: none; }
.stMainBlockContainer { padding: 1rem 2rem; max-width: 100%; }
:root { --k3: clamp(20px, 1.45vw, 34px); }
.stMain [data-testid="stMarkdownContainer"] p,
.stMain [data-testid="stMarkdownContainer"] li { font-size: var(--k3); line-height: 1.3; }
.stMain [data-testid="stCaptionContainer"] p { font-size: calc(var(--k3) * 0.8); }
.st-key-projector-question [data-testid="stMarkdownContainer"] p {
  font-size: calc(var(--k3) * 1.9); font-weight: 700; line-height: 1.15; }
.st-key-projector-title [data-testid="stMarkdownContainer"] p {
  font-size: calc(var(--k3) * 1.2); font-weight: 700; }
.st-key-live-timer [data-testid="stMarkdownContainer"] p {
  font-size: calc(var(--k3) * 2.6); font-weight: 800; font-variant-numeric: tabular-nums;
  line-height: 1; }
.st-key-live-updated [data-testid="stCaptionContainer"] p { font-size: calc(var(--k3) * 0.6); }
/* No blank band on top: the style-only elements take no room, the page starts at the top. */
.stMainBlockContainer { padding-top: 0.5rem !important; }
.stMain .stElementContainer:has(> .stHtml > style:only-child) { display: none; }
.st-key-projector-code code { white-space: nowrap; font-size: calc(var(--k3) * 0.7); }
/* A 720-line projector: a smaller question and no bar, so two rows of answers fit below. */
@media (max-height: 800px) {
  .st-key-projector-question [data-testid="stMarkdownContainer"] p {
    font-size: calc(var(--k3) * 1.65); }
  .st-key-projector-status .stElementContainer:has([data-testid="stProgress"]) {
    display: none; }
}
</style>
"""
GROUP_CSS = """
<style>
.st-key-live-timer p { font-size: 1.6em; font-weight: 800; font-variant-numeric: tabular-nums; }
</style>
"""


# --- Links and the QR code --------------------------------------------------------------------


def join_url(code: str) -> str:
    return f"{base_url()}/delta?{urlencode({keys.CODE_PARAM: code})}"


def view_url(token: str) -> str:
    return f"{base_url()}/storskjerm?{urlencode({keys.VIEW_PARAM: token})}"


@st.cache_data(show_spinner=False, max_entries=64)
def qr_png(url: str, scale: int = 10) -> bytes:
    """A QR code for a link, as PNG (high contrast, quiet zone kept)."""
    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="png", scale=scale, border=4)
    return buf.getvalue()


# Phases of local gatherings and leader days: the projector shows what the room is doing.
AGENDA_PHASES = (Phase.SINCE_LAST, Phase.LOG, Phase.RESCORE, Phase.ACTIONS, Phase.PRESENT,
                 Phase.ANCHORING, Phase.DECISIONS)


def phase_label(phase: str) -> str:
    return t(f"phase.{phase}")


# --- Choosing the gathering -------------------------------------------------------------------


def choose_gathering(programme_id: int, municipality_id: int | None, key: str) -> int | None:
    """A gathering picker; preselects the one in the URL, else the active one, else the latest."""
    gatherings = cached_read(programmes.gatherings_for, programme_id=programme_id,
                             municipality_id=municipality_id)
    if not gatherings:
        st.info(t("facilitator.none"))
        return None
    labels = {f"{g.title} ({fmt_date(g.held_on)})": g.id for g in gatherings}
    ids = list(labels.values())
    if key not in st.session_state:
        wanted = st.query_params.get(keys.GATHERING_PARAM, "")
        active = [g.id for g in gatherings if g.status == "active"]
        chosen = next((i for i in ids if str(i) == wanted), (active or ids)[-1])
        st.session_state[key] = next(label for label, i in labels.items() if i == chosen)
    label = st.selectbox(t("common.gathering"), list(labels), key=key)
    gid = labels.get(label, ids[-1])
    st.query_params[keys.GATHERING_PARAM] = str(gid)
    return gid


# --- Tickers ----------------------------------------------------------------------------------


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


# --- The projector ----------------------------------------------------------------------------


def projector(view: RoomView, *, staff: bool) -> None:
    """The big screen: question, timer, how many have answered, the wall or the radar."""
    st.html(PROJECTOR_CSS)
    state = view.state
    left, middle, right = st.columns([4, 2, 3], vertical_alignment="center")
    with left:
        with st.container(key="projector.title"):
            st.markdown(escape(state.title))
        with st.container(key="projector.phase"):
            st.markdown(phase_label(state.phase.value))
    with middle:
        follow_room(state.gathering_id, view.version, state)
    with right, st.container(key="projector.code"):
        _code_corner(state)
    if view.question:
        with st.container(key="projector.question"):
            st.markdown(f"{view.question_number}\\. {escape(view.question)}")
    if state.phase in AGENDA_PHASES:
        with st.container(key="projector.question"):
            st.markdown(t(f"phase_help.{state.phase.value}"))
    if state.phase != Phase.WELCOME and state.phase not in AGENDA_PHASES:
        with st.container(key="projector.status"):
            st.markdown(t("live.answered_count", done=len(view.answered), total=view.total))
            st.progress(len(view.answered) / view.total if view.total else 0.0)
    if state.phase == Phase.WELCOME:
        _welcome(state)
    elif state.phase in (Phase.Q1, Phase.Q2, Phase.Q3):
        wall.show(view)
    elif state.phase in (Phase.SCORING, Phase.Q4, Phase.SUMMARY, Phase.RESCORE, Phase.PRESENT):
        if state.phase == Phase.Q4:
            chart, side = st.columns([3, 2])
            with chart:
                _room_radar(view)
            with side:
                wall.show(view, columns=1)
        else:
            _room_radar(view)
    elif state.phase == Phase.PRIORITISING:
        _vote_results(view)
    if staff:
        st.page_link("pages/live_console.py", label=t("live.to_console"))


def _code_corner(state: LiveState) -> None:
    """While code-joining is on, the way in stays in a corner in every phase: the room code
    with a QR a phone reads from the room (not at welcome, where it is big), or, with the
    room code off, a pointer to the table cards. Plain text, not a faded caption: the link
    must pass AA contrast (Lighthouse measured the caption's #669cba at 2.98:1)."""
    if not (state.code_joining and state.join_code):
        return
    if not state.room_code_open:
        st.markdown(t("live.join_by_table_card"))
        return
    url = join_url(state.join_code)
    text, qr = st.columns([3, 2], vertical_alignment="center")
    with text:
        st.markdown(t("live.join_with_code", code=state.join_code))
        st.markdown(f"`{url.split('?')[0].split('://', 1)[-1]}`")
    if state.phase != Phase.WELCOME:
        qr.image(qr_png(url), width=150, alt=t("live.qr_alt"))


def _welcome(state: LiveState) -> None:
    if not (state.code_joining and state.join_code and state.room_code_open):
        st.markdown(t("live.welcome"))
        return
    qr, text = st.columns([1, 2], vertical_alignment="center")
    url = join_url(state.join_code)
    qr.image(qr_png(url), width=360, alt=t("live.qr_alt"))
    with text:
        st.markdown(t("live.welcome"))
        st.markdown(t("live.scan_or_type", url=url.split("?")[0], code=state.join_code))


def _room_radar(view: RoomView) -> None:
    if not view.radar:
        st.info(t("live.hidden_until_revealed") if not view.state.revealed
                else t("live.no_scores_yet"))
        return
    title = (t("live.radar_spotlight", name=view.radar_title) if view.radar_title
             else t("live.radar_room", n=view.radar_groups))
    fig = charts.gap_radar(view.radar, desired_label=t("common.desired"),
                           current_label=t("common.current"), gap_label=t("common.gap"),
                           title=title, band=None if view.radar_title else view.band,
                           band_label=t("live.iqr_band"),
                           separators=formatting.plotly_separators(lang()),
                           fmt=fmt_num)
    fig.update_layout(font={"size": 22}, height=620, title={"font": {"size": 26}})
    st.plotly_chart(fig, key="projector.radar", config={"displaylogo": False,
                                                         "displayModeBar": False})
    widgets.chart_alternative("live.radar_alt", widgets.gap_table(view.radar),
                              key="projector.radar")


def _vote_results(view: RoomView) -> None:
    if not view.state.revealed:
        st.info(t("live.hidden_until_revealed"))
        return
    if not view.area_votes and not view.votes:
        st.caption(t("live.no_votes_yet"))
        return
    chart, top = st.columns([3, 2])
    if view.area_votes:
        fig = go.Figure(go.Bar(x=[r.dots for r in view.area_votes][::-1],
                               y=[charts.wrap(r.label, 28) for r in view.area_votes][::-1],
                               orientation="h", marker_color="#0072B2",
                               text=[r.dots for r in view.area_votes][::-1],
                               textposition="outside"))
        fig.update_layout(font={"size": 22}, height=90 + 56 * len(view.area_votes),
                          margin={"l": 10, "r": 40, "t": 50, "b": 10},
                          title=t("live.votes_by_area"), xaxis={"visible": False})
        chart.plotly_chart(fig, key="projector.votes", config={"displayModeBar": False})
    with top, st.container(key="projector.top_actions"):
        st.markdown(f"**{t('live.top_actions')}**")
        for r in view.votes:
            who = f" – {escape(r.municipality)}" if r.municipality else ""
            st.markdown(f"{r.dots} ● {escape(r.label)}{who}")


# --- The facilitator's console ----------------------------------------------------------------


def _act(fn, **kwargs) -> None:
    run_action(fn, "admin.saved", **kwargs)


def console_controls(actor: Actor, state: LiveState, municipalities: list[tuple[int, str]]
                     ) -> None:
    """Phase, input lock, reveal, anonymity, spotlight and the timer."""
    gid = state.gathering_id
    phase_key = "live_console.phase"
    st.session_state[phase_key] = state.phase.value
    st.segmented_control(
        t("live.phase"), [p.value for p in state.agenda], format_func=phase_label, key=phase_key,
        on_change=lambda: st.session_state.get(phase_key) and _act(
            live.set_phase, actor=actor, gathering_id=gid, phase=st.session_state[phase_key]))
    back, forward, _ = st.columns([1, 1, 4])
    back.button(t("live.previous_phase"), key="live_console.back", on_click=_act,
                args=(live.set_phase,), kwargs={"actor": actor, "gathering_id": gid,
                                                "phase": phases.previous_phase(state.phase,
                                                                               state.agenda)})
    forward.button(t("live.next_phase"), key="live_console.next", type="primary",
                   on_click=_act, args=(live.set_phase,),
                   kwargs={"actor": actor, "gathering_id": gid,
                           "phase": phases.next_phase(state.phase, state.agenda)})
    show_result()
    a, b, c, d = st.columns(4)
    _toggle(a, "live_console.input_open", t("live.input_open", phase=phase_label(
        state.phase.value)), state.input_open, lambda v: _act(
        live.set_input_open, actor=actor, gathering_id=gid, phase=state.phase.value, is_open=v))
    _toggle(b, "live_console.revealed", t("live.reveal"), state.revealed, lambda v: _act(
        live.set_revealed, actor=actor, gathering_id=gid, phase=state.phase.value, revealed=v))
    _toggle(c, "live_console.anonymous", t("live.anonymous"), state.anonymous, lambda v: _act(
        live.set_anonymous, actor=actor, gathering_id=gid, anonymous=v))
    names = {name: mid for mid, name in municipalities}
    whole = t("live.whole_room")
    spot_key = "live_console.spotlight"
    current = next((n for n, m in names.items() if m == state.spotlight_municipality_id), whole)
    st.session_state[spot_key] = current
    d.selectbox(t("live.spotlight"), [whole, *names], key=spot_key, disabled=state.anonymous,
                on_change=lambda: _act(live.set_spotlight, actor=actor, gathering_id=gid,
                                       municipality_id=names.get(st.session_state[spot_key])))
    _timer_controls(actor, state)


def _toggle(where, key: str, label: str, value: bool, save) -> None:
    st.session_state[key] = value
    where.toggle(label, key=key, on_change=lambda: save(bool(st.session_state[key])))


def _timer_controls(actor: Actor, state: LiveState) -> None:
    gid = state.gathering_id
    st.markdown(f"**{t('live.timer')}**")
    cols = st.columns([2, 1, 1, 1, 1, 1])
    cols[0].number_input(t("live.minutes"), min_value=1, max_value=180, value=5, step=1,
                         key="live_console.minutes")
    timer = state.timer()

    def op(name: str, seconds: int = 0):
        return lambda: _act(live.timer, actor=actor, gathering_id=gid, op=name, seconds=seconds)

    cols[1].button(t("live.timer_start"), key="live_console.timer_start",
                   on_click=lambda: _act(live.timer, actor=actor, gathering_id=gid, op="start",
                                         seconds=int(st.session_state["live_console.minutes"])
                                         * 60))
    if timer.running:
        cols[2].button(t("live.timer_pause"), key="live_console.timer_pause", on_click=op("pause"))
    else:
        cols[2].button(t("live.timer_resume"), key="live_console.timer_resume",
                       on_click=op("resume"), disabled=not timer.remaining_s)
    cols[3].button("+1 min", key="live_console.timer_plus1", on_click=op("add", 60))
    cols[4].button("+5 min", key="live_console.timer_plus5", on_click=op("add", 300))
    cols[5].button(t("live.timer_reset"), key="live_console.timer_reset", on_click=op("reset"))


def table_cards_download(actor: Actor, state: LiveState) -> None:
    """Table cards as a PDF: one page per municipality with its own code and QR. The codes
    are made when the facilitator asks for the cards (a write), not on every rerun."""
    st.caption(t("live.table_cards_help"))
    pdf_key = f"live_console.table_cards.{state.gathering_id}"
    if st.button(t("live.table_cards_make"), key="live_console.table_cards"):
        try:
            cards = write(joining.table_cards, actor=actor, gathering_id=state.gathering_id)
        except Kultur3Error as exc:
            show_error(exc)
            return
        text = reports.TableCardText(
            gathering=state.title, scan=t("live.card_scan"),
            or_type=t("live.card_or_type", url=f"{base_url()}/delta"),
            wifi=t("live.card_wifi"), demo_note=t("app.demo_banner") if settings().demo_mode
            else None)
        st.session_state[pdf_key] = reports.table_cards(
            text=text, cards=[(c.name, c.code, join_url(c.code)) for c in cards])
    if st.session_state.get(pdf_key):
        st.download_button(t("live.table_cards_download"), st.session_state[pdf_key],
                           file_name=f"bordkort-{state.gathering_id}.pdf",
                           mime="application/pdf", key="live_console.table_cards_pdf")


def console_joining(actor: Actor, state: LiveState) -> None:
    """Code-joining, the join code and QR, the projector's view link, dots per person."""
    gid = state.gathering_id
    left, right = st.columns(2)
    with left:
        _toggle(st, "live_console.code_joining", t("live.code_joining"), state.code_joining,
                lambda v: _act(joining.set_code_joining, actor=actor, gathering_id=gid, enabled=v))
        if state.join_code:
            with st.container(key="live_console.join_code"):
                st.markdown(t("live.join_with_code", code=state.join_code))
            st.code(join_url(state.join_code), language=None)
            st.image(qr_png(join_url(state.join_code), scale=5), width=180,
                     alt=t("live.qr_alt"))
            st.button(t("live.new_code"), key="live_console.new_code", on_click=_act,
                      args=(joining.new_join_code,), kwargs={"actor": actor, "gathering_id": gid})
            _toggle(st, "live_console.room_code_open", t("live.room_code_open"),
                    state.room_code_open,
                    lambda v: _act(joining.set_room_code_open, actor=actor, gathering_id=gid,
                                   enabled=v))
        else:
            st.button(t("live.make_code"), key="live_console.make_code", on_click=_act,
                      args=(joining.ensure_join_code,), kwargs={"actor": actor, "gathering_id": gid})
        table_cards_download(actor, state)
    with right:
        st.markdown(f"**{t('page.projector')}**")
        st.page_link("pages/projector.py", label=t("live.open_projector"),
                     query_params={keys.GATHERING_PARAM: str(gid)})
        if state.view_token:
            st.caption(t("live.view_link_help"))
            st.code(view_url(state.view_token), language=None)
        st.button(t("live.new_view_link"), key="live_console.view_link", on_click=_act,
                  args=(live.new_view_token,), kwargs={"actor": actor, "gathering_id": gid})
        dots_key = "live_console.dots"
        st.session_state[dots_key] = state.dots_per_person
        st.number_input(t("live.dots_per_person"), min_value=1, max_value=10, step=1,
                        key=dots_key, on_change=lambda: _act(
                            live.set_dots, actor=actor, gathering_id=gid,
                            dots=int(st.session_state[dots_key])))


def console_agenda(actor: Actor, state: LiveState) -> None:
    """Add, remove and reorder the gathering's phases (the multiselect keeps the order in which
    phases are picked); or go back to the kind's default."""
    key = f"live_console.agenda.{state.gathering_id}.{state.phase_version}"  # fresh after a save
    with st.form(f"{key}.form"):
        st.multiselect(t("live.agenda"), [p.value for p in Phase], format_func=phase_label,
                       default=[p.value for p in state.agenda], key=key,
                       help=t("live.agenda_help"))
        st.form_submit_button(t("live.agenda_save"), key="live_console.agenda_save",
                              on_click=lambda: _act(live.set_agenda, actor=actor,
                                                    gathering_id=state.gathering_id,
                                                    agenda=st.session_state.get(key, [])))
    default = [p.value for p in phases.AGENDAS[GatheringKind(state.kind)]]
    st.button(t("live.agenda_reset"), key="live_console.agenda_reset", on_click=_act,
              args=(live.set_agenda,), kwargs={"actor": actor, "gathering_id": state.gathering_id,
                                               "agenda": default})


def console_municipalities(actor: Actor, programme_id: int, state: LiveState,
                           municipalities: list[tuple[int, str]]) -> None:
    """Which municipalities the gathering is run for."""
    everyone = {p.name: p.municipality_id for p in cached_read(
        programmes.participants, programme_id=programme_id)}
    with st.form("live_console.municipalities_form"):
        st.multiselect(t("live.municipalities"), list(everyone),
                       default=[name for _, name in municipalities if name in everyone],
                       key="live_console.municipalities", placeholder=t("common.choose"))
        st.form_submit_button(t("common.save"), key="live_console.municipalities_save",
                              on_click=lambda: _act(
                                  live.set_municipalities, actor=actor,
                                  gathering_id=state.gathering_id,
                                  municipality_ids=[everyone[n] for n in st.session_state[
                                      "live_console.municipalities"] if n in everyone]))


REASONS = ("personal_data", "offensive", "off_topic", "duplicate", "other")


def moderation_reason() -> None:
    """Why an answer is hidden: chosen before pressing «Skjul» (kept out of the live panel,
    whose every-second redraw must not eat what the facilitator is typing)."""
    left, right = st.columns([1, 2])
    left.selectbox(t("live.hide_reason"), list(REASONS), key="live_console.reason",
                   format_func=lambda r: t(f"reason.{r}"))
    right.text_input(t("live.hide_reason_text"), key="live_console.reason_text", max_chars=200)


def _hide(actor: Actor, answer_id: int) -> None:
    reason = t(f"reason.{st.session_state.get('live_console.reason', 'other')}")
    extra = (st.session_state.get("live_console.reason_text") or "").strip()
    _act(live.hide_answer, actor=actor, answer_id=answer_id,
         reason=f"{reason}: {extra}" if extra else reason)


def _console_panel(actor: Actor, gathering_id: int, rendered_phase_version: int) -> None:
    show_result()
    view = cached_read(live.room_view, actor=actor, gathering_id=gathering_id, lang=lang(),
                       include_hidden=True)
    state = view.state
    if state.phase_version != rendered_phase_version:  # another facilitator changed something
        st.rerun(scope="app")
    top = st.columns([2, 1])
    with top[0], st.container(key="live_console.status"):
        st.markdown(f"**{phase_label(state.phase.value)}** · "
                    + t("live.answered_count", done=len(view.answered), total=view.total))
        if view.waiting:
            st.caption(f"{t('live.waiting_for')}: {escape(', '.join(view.waiting))}")
    with top[1]:
        _timer(state)
    if view.question and not state.revealed:
        st.caption(t("live.not_revealed_yet"))
    wall.console_spotlight(actor, view, _act)
    for card in reversed(view.wall):
        with st.container(border=True, key=f"live_console.card.{card.answer_id}"):
            text_col, button_col = st.columns([5, 1])
            who = card.municipality or ""
            text_col.caption(escape(who + (f" · {card.area}" if card.area else "")))
            text_col.markdown(escape(card.text))
            if card.hidden:
                text_col.caption(f"🚫 {t('live.hidden_because')}: {escape(card.hidden_reason)}")
                button_col.button(t("live.restore"), key=f"live_console.restore.{card.answer_id}",
                                  on_click=_act, args=(live.restore_answer,),
                                  kwargs={"actor": actor, "answer_id": card.answer_id})
            else:
                button_col.button(t("live.hide"), key=f"live_console.hide.{card.answer_id}",
                                  on_click=_hide, args=(actor, card.answer_id))
                if card.answer_id == state.spotlight_answer_id:
                    button_col.caption(t("live.spotlit_now"))
                elif state.revealed:
                    button_col.button(t("live.show_big"), key=f"live_console.big.{card.answer_id}",
                                      on_click=_act, args=(spotlight.set_answer_spotlight,),
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


def console_panel(actor: Actor, gathering_id: int, phase_version: int) -> None:
    """What the room is doing now, redrawn every second (the facilitator follows others)."""
    st.fragment(run_every=settings().live_refresh_s)(_console_panel)(
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


# --- The group screen -------------------------------------------------------------------------


def phase_bar(state: LiveState) -> None:
    """Where the room is: phase, timer, and whether input is open. Follows the facilitator."""
    st.html(GROUP_CSS)
    left, right = st.columns([3, 1], vertical_alignment="center")
    with left, st.container(key="live_group.phase"):
        st.markdown(f"### {phase_label(state.phase.value)}")
        if not state.input_open:
            st.warning(t("live.input_locked_banner"))
    with right:
        follow_phase(state.gathering_id, state)


def participant_guest_key(actor: Actor) -> str | None:
    """A participant scores as itself; a group device's guest gets a key per browser session."""
    if actor.role == Role.PARTICIPANT:
        return f"p{actor.participant_id}"
    return None


def voting(actor: Actor, state: LiveState, municipality_id: int, members) -> None:
    """Dot-voting: who is voting, how many dots are left, a dot on or off per target."""
    gid = state.gathering_id
    if actor.role == Role.PARTICIPANT:
        voter = ""
    else:
        names = {f"{m.name} ({m.group_role})": f"m{m.id}" for m in members}
        guest = st.session_state.setdefault("live_group.guest_voter", f"g{uuid.uuid4().hex[:16]}")
        names[t("workshop.guest")] = guest
        label = st.selectbox(t("live.who_votes"), list(names), index=None,
                             key=f"live_group.voter.{gid}", placeholder=t("workshop.pick_name"))
        if label is None or label not in names:
            return
        voter = names[label]
    targets = cached_read(live.vote_targets, actor=actor, gathering_id=gid,
                          municipality_id=municipality_id, lang=lang())
    mine = cached_read(live.my_dots, actor=actor, gathering_id=gid,
                       municipality_id=municipality_id, voter_key=voter)
    left = state.dots_per_person - sum(mine.values())
    with st.container(key="live_group.dots_left"):
        st.markdown(t("live.dots_left", left=left, total=state.dots_per_person))
    kw = {"actor": actor, "gathering_id": gid, "municipality_id": municipality_id,
          "voter_key": voter}
    for heading, kind in (("live.vote_actions", "action"), ("live.vote_areas", "area")):
        group = [x for x in targets if x.kind == kind]
        if not group:
            continue
        st.markdown(f"**{t(heading)}**")
        for target in group:
            n = mine.get((kind, target.target_id), 0)
            text, minus, plus = st.columns([6, 1, 1], vertical_alignment="center")
            text.markdown(f"{'●' * n}{'○' if not n else ''} {escape(target.label)}")
            base = f"live_group.vote.{kind}.{target.target_id}"
            minus.button("−", key=f"{base}.minus", disabled=not n or not state.input_open,
                         help=t("live.remove_dot"), on_click=_act,
                         args=(live.remove_dot,), kwargs={**kw, "kind": kind,
                                                          "target_id": target.target_id})
            plus.button("+", key=f"{base}.plus", disabled=left <= 0 or not state.input_open,
                        help=t("live.add_dot"), on_click=_act,
                        args=(live.add_dot,), kwargs={**kw, "kind": kind,
                                                      "target_id": target.target_id})
    show_result()

