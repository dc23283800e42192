"""Widgets of the administration pages and the account page."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from kultur3 import accounts, privacy, programme_admin, programmes
from kultur3.audit import EventRow
from kultur3.db import session_scope
from kultur3.errors import Kultur3Error
from kultur3.models import ACCOUNT_ROLES, Role
from kultur3.permissions import Actor
from kultur3.ui.context import cached_read, current_programme, engine, lang, t

RESULT = "admin.result"
ROLES = [r.value for r in ACCOUNT_ROLES]


def show_result() -> None:
    """The outcome of the last action on this page (set by a callback)."""
    result = st.session_state.pop(RESULT, None)
    if result:
        kind, key, params = result
        getattr(st, kind)(t(key, **params))


def run_action(fn, ok_key: str, **kwargs) -> object:
    """Call a service in one transaction; keep a plain message for the next render."""
    try:
        with session_scope(engine()) as session:
            value = fn(session=session, **kwargs)
        st.session_state[RESULT] = ("success", ok_key, {"value": value or ""})
        return value
    except Kultur3Error as exc:
        st.session_state[RESULT] = ("error", exc.key, exc.params)
        return None


def _municipalities() -> dict[str, str]:
    programme = current_programme()
    if programme is None:
        return {}
    return {f"{p.name} ({p.number})": p.number for p in cached_read(
        programmes.participants, programme_id=programme.id, lang=lang())}


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
    created = run_action(accounts.create_user, "admin.created_with", actor=actor,
                   username=get("admin_users.new.username", ""),
                   display_name=get("admin_users.new.name", ""), password=temp,
                   role=Role(get("admin_users.new.role")),
                   municipality_number=munis.get(get("admin_users.new.muni") or ""),
                   must_change_password=True)
    if created is None:
        return
    programme = current_programme()
    if programme is not None and created.role in (Role.FACILITATOR, Role.LEADER):
        # Staff made here take part in the programme the admin is working in.
        run_action(programme_admin.grant_access, "admin.saved", actor=actor,
                   programme_id=programme.id, user_id=created.id)
    st.session_state[RESULT] = ("success", "admin.created_with",
                                {"value": temp, "username": created.username})


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
        a.button(t("admin.deactivate"), key="admin_users.deactivate", on_click=run_action,
                 args=(accounts.set_active, "admin.saved"),
                 kwargs={"actor": actor, "username": user.username, "active": False})
    else:
        a.button(t("admin.activate"), key="admin_users.activate", on_click=run_action,
                 args=(accounts.set_active, "admin.saved"),
                 kwargs={"actor": actor, "username": user.username, "active": True})
    b.button(t("admin.reset_password"), key="admin_users.reset", on_click=run_action,
             args=(accounts.reset_password, "admin.temp_password"),
             kwargs={"actor": actor, "username": user.username})
    with st.form("admin_users.role_form"):
        st.selectbox(t("admin.role"), ROLES, index=ROLES.index(user.role),
                     format_func=lambda r: t(f"role.{r}"), key="admin_users.role")
        st.selectbox(t("admin.municipality_for_group"), ["", *munis], key="admin_users.muni")
        st.form_submit_button(t("admin.change_role"), key="admin_users.role_submit",
                              on_click=_change_role, args=(actor, user.username, munis))


def _change_role(actor: Actor, username: str, munis: dict[str, str]) -> None:
    run_action(accounts.change_role, "admin.saved", actor=actor, username=username,
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
    show_result()


def _change_password(actor: Actor) -> None:
    get = st.session_state.get
    if get("account.new") != get("account.repeat"):
        st.session_state[RESULT] = ("error", "account.mismatch", {})
        return
    before = st.session_state.get(RESULT)
    run_action(accounts.change_password, "account.changed", actor=actor,
         current=get("account.current", ""), new=get("account.new", ""))
    if actor.must_change_password and st.session_state.get(RESULT, before)[0] == "success":
        st.session_state["account.go_home"] = True


def audit_table(events: list[EventRow]) -> pd.DataFrame:
    """Audit events as a table; the detail as JSON text (shown, never run)."""
    return pd.DataFrame({
        t("common.date"): [e.at for e in events],
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
        st.session_state[RESULT] = ("error", "privacy.not_confirmed", {"word": word})
        return
    run_action(privacy.delete_person, "privacy.erased", actor=actor, kind=person.kind,
               person_id=person.id)
    if st.session_state[RESULT][0] == "success":  # the person is gone: so is the selection
        st.session_state.pop("admin_privacy.person", None)
