"""Inviting people from the UI: the form, the one-time link to copy, and the mail."""

from __future__ import annotations

import csv
import io
import logging

import streamlit as st

from kultur3.access.permissions import Actor
from kultur3.core import mail
from kultur3.core.i18n import LANG_NAMES, LANGS
from kultur3.group import invitations
from kultur3.group.invitations import Invited
from kultur3.models import MUNICIPAL_ROLES, Role
from kultur3.ui import sectors as sectors_ui
from kultur3.ui.context import base_url, client_id, lang, settings, t
from kultur3.ui.feedback import act, flash
from kultur3.ui.widgets import escape

LOG = logging.getLogger(__name__)


def smtp() -> mail.SmtpConfig | None:
    """The configured mail server, or None (links are then only shown to copy)."""
    return mail.parse_url(settings().smtp_url)


def mail_base() -> str:
    """Where links in mail point: KULTUR3_PUBLIC_URL, never the address this browser reports
    (kultur3.core.mail.link_base). Without mail, a link shown to copy may use the latter."""
    return mail.link_base(public_url=settings().public_url, demo=settings().demo_mode)


def deliver(invited: Invited, *, to_lang: str, programme: str, inviter: str) -> dict:
    """The link for the inviter to copy, mailed too when SMTP is configured."""
    if invited.token is None:
        return {"email": invited.email, "link": None, "mailed": False, "error": None}
    cfg, error, mailed = smtp(), None, False
    url = invitations.link(mail_base() if cfg is not None else base_url(), invited.token)
    if cfg is not None:
        try:
            mail.send_link(cfg, to=invited.email, link=url, lang=to_lang, reset=False,
                           programme=programme, inviter=inviter)
            mailed = True
        except mail.MailError:
            error = "mail.failed"
    return {"email": invited.email, "link": url, "mailed": mailed, "error": error}


def invite_form(actor: Actor, prefix: str, *, roles: list[Role], programme_id: int,
                programme_name: str, municipality_id: int | None = None,
                coordinator_choice: bool = False) -> None:
    """E-mail, name, role (and role in the group), language; the result shows below."""
    with st.form(f"{prefix}.form", clear_on_submit=True):
        a, b = st.columns(2)
        a.text_input(t("invite.email"), max_chars=254, key=f"{prefix}.email")
        b.text_input(t("common.name"), max_chars=120, key=f"{prefix}.name")
        if len(roles) > 1:
            a.selectbox(t("admin.role"), [r.value for r in roles],
                        format_func=lambda r: t(f"role.{r}"), key=f"{prefix}.role")
        if Role.GROUP in roles:
            a.text_input(t("common.role_in_group"), max_chars=120, key=f"{prefix}.group_role")
            sectors_ui.select(b, f"{prefix}.sector")
        b.selectbox(t("invite.language"), list(LANGS), index=list(LANGS).index(lang()),
                    format_func=LANG_NAMES.get, key=f"{prefix}.lang")
        if coordinator_choice:
            st.checkbox(t("common.coordinator"), key=f"{prefix}.coordinator")
        st.form_submit_button(t("invite.send"), key=f"{prefix}.submit", type="primary",
                              on_click=_invite, args=(actor, prefix, roles, programme_id,
                                                      programme_name, municipality_id))
    show_invited(prefix)


def _invite(actor: Actor, prefix: str, roles: list[Role], programme_id: int,
            programme_name: str, municipality_id: int | None) -> None:
    get = st.session_state.get
    role = Role(get(f"{prefix}.role") or roles[0])
    to_lang = get(f"{prefix}.lang") or lang()
    st.session_state.pop(f"{prefix}.invited", None)
    invited = act(
        invitations.invite, actor=actor, email=get(f"{prefix}.email", ""),
        role=role, programme_id=programme_id,
        municipality_id=municipality_id if role in MUNICIPAL_ROLES else None,
        display_name=get(f"{prefix}.name", ""), group_role=get(f"{prefix}.group_role", ""),
        sector=get(f"{prefix}.sector", ""), is_coordinator=bool(get(f"{prefix}.coordinator")),
        lang=to_lang)
    if not invited.ok:  # its message is kept for the page
        return
    st.session_state[f"{prefix}.invited"] = deliver(
        invited.value, to_lang=to_lang, programme=programme_name, inviter=actor.display_name)


def show_invited(prefix: str) -> None:
    """What happened to the last invitation: access given, link to copy, mailed or not."""
    done = st.session_state.get(f"{prefix}.invited")
    if not done:
        return
    email = escape(done["email"])
    if done["link"] is None:
        st.success(t("invite.existing", email=email))
        return
    st.success(t("invite.mailed" if done["mailed"] else "invite.created", email=email))
    if done["error"]:
        st.warning(t(done["error"]))
    st.caption(t("invite.copy_link"))
    st.code(done["link"], language=None)


def links_csv(rows: list[tuple[str, str, str | None]]) -> bytes:
    """name;e-mail;link for bulk invitations, to hand out when there is no mail server."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([t("common.name"), t("invite.email"), t("invite.link")])
    for name, email, token in rows:
        link = invitations.link(base_url(), token) if token else t("invite.has_account")
        writer.writerow([_inert(name), email, link])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _inert(cell: str) -> str:
    """A spreadsheet must not run a cell as a formula."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def request_reset_form() -> None:
    """«Glemt passord?»: the same answer whether the address has an account or not."""
    with st.expander(t("reset.forgot")):
        with st.form("login.reset_form", clear_on_submit=True):
            st.text_input(t("invite.email"), max_chars=254, key="login.reset_email")
            st.form_submit_button(t("reset.send"), key="login.reset_submit",
                                  on_click=_request_reset)


def _request_reset() -> None:
    email = st.session_state.get("login.reset_email", "")
    client = client_id()
    asked = act(invitations.request_reset, email=email, client=client, lang=lang())
    if not asked.ok:
        return
    address, token = asked.value
    cfg = smtp()
    if token and cfg is not None:
        try:
            mail.send_link(cfg, to=address, link=invitations.link(mail_base(), token),
                           lang=lang(), reset=True)
        except mail.MailError as exc:  # the answer must not differ; the log says why
            LOG.warning("password link to a user could not be mailed: %s", exc)
    flash("info", "reset.sent" if cfg is not None else "reset.no_mail")
