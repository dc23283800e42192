"""Widgets of the kommunegrupper admin page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kultur3.access.permissions import Actor
from kultur3.core import mail
from kultur3.group import invitations, member_import, membership
from kultur3.programme import advisers, catalogue, lifecycle, register
from kultur3.ui import invites
from kultur3.ui import sectors as sectors_ui
from kultur3.ui.context import cached_read, fmt_date, lang, t
from kultur3.ui.feedback import act, show
from kultur3.ui.widgets import escape


def enrol_form(actor: Actor, programme_id: int, enrolled: set[str]) -> None:
    """Enrol municipalities from the national register, several at once."""
    register_rows = cached_read(register.active_municipalities)
    labels = {f"{name} ({number}, {county})": number for number, name, county in register_rows
              if number not in enrolled}
    focus = cached_read(catalogue.focus_areas, programme_id=programme_id, lang=lang())
    with st.form("admin_groups.enrol", clear_on_submit=True):
        st.multiselect(t("groups.enrol_pick"), list(labels), key="admin_groups.enrol.pick",
                       placeholder=t("groups.enrol_placeholder"))
        st.selectbox(t("common.focus_area"), ["", *focus], format_func=lambda k: focus.get(
            k, t("groups.focus_later")), key="admin_groups.enrol.focus")
        st.form_submit_button(t("groups.add"), key="admin_groups.enrol.submit", type="primary",
                              on_click=lambda: act(
                                  lifecycle.enrol, ok="groups.enrolled", actor=actor,
                                  programme_id=programme_id,
                                  numbers=[labels[x] for x in st.session_state.get(
                                      "admin_groups.enrol.pick", []) if x in labels],
                                  focus_key=st.session_state.get("admin_groups.enrol.focus")
                                  or None))


def pick_participant(participants) -> str | None:
    labels = {f"{p.name} ({p.number})": p.number for p in participants}
    choice = st.selectbox(t("common.choose_municipality"), list(labels), index=None,
                          key="admin_groups.pick", placeholder=t("common.choose"))
    return labels.get(choice) if choice else None


def focus_form(actor: Actor, programme_id: int, number: str, prefix: str = "admin_groups",
               current: str | None = None, current_text: str = "") -> None:
    """The municipality's focus area: one from the programme's list, or free text."""
    names = {"": t("groups.free_text")} | cached_read(
        catalogue.focus_areas, programme_id=programme_id, lang=lang())
    key = f"{prefix}.focus.{number}"  # per municipality, so switching shows its own
    with st.form(f"{prefix}.focus"):
        st.selectbox(t("common.focus_area"), list(names), format_func=names.get,
                     index=list(names).index(current) if current in names else 0,
                     key=f"{key}.key")
        st.text_input(t("groups.focus_text"), value=current_text, max_chars=200,
                      key=f"{key}.text")
        st.form_submit_button(t("plan.save"), key=f"{prefix}.focus.submit",
                              on_click=lambda: act(
                                  membership.set_focus_area, ok="admin.saved", actor=actor,
                                  programme_id=programme_id, number=number,
                                  focus_key=st.session_state[f"{key}.key"] or None,
                                  focus_text=st.session_state[f"{key}.text"]))


def advisers_form(actor: Actor, programme_id: int, municipality_id: int) -> None:
    """The programme's facilitators who follow this municipality (its prosessveiledere)."""
    plan = cached_read(advisers.adviser_plan, actor=actor, programme_id=programme_id)
    if not plan.candidates:
        st.caption(t("groups.advisers_none"))
        return
    names = {a.user_id: a.name for a in plan.candidates}
    current = next((m.advisers for m in plan.municipalities
                    if m.municipality_id == municipality_id), ())
    key = f"admin_groups.advisers.{municipality_id}"  # per municipality: each shows its own
    with st.form("admin_groups.advisers"):
        st.multiselect(t("groups.advisers"), list(names), format_func=names.get,
                       default=[a.user_id for a in current], key=key,
                       help=t("groups.advisers_help"), placeholder=t("common.choose"))
        st.form_submit_button(t("plan.save"), key="admin_groups.advisers.submit",
                              on_click=lambda: act(
                                  advisers.set_advisers, ok="groups.advisers_saved",
                                  actor=actor, programme_id=programme_id,
                                  municipality_id=municipality_id,
                                  user_ids=list(st.session_state.get(key, []))))


def coordinator_form(actor: Actor, people, prefix: str = "admin_groups") -> None:
    """Who is the group's coordinator (writes the reports, manages the member list)."""
    if not people:
        return
    labels = {f"{m.name} ({m.group_role})": m.id for m in people}
    current = next((i for i, m in enumerate(people) if m.is_coordinator), None)
    a, b = st.columns([3, 1], vertical_alignment="bottom")
    choice = a.selectbox(t("groups.coordinator_pick"), list(labels), index=current,
                         key=f"{prefix}.coordinator", placeholder=t("common.choose"))
    b.button(t("plan.save"), key=f"{prefix}.coordinator_submit", disabled=choice is None,
             on_click=act, args=(membership.set_coordinator,),
             kwargs={"ok": "admin.saved", "actor": actor, "member_id": labels.get(choice)})


def members(actor: Actor, programme_id: int, number: str, people) -> None:
    """The group's members and a form to add one."""
    st.header(t("group.members"))
    if people:
        st.dataframe(pd.DataFrame({
            t("common.name"): [m.name for m in people],
            t("common.role_in_group"): [m.group_role for m in people],
            t("common.sector"): [sectors_ui.label(m.sector) for m in people],
            t("common.coordinator"): ["✓" if m.is_coordinator else "" for m in people],
        }), hide_index=True, key="admin_groups.members", width="stretch")
    else:
        st.info(t("team.no_members"))
    leaving = {f"{m.name} ({m.group_role})": m.id for m in people}
    a, b = st.columns([3, 1], vertical_alignment="bottom")
    choice = a.selectbox(t("groups.remove_member"), list(leaving), index=None,
                         key="admin_groups.remove", placeholder=t("common.choose"))
    b.button(t("groups.remove"), key="admin_groups.remove_submit", disabled=choice is None,
             on_click=act, args=(membership.deactivate_member,),
             kwargs={"ok": "admin.saved", "actor": actor, "member_id": leaving.get(choice)})
    with st.form("admin_groups.member"):
        a, b = st.columns(2)
        a.text_input(t("common.name"), max_chars=120, key="admin_groups.member.name")
        b.text_input(t("common.role_in_group"), max_chars=120, key="admin_groups.member.role")
        sectors_ui.select(a, "admin_groups.member.sector")
        b.text_input(t("groups.email"), max_chars=200, key="admin_groups.member.email")
        st.checkbox(t("common.coordinator"), key="admin_groups.member.coordinator")
        st.form_submit_button(t("groups.add_member"), key="admin_groups.member.submit",
                              on_click=_add_member, args=(actor, programme_id, number))


def _add_member(actor: Actor, programme_id: int, number: str) -> None:
    get = st.session_state.get
    act(membership.add_member, ok="admin.saved", actor=actor, programme_id=programme_id, number=number,
         member=membership.MemberInput(
             name=get("admin_groups.member.name", ""), group_role=get("admin_groups.member.role", ""),
             sector=get("admin_groups.member.sector", ""),
             email=get("admin_groups.member.email") or None,
             is_coordinator=bool(get("admin_groups.member.coordinator"))))


def import_form(actor: Actor, programme_id: int, number: str) -> None:
    """CSV import: an error per bad row, and nothing imported unless every row is good. With
    invitations, every row with an address gets a personal link (mailed when SMTP is set up,
    and listed in a file to download either way)."""
    st.header(t("groups.import"))
    st.caption(t("groups.import_help", columns=";".join(member_import.CSV_COLUMNS)))
    upload = st.file_uploader(t("groups.csv_file"), type=["csv", "txt"],
                              key="admin_groups.csv")
    st.checkbox(t("groups.import_invite"), key="admin_groups.import_invite")
    if upload is not None and st.button(t("groups.import_go"), key="admin_groups.import"):
        _import(actor, programme_id, number, upload.getvalue())
    links = st.session_state.get("admin_groups.links")
    if links:
        st.download_button(t("groups.links_download"), invites.links_csv(links),
                           file_name="invitasjoner.csv", mime="text/csv",
                           key="admin_groups.links_download", on_click="ignore")


def _import(actor: Actor, programme_id: int, number: str, content: bytes) -> None:
    invite = bool(st.session_state.get("admin_groups.import_invite"))
    outcome = act(member_import.import_members_csv, actor=actor, programme_id=programme_id,
                  number=number, content=content, invite=invite, lang=lang())
    if not outcome.ok:
        show()  # this runs in the page, below its messages: show the error here
        return
    result = outcome.value
    if result.errors:
        st.error(t("groups.import_failed", n=len(result.errors)))
        for line, key, params in result.errors:
            st.markdown(f"- {t('groups.line', line=line)}: {escape(t(key, **params))}")
        return
    st.success(t("groups.imported", n=result.imported))
    if result.invited:
        st.session_state["admin_groups.links"] = list(result.invited)
        mailed = _mail_all(result.invited)
        st.info(t("groups.invited", n=len(result.invited), mailed=mailed))


def _mail_all(rows) -> int:
    """Mail every new link when SMTP is configured; how many went out."""
    cfg = invites.smtp()
    if cfg is None:
        return 0
    sent = 0
    for _name, email, token in rows:
        if token is None:
            continue
        try:
            mail.send_link(cfg, to=email, link=invitations.link(invites.mail_base(), token),
                           lang=lang(), reset=False)
            sent += 1
        except mail.MailError:
            continue
    return sent


def pending_table(rows) -> None:
    """Invitations sent, and whether they are used, waiting or expired."""
    if not rows:
        return
    st.header(t("invite.pending"))
    st.dataframe(pd.DataFrame({
        t("invite.email"): [r.email for r in rows],
        t("admin.role"): [t(f"role.{r.role}") for r in rows],
        t("common.municipality"): [r.municipality for r in rows],
        t("invite.state"): [t(f"invite.state_{r.state}") for r in rows],
        t("invite.expires"): [fmt_date(r.expires_at) for r in rows],
    }), hide_index=True, key="admin_groups.pending", width="stretch")
