"""The facilitator console's controls: phases, toggles, the timer, joining (room code,
table cards, view link), the agenda and the gathering's municipalities."""

from __future__ import annotations

import streamlit as st

from kultur3 import live
from kultur3.access.permissions import Actor
from kultur3.insight import pdf
from kultur3.live import LiveState, joining
from kultur3.models import GatheringKind, Phase
from kultur3.programme import catalogue, phases
from kultur3.ui import feedback, keys
from kultur3.ui.context import (
    base_url,
    cached_read,
    settings,
    t,
)
from kultur3.ui.live.links import join_url, phase_label, qr_png, view_url


def act(fn, **kwargs) -> None:
    """A button's service call, its outcome kept as the page's message."""
    feedback.act(fn, ok="admin.saved", **kwargs)


def console_controls(actor: Actor, state: LiveState, municipalities: list[tuple[int, str]]
                     ) -> None:
    """Phase, input lock, reveal, anonymity, spotlight and the timer."""
    gid = state.gathering_id
    phase_key = "live_console.phase"
    st.session_state[phase_key] = state.phase.value
    st.segmented_control(
        t("live.phase"), [p.value for p in state.agenda], format_func=phase_label, key=phase_key,
        on_change=lambda: st.session_state.get(phase_key) and act(
            live.set_phase, actor=actor, gathering_id=gid, phase=st.session_state[phase_key]))
    back, forward, _ = st.columns([1, 1, 4])
    back.button(t("live.previous_phase"), key="live_console.back", on_click=act,
                args=(live.set_phase,), kwargs={"actor": actor, "gathering_id": gid,
                                                "phase": phases.previous_phase(state.phase,
                                                                               state.agenda)})
    forward.button(t("live.next_phase"), key="live_console.next", type="primary",
                   on_click=act, args=(live.set_phase,),
                   kwargs={"actor": actor, "gathering_id": gid,
                           "phase": phases.next_phase(state.phase, state.agenda)})
    feedback.show()
    # Two by two: in four columns «Innspill åpent (Velkommen)» and «Vis resultater på
    # storskjermen» were cut at 1280 px (live_console-1280x720.png).
    a, b = st.columns(2)
    c, d = st.columns(2)
    _toggle(a, "live_console.input_open", t("live.input_open", phase=phase_label(
        state.phase.value)), state.input_open, lambda v: act(
        live.set_input_open, actor=actor, gathering_id=gid, phase=state.phase.value, is_open=v))
    _toggle(b, "live_console.revealed", t("live.reveal"), state.revealed, lambda v: act(
        live.set_revealed, actor=actor, gathering_id=gid, phase=state.phase.value, revealed=v))
    _toggle(c, "live_console.anonymous", t("live.anonymous"), state.anonymous, lambda v: act(
        live.set_anonymous, actor=actor, gathering_id=gid, anonymous=v))
    names = {name: mid for mid, name in municipalities}
    whole = t("live.whole_room")
    spot_key = "live_console.spotlight"
    current = next((n for n, m in names.items() if m == state.spotlight_municipality_id), whole)
    st.session_state[spot_key] = current
    d.selectbox(t("live.spotlight"), [whole, *names], key=spot_key, disabled=state.anonymous,
                on_change=lambda: act(live.set_spotlight, actor=actor, gathering_id=gid,
                                       municipality_id=names.get(st.session_state[spot_key])))
    _toggle(st, "live_console.room_scores", t("live.room_scores_counted"),
            state.room_scores_counted, lambda v: act(
                live.set_room_scores_counted, actor=actor, gathering_id=gid, counted=v))
    st.caption(t("live.room_scores_help"))
    _timer_controls(actor, state)


def _toggle(where, key: str, label: str, value: bool, save) -> None:
    st.session_state[key] = value
    where.toggle(label, key=key, on_change=lambda: save(bool(st.session_state[key])))


def _timer_controls(actor: Actor, state: LiveState) -> None:
    """One compact row: minutes and «Start», then pause or go on, +1, +5 and reset only once
    a timer is set (spread over the full width, with «Fortsett» greyed before anything had
    started, the row read as six equal choices; POLISH.md §2)."""
    gid = state.gathering_id
    timer = state.timer()

    def op(name: str, seconds: int = 0):
        return lambda: act(live.timer, actor=actor, gathering_id=gid, op=name, seconds=seconds)

    with st.container(horizontal=True, vertical_alignment="bottom", key="live_console.timer_row"):
        st.number_input(t("live.timer") + " · " + t("live.minutes"), min_value=1, max_value=180,
                        value=5, step=1, key="live_console.minutes", width=170)
        st.button(t("live.timer_start"), key="live_console.timer_start",
                  on_click=lambda: act(live.timer, actor=actor, gathering_id=gid, op="start",
                                       seconds=int(st.session_state["live_console.minutes"])
                                       * 60))
        if timer.running:
            st.button(t("live.timer_pause"), key="live_console.timer_pause", on_click=op("pause"))
        elif timer.remaining_s:
            st.button(t("live.timer_resume"), key="live_console.timer_resume",
                      on_click=op("resume"))
        if timer.label:
            st.button("+1 min", key="live_console.timer_plus1", on_click=op("add", 60))
            st.button("+5 min", key="live_console.timer_plus5", on_click=op("add", 300))
            st.button(t("live.timer_reset"), key="live_console.timer_reset", on_click=op("reset"))


def table_cards_download(actor: Actor, state: LiveState) -> None:
    """Table cards as a PDF: one page per municipality with its own code and QR. The codes
    are made when the facilitator asks for the cards (a write), not on every rerun."""
    st.caption(t("live.table_cards_help"))
    pdf_key = f"live_console.table_cards.{state.gathering_id}"
    if st.button(t("live.table_cards_make"), key="live_console.table_cards"):
        made = feedback.act(joining.table_cards, actor=actor, gathering_id=state.gathering_id)
        if not made.ok:
            feedback.show()  # asked for in this run: say why here
            return
        cards = made.value
        text = pdf.TableCardText(
            gathering=state.title, scan=t("live.card_scan"),
            or_type=t("live.card_or_type", url=f"{base_url()}/delta"),
            wifi=t("live.card_wifi"), demo_note=t("app.demo_banner") if settings().demo_mode
            else None)
        st.session_state[pdf_key] = pdf.table_cards(
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
                lambda v: act(joining.set_code_joining, actor=actor, gathering_id=gid, enabled=v))
        if state.join_code:
            with st.container(key="live_console.join_code"):
                st.markdown(t("live.join_with_code", code=state.join_code))
            st.code(join_url(state.join_code), language=None)
            st.image(qr_png(join_url(state.join_code), scale=5), width=180,
                     alt=t("live.qr_alt"))
            st.button(t("live.new_code"), key="live_console.new_code", on_click=act,
                      args=(joining.new_join_code,), kwargs={"actor": actor, "gathering_id": gid})
            _toggle(st, "live_console.room_code_open", t("live.room_code_open"),
                    state.room_code_open,
                    lambda v: act(joining.set_room_code_open, actor=actor, gathering_id=gid,
                                   enabled=v))
        else:
            st.button(t("live.make_code"), key="live_console.make_code", on_click=act,
                      args=(joining.ensure_join_code,), kwargs={"actor": actor, "gathering_id": gid})
        table_cards_download(actor, state)
    with right:
        st.markdown(f"**{t('page.projector')}**")
        st.page_link("pages/projector.py", label=t("live.open_projector"),
                     query_params={keys.GATHERING_PARAM: str(gid)})
        if state.view_token:
            st.caption(t("live.view_link_help"))
            st.code(view_url(state.view_token), language=None)
        st.button(t("live.new_view_link"), key="live_console.view_link", on_click=act,
                  args=(live.new_view_token,), kwargs={"actor": actor, "gathering_id": gid})
        dots_key = "live_console.dots"
        st.session_state[dots_key] = state.dots_per_person
        st.number_input(t("live.dots_per_person"), min_value=1, max_value=10, step=1,
                        key=dots_key, on_change=lambda: act(
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
                              on_click=lambda: act(live.set_agenda, actor=actor,
                                                    gathering_id=state.gathering_id,
                                                    agenda=st.session_state.get(key, [])))
    default = [p.value for p in phases.AGENDAS[GatheringKind(state.kind)]]
    st.button(t("live.agenda_reset"), key="live_console.agenda_reset", on_click=act,
              args=(live.set_agenda,), kwargs={"actor": actor, "gathering_id": state.gathering_id,
                                               "agenda": default})


def console_municipalities(actor: Actor, programme_id: int, state: LiveState,
                           municipalities: list[tuple[int, str]]) -> None:
    """Which municipalities the gathering is run for."""
    everyone = {p.name: p.municipality_id for p in cached_read(
        catalogue.participants, programme_id=programme_id)}
    with st.form("live_console.municipalities_form"):
        st.multiselect(t("live.municipalities"), list(everyone),
                       default=[name for _, name in municipalities if name in everyone],
                       key="live_console.municipalities", placeholder=t("common.choose"))
        st.form_submit_button(t("common.save"), key="live_console.municipalities_save",
                              on_click=lambda: act(
                                  live.set_municipalities, actor=actor,
                                  gathering_id=state.gathering_id,
                                  municipality_ids=[everyone[n] for n in st.session_state[
                                      "live_console.municipalities"] if n in everyone]))


def hide_reason() -> str:
    """The reason the console's picker and its free text give for hiding an answer or an
    activity's entry: «Personopplysninger: navnet på en elev»."""
    reason = t(f"reason.{st.session_state.get('live_console.reason', 'other')}")
    extra = (st.session_state.get("live_console.reason_text") or "").strip()
    return f"{reason}: {extra}" if extra else reason
