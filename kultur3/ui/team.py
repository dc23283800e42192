"""Widgets of the group's own page: members, coordinator's tools, the development project."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kultur3.access.permissions import Actor
from kultur3.group import membership, team
from kultur3.group.team import PROJECT_FIELDS, TeamView
from kultur3.ui import sectors as sectors_ui
from kultur3.ui.context import t
from kultur3.ui.feedback import act

PREFIX = "group_team"


def members_table(view: TeamView) -> None:
    """The group's members; the coordinator first."""
    if not view.members:
        st.info(t("team.no_members"))
        return
    st.dataframe(pd.DataFrame({
        t("common.name"): [m.name for m in view.members],
        t("common.role_in_group"): [m.group_role for m in view.members],
        t("common.sector"): [sectors_ui.label(m.sector) for m in view.members],
        t("common.coordinator"): ["✓" if m.is_coordinator else "" for m in view.members],
        t("team.has_account"): ["✓" if m.has_account else "" for m in view.members],
    }), hide_index=True, key=f"{PREFIX}.members", width="stretch")


def composition(view: TeamView) -> None:
    """What of the call's composition the group does not meet, in words (team.composition)."""
    c = view.composition
    if c.ok:
        st.caption(t("team.composition_ok", n=c.size, outside=c.outside))
        return
    if not c.size_ok:
        st.warning(t("team.composition_size", n=c.size), icon=":material/groups:")
    if not c.outside_ok:
        st.warning(t("team.composition_outside"), icon=":material/handshake:")
        if c.unstated:
            st.caption(t("team.composition_unstated", n=c.unstated))


def edit_member(actor: Actor, view: TeamView) -> None:
    """The coordinator changes a member's role and sector, or takes them off the list."""
    labels = {f"{m.name} ({m.group_role})": m for m in view.members}
    choice = st.selectbox(t("team.pick_member"), list(labels), index=None,
                          key=f"{PREFIX}.pick", placeholder=t("common.choose"))
    if choice is None:
        return
    m = labels[choice]
    with st.form(f"{PREFIX}.edit.{m.id}"):
        a, b = st.columns(2)
        a.text_input(t("common.role_in_group"), value=m.group_role, max_chars=120,
                     key=f"{PREFIX}.edit.role")
        sectors_ui.select(b, f"{PREFIX}.edit.sector", m.sector)
        st.form_submit_button(t("plan.save"), key=f"{PREFIX}.edit.submit", on_click=lambda: act(
            membership.update_member, ok="admin.saved", actor=actor, member_id=m.id,
            group_role=st.session_state.get(f"{PREFIX}.edit.role", ""),
            sector=st.session_state.get(f"{PREFIX}.edit.sector", "")))
    a, b = st.columns(2)
    a.button(t("team.make_coordinator"), key=f"{PREFIX}.make_coordinator",
             disabled=m.is_coordinator, on_click=act,
             args=(membership.set_coordinator,),
             kwargs={"ok": "admin.saved", "actor": actor, "member_id": m.id})
    b.button(t("groups.remove"), key=f"{PREFIX}.remove", on_click=act,
             args=(membership.deactivate_member,),
             kwargs={"ok": "admin.saved", "actor": actor, "member_id": m.id})


def project_form(actor: Actor, programme_id: int, municipality_id: int, view: TeamView,
                 *, disabled: bool = False) -> None:
    """The development project: goal, target groups, partners, what is different in a year.
    Saved from the version the form was opened on, so two editors never overwrite each other."""
    project = view.project
    values = dict(zip(PROJECT_FIELDS, (project.goal, project.target_groups, project.partners,
                                       project.in_a_year), strict=True))
    key = f"{PREFIX}.project.v{project.version}.{municipality_id}"  # new version: fresh fields
    with st.form(key):
        for field in PROJECT_FIELDS:
            st.text_area(t(f"team.{field}"), value=values[field], max_chars=4000, height=90,
                         key=f"{key}.{field}", help=t(f"team.{field}_help"), disabled=disabled)
        st.form_submit_button(t("plan.save"), key=f"{PREFIX}.project.submit", type="primary",
                              disabled=disabled, on_click=_save_project,
                              args=(actor, programme_id, municipality_id, key, project.version))


def _save_project(actor: Actor, programme_id: int, municipality_id: int, key: str,
                  version: int) -> None:
    texts = {f: st.session_state.get(f"{key}.{f}", "") for f in PROJECT_FIELDS}
    saved = act(team.save_project, ok="team.project_saved", actor=actor,
                programme_id=programme_id, municipality_id=municipality_id, texts=texts,
                base_version=version)
    if not saved.ok:
        st.session_state[f"{PREFIX}.lost"] = texts  # shown so nothing typed is lost


def lost_texts() -> None:
    """After a conflict: what this person typed, to copy into the newer version."""
    lost = st.session_state.pop(f"{PREFIX}.lost", None)
    if lost:
        with st.expander(t("team.your_text"), expanded=True):
            for field, text in lost.items():
                if text:
                    st.caption(t(f"team.{field}"))
                    st.code(text, language=None, wrap_lines=True)
