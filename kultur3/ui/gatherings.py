"""The facilitator's gatherings: plan one, set the status of one, find one among many."""

from __future__ import annotations

import streamlit as st

from kultur3.access.permissions import Actor
from kultur3.core import clock
from kultur3.models import GatheringKind, GatheringStatus
from kultur3.programme import gatherings
from kultur3.ui import gathering_edit, keys
from kultur3.ui.context import fmt_date, t
from kultur3.ui.feedback import act
from kultur3.ui.widgets import escape

# Cards shown per kind before the search narrows them: a national programme plans a local
# gathering for each of 357 municipalities; 25 cards fill a few screens and render in well under
# a second, the rest are found by the search above.
CARDS_MAX = 25


def plan_form(actor: Actor, programme_id: int, participants) -> None:
    """Type, title, date, digital or not, and the municipality for a local one."""
    munis = {f"{p.name} ({p.number})": p.number for p in participants}
    with st.form("facilitator_home.plan"):
        st.selectbox(t("gatherings.kind"), [k.value for k in GatheringKind],
                     format_func=lambda k: t(f"kind.{k}"), key="facilitator_home.plan.kind")
        st.text_input(t("gatherings.title"), max_chars=200, key="facilitator_home.plan.title")
        st.date_input(t("common.date"), value=clock.today(), format="DD.MM.YYYY",
                      key="facilitator_home.plan.date")
        st.checkbox(t("gatherings.digital"), key="facilitator_home.plan.digital")
        st.selectbox(t("gatherings.municipality"), ["", *munis],
                     key="facilitator_home.plan.muni")
        st.form_submit_button(t("gatherings.create"), key="facilitator_home.plan.submit",
                              on_click=lambda: act(
                                  gatherings.create_gathering, ok="admin.saved", actor=actor,
                                  programme_id=programme_id,
                                  kind=st.session_state["facilitator_home.plan.kind"],
                                  title=st.session_state["facilitator_home.plan.title"],
                                  held_on=st.session_state["facilitator_home.plan.date"],
                                  is_digital=st.session_state["facilitator_home.plan.digital"],
                                  municipality_number=munis.get(
                                      st.session_state["facilitator_home.plan.muni"])))


def status_control(actor: Actor, gathering_id: int, status: str) -> None:
    """One gathering's status, changed in place."""
    options = [s.value for s in GatheringStatus]
    key = f"facilitator_home.status_{gathering_id}"
    st.session_state[key] = status
    # 260 px: full width, the status read as the card's main control (POLISH.md §2).
    st.selectbox(t("common.status"), options, format_func=lambda s: t(f"status.{s}"), key=key,
                 width=260, on_change=lambda: act(gatherings.set_status, ok="admin.saved", actor=actor,
                                              gathering_id=gathering_id,
                                              status=st.session_state[key]))


def gathering_list(actor: Actor, progress, plans: dict | None = None) -> None:
    """Every gathering of the programme, grouped by kind, found by a search and a filter on
    when: what is on now and coming first (as cards with their status and who has answered),
    what is past in a compact list below. Works for 3 gatherings or 100. plans: the
    gatherings as planned by id (gatherings.planned), for their place, preparation and edit
    form."""
    plans = plans or {}
    search, when = st.columns([2, 2], vertical_alignment="bottom")
    text = search.text_input(t("gatherings.search"), key="facilitator_home.search",
                             max_chars=100, placeholder=t("gatherings.search_hint"))
    choices = ["coming", "past", "all"]
    picked = when.segmented_control(t("gatherings.when"), choices, default="coming",
                                    format_func=lambda c: t(f"gatherings.when_{c}"),
                                    key="facilitator_home.when") or "coming"
    needle = " ".join(text.lower().split())
    rows = [r for r in progress if needle in r.title.lower()] if needle else list(progress)
    past = {GatheringStatus.CLOSED.value}
    if picked == "coming":
        rows = [r for r in rows if r.status not in past]
    elif picked == "past":
        rows = [r for r in rows if r.status in past]
    if not rows:
        st.info(t("gatherings.none_match"))
        return
    order = {GatheringStatus.ACTIVE.value: 0, GatheringStatus.PLANNED.value: 1}
    for kind in GatheringKind:
        mine = [r for r in rows if r.kind == kind.value]
        if not mine:
            continue
        st.header(f"{t(f'kind.{kind.value}')} ({len(mine)})")
        now = sorted((r for r in mine if r.status not in past),
                     key=lambda r: (order.get(r.status, 2), r.held_on))
        done = sorted((r for r in mine if r.status in past), key=lambda r: r.held_on,
                      reverse=True)
        for row in now[:CARDS_MAX]:
            _card(actor, row, plans.get(row.gathering_id))
        if len(now) > CARDS_MAX:
            st.caption(t("gatherings.more", shown=CARDS_MAX, total=len(now)))
        if done:
            with st.expander(t("gatherings.past_count", n=len(done)), expanded=not now):
                for row in done:
                    _line(actor, row)


def _card(actor: Actor, row, plan=None) -> None:
    with st.container(border=True, key=f"facilitator_home.gathering_{row.gathering_id}"):
        when = gathering_edit.when(plan) if plan else fmt_date(row.held_on)
        st.markdown(f"**{escape(row.title)}** · {when}")
        if plan:
            gathering_edit.summary(plan)
        status_control(actor, row.gathering_id, row.status)
        if row.status != GatheringStatus.PLANNED.value:  # nobody is late for a planned one
            _answered(row)
        _room_links(row.gathering_id)
        # The form only on demand: 357 local gatherings with a form each (about 15 widgets)
        # took the page past AppTest's 120 s at national scale (bench, 741 gatherings).
        if plan and st.toggle(t("gatherings.edit"),
                              key=f"facilitator_home.edit_{row.gathering_id}.open"):
            gathering_edit.edit_form(actor, plan)


def _line(actor: Actor, row) -> None:
    with st.container(key=f"facilitator_home.gathering_{row.gathering_id}"):
        left, right = st.columns([3, 1], vertical_alignment="center")
        left.markdown(f"**{escape(row.title)}** · {fmt_date(row.held_on)} · "
                      + t("facilitator.answered_count", done=len(row.answered),
                          total=row.expected))
        with right:
            status_control(actor, row.gathering_id, row.status)


def _room_links(gathering_id: int) -> None:
    """Straight to this gathering's console and projector (?samling= picks it there)."""
    with st.container(horizontal=True, key=f"facilitator_home.links_{gathering_id}"):
        for page in ("live_console", "projector"):
            st.page_link(f"pages/{page}.py", label=t(f"page.{page}"),
                         query_params={keys.GATHERING_PARAM: str(gathering_id)})


def _answered(row) -> None:
    st.progress(len(row.answered) / row.expected if row.expected else 0.0,
                text=t("facilitator.answered_count", done=len(row.answered), total=row.expected))
    if row.missing:
        st.caption(f"{t('facilitator.missing')}: {escape(', '.join(row.missing))}")
