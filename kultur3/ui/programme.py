"""Widgets of the programme page: the list of programmes, creating one, its life cycle."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kultur3.access import programme_staff
from kultur3.access.permissions import Actor
from kultur3.models import ProgrammeStatus
from kultur3.programme import catalogue, lifecycle, templates
from kultur3.programme.catalogue import ProgrammeInfo
from kultur3.ui import keys
from kultur3.ui.context import cached_read, fmt_date, t
from kultur3.ui.feedback import act

TEMPLATE = "template"


def programmes_table(items: list[ProgrammeInfo]) -> None:
    """Every programme with its status, period and number of municipalities."""
    counts = cached_read(catalogue.participant_counts)
    st.dataframe(pd.DataFrame({
        t("programme.name"): [p.name for p in items],
        t("programme.status"): [t(f"programme.status_{p.status}") for p in items],
        t("programme.period"): [_period(p) for p in items],
        t("programme.municipalities"): [counts.get(p.id, 0) for p in items],
        t("programme.slug"): [p.slug for p in items],
    }), hide_index=True, key="admin_programme.list", width="stretch")


def _period(p: ProgrammeInfo) -> str:
    if not p.starts_on and not p.ends_on:
        return ""
    return f"{fmt_date(p.starts_on) if p.starts_on else ''} – " \
           f"{fmt_date(p.ends_on) if p.ends_on else ''}"


def create_form(actor: Actor, items: list[ProgrammeInfo]) -> None:
    """Name, description, period, and where the framework comes from."""
    sources = {TEMPLATE: t("programme.from_template",
                           name=templates.TEMPLATES[templates.DEFAULT_TEMPLATE])}
    sources |= {p.slug: t("programme.copy_of", name=p.name) for p in items}
    with st.form("admin_programme.create", clear_on_submit=True):
        st.text_input(t("programme.name"), max_chars=240, key="admin_programme.new.name")
        st.text_area(t("programme.description"), max_chars=2000, height=80,
                     key="admin_programme.new.description")
        a, b = st.columns(2)
        a.date_input(t("programme.starts_on"), value=None, key="admin_programme.new.start",
                     format="DD.MM.YYYY")
        b.date_input(t("programme.ends_on"), value=None, key="admin_programme.new.end",
                     format="DD.MM.YYYY")
        st.selectbox(t("programme.framework_from"), list(sources), format_func=sources.get,
                     key="admin_programme.new.source")
        st.caption(t("programme.copy_help"))
        st.form_submit_button(t("programme.create"), key="admin_programme.new.submit",
                              type="primary", on_click=_create, args=(actor,))


def _create(actor: Actor) -> None:
    get = st.session_state.get
    source = get("admin_programme.new.source") or TEMPLATE
    created = act(
        lifecycle.create_programme, ok="programme.created",
        ok_params=lambda p: {"name": p.name, "slug": p.slug}, actor=actor,
        data=lifecycle.ProgrammeInput(
            name=get("admin_programme.new.name", ""),
            description=get("admin_programme.new.description", ""),
            starts_on=get("admin_programme.new.start"), ends_on=get("admin_programme.new.end")),
        template=templates.DEFAULT_TEMPLATE, copy_from=None if source == TEMPLATE else source)
    if created.ok:  # work in the new programme straight away
        st.session_state[keys.PROGRAMME] = created.value.id


def manage(actor: Actor, items: list[ProgrammeInfo]) -> None:
    """Pick a programme: move it along its life cycle, or edit its name and period."""
    labels = {f"{p.name} ({t(f'programme.status_{p.status}')})": p for p in items}
    choice = st.selectbox(t("programme.pick"), list(labels), index=None,
                          key="admin_programme.manage", placeholder=t("common.choose"))
    if not choice:
        return
    p = labels[choice]
    cols = st.columns(2)
    for col, status in zip(cols, lifecycle.TRANSITIONS[ProgrammeStatus(p.status)],
                           strict=False):
        col.button(t(f"programme.to_{status.value}"), key=f"admin_programme.to_{status.value}",
                   on_click=act, args=(lifecycle.set_status,),
                   kwargs={"ok": "admin.saved", "actor": actor, "programme_id": p.id, "status": status})
    st.caption(t("programme.lifecycle_help"))
    with st.form("admin_programme.edit"):
        st.text_input(t("programme.name"), value=p.name, max_chars=240,
                      key="admin_programme.edit.name")
        st.text_area(t("programme.description"), value=p.description, max_chars=2000,
                     height=80, key="admin_programme.edit.description")
        a, b = st.columns(2)
        a.date_input(t("programme.starts_on"), value=p.starts_on, format="DD.MM.YYYY",
                     key="admin_programme.edit.start")
        b.date_input(t("programme.ends_on"), value=p.ends_on, format="DD.MM.YYYY",
                     key="admin_programme.edit.end")
        st.form_submit_button(t("plan.save"), key="admin_programme.edit.submit",
                              on_click=_edit, args=(actor, p.id))
    staff_access(actor, p.id)


def staff_access(actor: Actor, programme_id: int) -> None:
    """The facilitators and leaders who take part: give one access, take one's away (the
    account stays; only this programme closes to them)."""
    st.header(t("programme.staff_heading"))
    st.caption(t("programme.staff_help"))
    inside = cached_read(programme_staff.programme_staff, actor=actor, programme_id=programme_id)
    if inside:
        st.dataframe(pd.DataFrame({
            t("common.name"): [r.display_name for r in inside],
            t("admin.username"): [r.username for r in inside],
            t("admin.role"): [t(f"role.{r.role}") for r in inside],
            t("admin.active"): [r.active for r in inside],
        }), hide_index=True, key="admin_programme.staff", width="stretch")
        _pick_and_act(actor, programme_id, inside, "revoke", programme_staff.revoke_access,
                      "programme.access_revoked")
    else:
        st.info(t("programme.staff_none"))
    outside = cached_read(programme_staff.staff_without_access, actor=actor,
                          programme_id=programme_id)
    if outside:
        _pick_and_act(actor, programme_id, outside, "grant", lifecycle.grant_access,
                      "admin.saved")


def _pick_and_act(actor: Actor, programme_id: int, rows, verb: str, service, ok: str) -> None:
    labels = {f"{r.display_name or r.username} ({r.username}, {t(f'role.{r.role}')})": r.user_id
              for r in rows}
    a, b = st.columns([3, 1], vertical_alignment="bottom")
    choice = a.selectbox(t(f"programme.{verb}_pick"), list(labels), index=None,
                         key=f"admin_programme.{verb}.who", placeholder=t("common.choose"))
    b.button(t(f"programme.{verb}"), key=f"admin_programme.{verb}.submit",
             disabled=choice is None, on_click=act, args=(service,),
             kwargs={"ok": ok, "actor": actor, "programme_id": programme_id,
                     "user_id": labels.get(choice)})


def _edit(actor: Actor, programme_id: int) -> None:
    get = st.session_state.get
    act(lifecycle.update_programme, ok="admin.saved", actor=actor,
               programme_id=programme_id, data=lifecycle.ProgrammeInput(
                   name=get("admin_programme.edit.name", ""),
                   description=get("admin_programme.edit.description", ""),
                   starts_on=get("admin_programme.edit.start"),
                   ends_on=get("admin_programme.edit.end")))
