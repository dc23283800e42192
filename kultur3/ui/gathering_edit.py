"""Changing a planned gathering on /samlinger: edit, reschedule, cancel, delete; the
preparation task and who has done it; local gatherings for every municipality at once.

The edit form keeps the version it was filled from in the session (not the version of the
latest render), so a save after someone else's is a conflict, never a silent overwrite, and
what was typed stays in the form. After a conflict the form takes the saved version as its
base (the card above shows the gathering as saved): a second, deliberate save replaces it."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import streamlit as st

from kultur3.access.permissions import Actor
from kultur3.core import clock
from kultur3.core.errors import Conflict
from kultur3.models import GatheringKind
from kultur3.programme import gathering_plan, gatherings
from kultur3.programme.gatherings import GatheringPlan
from kultur3.ui.context import fmt_date, t
from kultur3.ui.feedback import act
from kultur3.ui.widgets import escape

FIELDS = ("title", "kind", "date", "starts", "ends", "place", "video", "description",
          "materials", "prep")
LOCAL_KINDS = [GatheringKind.LOKAL_SAMLING.value, GatheringKind.LEDEROPPFOLGING.value]


def safe_url(url: str) -> str:
    """A stored http(s) link, made safe inside a Markdown link: the characters that could end
    the link or open HTML are percent-encoded."""
    return quote(url, safe=":/?#[]@!$&'*+,;=%~-._")


def when(plan) -> str:
    """«12.03.2027 · 09:00–15:30», the times only when set."""
    text = fmt_date(plan.held_on)
    if plan.starts_at:
        text += f" · {plan.starts_at:%H:%M}"
        if plan.ends_at:
            text += f"–{plan.ends_at:%H:%M}"
    return text


def where(plan) -> str:
    """The place (escaped) and the video link (as a link), as Markdown."""
    parts = [escape(plan.place)] if plan.place else []
    if plan.video_link:
        parts.append(f"[{t('gatherings.video_link')}]({safe_url(plan.video_link)})")
    return " · ".join(parts)


def materials(plan: GatheringPlan) -> str:
    return " · ".join(f"[{escape(label)}]({safe_url(url)})" for label, url in plan.materials)


def summary(plan: GatheringPlan) -> None:
    """What a card shows of the plan: place, materials, the task and who has done it."""
    if plan.cancelled:
        st.warning(t("gatherings.cancelled_mark"))
    parts = [where(plan)] if plan.place or plan.video_link else []
    if plan.materials:
        parts.append(f"{t('gatherings.materials')}: {materials(plan)}")
    if parts:
        st.markdown(" · ".join(parts))
    if plan.prep_task:
        st.caption(t("gatherings.prep_done_count", task=escape(plan.prep_task),
                     done=len(plan.prepared), total=len(plan.invited)))
        waiting = [n for n in plan.invited if n not in plan.prepared]
        if plan.prepared:
            st.caption(f"{t('gatherings.prep_done_by')}: {escape(', '.join(plan.prepared))}")
        if waiting and plan.prepared:
            st.caption(f"{t('gatherings.prep_waiting')}: {escape(', '.join(waiting))}")


def _key(gid: int, name: str) -> str:
    return f"facilitator_home.edit_{gid}.{name}"


def _seed(plan: GatheringPlan) -> None:
    """Fill the form from the plan once; later renders keep what was typed (after a
    conflict only the base moves to the version saved now)."""
    base = _key(plan.id, "base")
    if base in st.session_state:
        if st.session_state[base] is None:
            st.session_state[base] = plan.edit_version
        return
    values = {"title": plan.title, "kind": plan.kind, "date": plan.held_on,
              "starts": plan.starts_at, "ends": plan.ends_at, "place": plan.place,
              "video": plan.video_link, "description": plan.description,
              "materials": gathering_plan.materials_text(
                  [{"label": label, "url": url} for label, url in plan.materials]),
              "prep": plan.prep_task or None}
    for name, value in values.items():
        st.session_state[_key(plan.id, name)] = value
    st.session_state[_key(plan.id, "base")] = plan.edit_version


def _forget(gid: int) -> None:
    for name in (*FIELDS, "base"):
        st.session_state.pop(_key(gid, name), None)


def _save(actor: Actor, gid: int) -> None:
    state = st.session_state
    outcome = act(gatherings.update_gathering, ok="gatherings.saved", actor=actor,
                  gathering_id=gid, base_version=state[_key(gid, "base")],
                  title=state[_key(gid, "title")], kind=state[_key(gid, "kind")],
                  held_on=state[_key(gid, "date")], starts_at=state[_key(gid, "starts")],
                  ends_at=state[_key(gid, "ends")], place=state[_key(gid, "place")],
                  video_link=state[_key(gid, "video")],
                  description=state[_key(gid, "description")],
                  materials=state[_key(gid, "materials")],
                  prep_task=state[_key(gid, "prep")] or "")
    if outcome.error is None:
        _forget(gid)  # the next render fills the form from the saved gathering
    elif isinstance(outcome.error, Conflict):
        state[_key(gid, "base")] = None  # the next render takes the version saved now


def edit_form(actor: Actor, plan: GatheringPlan) -> None:
    """Every field of one gathering, its cancel and its delete."""
    _seed(plan)
    gid = plan.id
    kinds = ([GatheringKind.FELLESSAMLING.value] if plan.municipality_id is None
             else LOCAL_KINDS)
    with st.form(f"facilitator_home.edit_{gid}"):
        st.text_input(t("gatherings.title"), max_chars=200, key=_key(gid, "title"))
        # A row of columns a pair: on a phone the columns stack, and two columns of three
        # fields put the date after the place and the end time far from the start.
        left, right = st.columns(2)
        left.selectbox(t("gatherings.kind"), kinds, format_func=lambda k: t(f"kind.{k}"),
                       key=_key(gid, "kind"))
        right.date_input(t("common.date"), format="DD.MM.YYYY", key=_key(gid, "date"))
        left, right = st.columns(2)
        left.time_input(t("gatherings.starts_at"), step=timedelta(minutes=15),
                        key=_key(gid, "starts"))
        right.time_input(t("gatherings.ends_at"), step=timedelta(minutes=15),
                         key=_key(gid, "ends"))
        left, right = st.columns(2)
        left.text_input(t("gatherings.place"), max_chars=200, key=_key(gid, "place"))
        right.text_input(t("gatherings.video_link"), max_chars=500, key=_key(gid, "video"),
                         placeholder="https://")
        st.text_area(t("gatherings.description"), max_chars=2000,
                     key=_key(gid, "description"))
        st.text_area(t("gatherings.materials"), key=_key(gid, "materials"),
                     help=t("gatherings.materials_help"),
                     placeholder=t("gatherings.materials_hint"))
        tasks = [t("gatherings.prep_score"), t("gatherings.prep_case")]
        if plan.prep_task and plan.prep_task not in tasks:
            tasks.append(plan.prep_task)
        st.selectbox(t("gatherings.prep_task"), tasks, index=None, accept_new_options=True,
                     key=_key(gid, "prep"), placeholder=t("gatherings.prep_hint"))
        st.form_submit_button(t("common.save"), key=_key(gid, "submit"), type="primary",
                              on_click=lambda: _save(actor, gid))
    cancel, remove = st.columns(2)
    label = "gatherings.uncancel" if plan.cancelled else "gatherings.cancel"
    cancel.button(t(label), key=_key(gid, "cancel"), on_click=lambda: act(
        gatherings.cancel_gathering, ok="gatherings.saved", actor=actor, gathering_id=gid,
        cancelled=not plan.cancelled))
    if plan.has_work:
        remove.caption(t("gatherings.has_work"))
    elif remove.toggle(t("gatherings.delete_confirm"), key=_key(gid, "sure")):
        remove.button(t("gatherings.delete"), key=_key(gid, "delete"), on_click=lambda: act(
            gatherings.delete_gathering, ok="gatherings.deleted", actor=actor,
            gathering_id=gid))


def bulk_form(actor: Actor, programme_id: int) -> None:
    """Local gatherings or leader follow-up days for every municipality enrolled."""
    today = clock.today()
    with st.form("facilitator_home.bulk"):
        st.caption(t("gatherings.bulk_help"))
        st.selectbox(t("gatherings.kind"), LOCAL_KINDS, format_func=lambda k: t(f"kind.{k}"),
                     key="facilitator_home.bulk.kind")
        left, right = st.columns(2)
        left.date_input(t("gatherings.first_day"), value=today, format="DD.MM.YYYY",
                        key="facilitator_home.bulk.first")
        right.date_input(t("gatherings.last_day"), value=today + timedelta(days=28),
                         format="DD.MM.YYYY", key="facilitator_home.bulk.last")
        name = gathering_plan.PLACEHOLDER
        st.text_input(t("gatherings.pattern", placeholder=name),
                      value=t("gatherings.pattern_default", placeholder=name),
                      max_chars=200, key="facilitator_home.bulk.pattern")
        st.form_submit_button(t("gatherings.bulk_create"), key="facilitator_home.bulk.submit",
                              on_click=lambda: _bulk(actor, programme_id))


def _bulk(actor: Actor, programme_id: int) -> None:
    state = st.session_state
    act(gathering_plan.create_for_every_municipality, ok="gatherings.bulk_done",
        ok_params=lambda ids: {"n": len(ids)}, actor=actor, programme_id=programme_id,
        kind=state["facilitator_home.bulk.kind"], first=state["facilitator_home.bulk.first"],
        last=state["facilitator_home.bulk.last"],
        title_pattern=state["facilitator_home.bulk.pattern"])

