"""Widgets of the administration pages and the account page."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from kultur3.access import accounts
from kultur3.access.audit import EventRow
from kultur3.access.permissions import Actor
from kultur3.core import formatting
from kultur3.models import ACCOUNT_ROLES, PROGRAMME_ROLES, Role
from kultur3.privacy import personal_data
from kultur3.programme import catalogue, lifecycle
from kultur3.ui.context import cached_read, current_programme, current_session_id, lang, t
from kultur3.ui.feedback import act, flash, show

ROLES = [r.value for r in ACCOUNT_ROLES]


def _municipalities() -> dict[str, str]:
    programme = current_programme()
    if programme is None:
        return {}
    return {f"{p.name} ({p.number})": p.number for p in cached_read(
        catalogue.participants, programme_id=programme.id, lang=lang())}


def create_user_form(actor: Actor) -> None:
    """A new account with a temporary password to change at first login."""
    munis = _municipalities()
    with st.form("admin_users.create"):
        st.text_input(t("admin.username"), key="admin_users.new.username", max_chars=60)
        st.text_input(t("common.name"), key="admin_users.new.name", max_chars=120)
        st.selectbox(t("admin.role"), ROLES, format_func=lambda r: t(f"role.{r}"),
                     key="admin_users.new.role")
        st.selectbox(t("admin.municipality_for_group"), ["", *munis], key="admin_users.new.muni")
        st.form_submit_button(t("admin.create"), on_click=_create, args=(actor, munis),
                              key="admin_users.new.submit", type="primary")


def _create(actor: Actor, munis: dict[str, str]) -> None:
    get = st.session_state.get
    temp = accounts.temporary_password()
    created = act(accounts.create_user, actor=actor,
                  username=get("admin_users.new.username", ""),
                  display_name=get("admin_users.new.name", ""), password=temp,
                  role=Role(get("admin_users.new.role")),
                  municipality_number=munis.get(get("admin_users.new.muni") or ""),
                  must_change_password=True)
    if not created.ok:
        return
    user = created.value
    programme = current_programme()
    if programme is not None and user.role in PROGRAMME_ROLES:
        # Facilitators and leaders made here take part in the programme the admin is working in.
        if not act(lifecycle.grant_access, actor=actor, programme_id=programme.id,
                   user_id=user.id).ok:
            return
    flash("success", "admin.created_with", value=temp, username=user.username)


def users_table(users) -> str | None:
    """Every account; returns the username picked for action."""
    frame = pd.DataFrame({
        t("admin.username"): [u.username for u in users],
        t("common.name"): [u.display_name for u in users],
        t("admin.role"): [t(f"role.{u.role}") for u in users],
        t("common.municipality"): [u.municipality for u in users],
        t("admin.active"): [u.active for u in users],
    })
    st.dataframe(frame, hide_index=True, key="admin_users.table", width="stretch")
    return st.selectbox(t("admin.pick_user"), [u.username for u in users], index=None,
                        key="admin_users.pick", placeholder=t("common.choose"))


def user_actions(actor: Actor, user) -> None:
    """Deactivate or reactivate, change role, reset to a temporary password."""
    munis = _municipalities()
    a, b = st.columns(2)
    if user.active:
        a.button(t("admin.deactivate"), key="admin_users.deactivate", on_click=act,
                 args=(accounts.set_active,),
                 kwargs={"ok": "admin.saved", "actor": actor, "username": user.username,
                         "active": False})
    else:
        a.button(t("admin.activate"), key="admin_users.activate", on_click=act,
                 args=(accounts.set_active,),
                 kwargs={"ok": "admin.saved", "actor": actor, "username": user.username,
                         "active": True})
    b.button(t("admin.reset_password"), key="admin_users.reset", on_click=act,
             args=(accounts.reset_password,),
             kwargs={"ok": "admin.temp_password", "ok_params": lambda temp: {"value": temp},
                     "actor": actor, "username": user.username})
    with st.form("admin_users.role_form"):
        st.selectbox(t("admin.role"), ROLES, index=ROLES.index(user.role),
                     format_func=lambda r: t(f"role.{r}"), key="admin_users.role")
        st.selectbox(t("admin.municipality_for_group"), ["", *munis], key="admin_users.muni")
        st.form_submit_button(t("admin.change_role"), key="admin_users.role_submit",
                              on_click=_change_role, args=(actor, user.username, munis))


def _change_role(actor: Actor, username: str, munis: dict[str, str]) -> None:
    act(accounts.change_role, ok="admin.saved", actor=actor, username=username,
        role=Role(st.session_state["admin_users.role"]),
        municipality_number=munis.get(st.session_state.get("admin_users.muni") or ""))


def change_password_form(actor: Actor) -> None:
    """Current password, new password twice."""
    with st.form("account.password_form", clear_on_submit=True):
        st.text_input(t("account.current"), type="password", key="account.current",
                      max_chars=200)
        st.text_input(t("account.new"), type="password", key="account.new", max_chars=200,
                      help=t("account.rules", limit=accounts.MIN_PASSWORD_LENGTH))
        st.text_input(t("account.repeat"), type="password", key="account.repeat", max_chars=200)
        st.form_submit_button(t("account.change"), on_click=_change_password, args=(actor,),
                              key="account.submit", type="primary")
    show()


def _change_password(actor: Actor) -> None:
    get = st.session_state.get
    if get("account.new") != get("account.repeat"):
        flash("error", "account.mismatch")
        return
    changed = act(accounts.change_password, ok="account.changed", actor=actor,
                  current=get("account.current", ""), new=get("account.new", ""),
                  keep_session_id=current_session_id())  # every other session ends
    if actor.must_change_password and changed.ok:
        st.session_state["account.go_home"] = True


def audit_table(events: list[EventRow]) -> pd.DataFrame:
    """Audit events as a table; the time on the local clock in the page's format (it showed
    «2026-12-05 21:38:26+00:00»), the detail as JSON text (shown, never run)."""
    return pd.DataFrame({
        t("common.date"): [formatting.fmt_datetime(e.at, lang()) for e in events],
        t("admin.username"): [e.username for e in events],
        t("audit.action"): [e.action for e in events],
        t("audit.entity"): [f"{e.entity} {e.entity_id or ''}".strip() for e in events],
        t("audit.detail"): [json.dumps(e.detail, ensure_ascii=False, default=str)
                            for e in events],
    })


def erase_person(actor: Actor, person) -> None:
    """Erase after typing ERASE-word: one slip must not delete a person's data."""
    word = t("privacy.confirm_word")
    with st.form("admin_privacy.erase"):
        st.warning(t("privacy.erase_warning"))
        st.text_input(t("privacy.confirm", word=word), key="admin_privacy.confirm", max_chars=20)
        st.form_submit_button(t("privacy.erase"), key="admin_privacy.erase_submit",
                              on_click=_erase, args=(actor, person, word))


def _erase(actor: Actor, person, word: str) -> None:
    if st.session_state.get("admin_privacy.confirm", "").strip().upper() != word.upper():
        flash("error", "privacy.not_confirmed", word=word)
        return
    if act(personal_data.delete_person, ok="privacy.erased", actor=actor, kind=person.kind,
           person_id=person.id).ok:  # the person is gone: so is the selection
        st.session_state.pop("admin_privacy.person", None)
