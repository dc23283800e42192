"""Widgets of the kommunegrupper admin page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kultur3 import framework, groups
from kultur3.framework import localized
from kultur3.permissions import Actor
from kultur3.ui.admin import RESULT, run_action, show_result
from kultur3.ui.context import lang, t

__all__ = ["show_result"]


def add_municipality_form(actor: Actor, programme_id: int) -> None:
    """Add one of the 357 municipalities to the programme by its number."""
    with st.form("admin_groups.add"):
        st.text_input(t("common.number"), max_chars=4, key="admin_groups.add.number")
        st.form_submit_button(t("groups.add"), key="admin_groups.add.submit",
                              on_click=lambda: run_action(
                                  groups.add_municipality, "admin.saved", actor=actor,
                                  programme_id=programme_id,
                                  number=st.session_state["admin_groups.add.number"].strip()))


def pick_participant(participants) -> str | None:
    labels = {f"{p.name} ({p.number})": p.number for p in participants}
    choice = st.selectbox(t("common.choose_municipality"), list(labels), index=None,
                          key="admin_groups.pick", placeholder=t("common.choose"))
    return labels.get(choice) if choice else None


def focus_form(actor: Actor, programme_id: int, number: str) -> None:
    """The municipality's focus area: one from the list, or free text."""
    names = {"": t("groups.free_text")} | {
        f["key"]: localized(f["names"], lang()) for f in framework.FOCUS_AREAS}
    with st.form("admin_groups.focus"):
        st.selectbox(t("common.focus_area"), list(names), format_func=names.get,
                     key="admin_groups.focus.key")
        st.text_input(t("groups.focus_text"), max_chars=200, key="admin_groups.focus.text")
        st.form_submit_button(t("plan.save"), key="admin_groups.focus.submit", on_click=lambda: run_action(
            groups.set_focus_area, "admin.saved", actor=actor, programme_id=programme_id,
            number=number, focus_key=st.session_state["admin_groups.focus.key"] or None,
            focus_text=st.session_state["admin_groups.focus.text"]))


def members(actor: Actor, programme_id: int, number: str, people) -> None:
    """The group's members and a form to add one."""
    st.subheader(t("group.members"))
    st.dataframe(pd.DataFrame({
        t("common.name"): [m.name for m in people],
        t("common.role_in_group"): [m.group_role for m in people],
        t("common.sector"): [m.sector for m in people],
        t("common.coordinator"): ["✓" if m.is_coordinator else "" for m in people],
    }), hide_index=True, key="admin_groups.members")
    leaving = {f"{m.name} ({m.group_role})": m.id for m in people}
    a, b = st.columns([3, 1], vertical_alignment="bottom")
    choice = a.selectbox(t("groups.remove_member"), list(leaving), index=None,
                         key="admin_groups.remove", placeholder=t("common.choose"))
    b.button(t("groups.remove"), key="admin_groups.remove_submit", disabled=choice is None,
             on_click=run_action, args=(groups.deactivate_member, "admin.saved"),
             kwargs={"actor": actor, "member_id": leaving.get(choice)})
    with st.form("admin_groups.member"):
        a, b = st.columns(2)
        a.text_input(t("common.name"), max_chars=120, key="admin_groups.member.name")
        b.text_input(t("common.role_in_group"), max_chars=120, key="admin_groups.member.role")
        a.text_input(t("common.sector"), max_chars=120, key="admin_groups.member.sector")
        b.text_input(t("groups.email"), max_chars=200, key="admin_groups.member.email")
        st.checkbox(t("common.coordinator"), key="admin_groups.member.coordinator")
        st.form_submit_button(t("groups.add_member"), key="admin_groups.member.submit",
                              on_click=_add_member, args=(actor, programme_id, number))


def _add_member(actor: Actor, programme_id: int, number: str) -> None:
    get = st.session_state.get
    run_action(groups.add_member, "admin.saved", actor=actor, programme_id=programme_id, number=number,
         member=groups.MemberInput(
             name=get("admin_groups.member.name", ""), group_role=get("admin_groups.member.role", ""),
             sector=get("admin_groups.member.sector", ""),
             email=get("admin_groups.member.email") or None,
             is_coordinator=bool(get("admin_groups.member.coordinator"))))


def import_form(actor: Actor, programme_id: int, number: str) -> None:
    """CSV import: an error per bad row, and nothing imported unless every row is good."""
    st.subheader(t("groups.import"))
    st.caption(t("groups.import_help", columns=";".join(groups.CSV_COLUMNS)))
    upload = st.file_uploader(t("groups.csv_file"), type=["csv", "txt"],
                              key="admin_groups.csv")
    if upload is None or not st.button(t("groups.import_go"), key="admin_groups.import"):
        return
    result = run_action(groups.import_members_csv, "admin.saved", actor=actor,
                  programme_id=programme_id, number=number, content=upload.getvalue())
    if result is None:
        return
    st.session_state.pop(RESULT, None)
    if result.errors:
        st.error(t("groups.import_failed", n=len(result.errors)))
        for line, key, params in result.errors:
            st.markdown(f"- {t('groups.line', line=line)}: {t(key, **params)}")
    else:
        st.success(t("groups.imported", n=result.imported))
