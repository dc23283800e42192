"""Login and logout: server-side sessions (kultur3.access.sessions), named by an HttpOnly cookie.

Passwords are checked by kultur3.access.accounts against bcrypt hashes in the database, with our
own lockout record. Served by `python -m kultur3.ui.serve`, a login hands the browser a
one-time code that kultur3/ui/web.py's route turns into the session cookie; every run reads
the cookie (kultur3.ui.context.current_user). Without those routes (plain `streamlit run
app.py`, and AppTest) the session's id stays in this tab's server-side session state.

streamlit-authenticator (still in requirements) no longer carries the cookie: its cookie is
written by script (never HttpOnly) and is a JWT that nothing could revoke.
"""

from __future__ import annotations

import html
import json
from urllib.parse import urlsplit

import streamlit as st

from kultur3.access import accounts, sessions
from kultur3.access.permissions import Actor
from kultur3.core import formatting
from kultur3.core.errors import LoginLocked
from kultur3.core.inline_scripts import HANDOFF_SCRIPT
from kultur3.seed import DEMO_PASSWORD
from kultur3.ui import keys
from kultur3.ui.context import client_id, lang, session_token, settings, sso_enabled, t
from kultur3.ui.feedback import attempt, flash, show
from kultur3.ui.invites import request_reset_form
from kultur3.ui.privacy import link as privacy_link

# (login path, logout path) when kultur3/ui/web.py serves them in this process.
_ROUTES: tuple[str, str] | None = None


def use_cookie_routes(login_path: str, logout_path: str) -> None:
    """kultur3/ui/web.py serves the cookie routes: logins go through them."""
    global _ROUTES
    _ROUTES = (login_path, logout_path)


def hand_over() -> None:
    """After a login or logout, send the browser to the route that sets or clears the
    cookie, and show nothing else in this run (the page is about to be replaced)."""
    pending = st.session_state.pop(keys.PENDING_POST, None)
    if pending is None or _ROUTES is None:
        return
    path, fields = pending
    # A form post, not a link: the one-time code stays out of the address bar, the
    # history and every access log. The script is one fixed text the Content-Security-
    # Policy allows by its hash (kultur3/core/inline_scripts.py); the fields ride in the element.
    st.html(f'<div id="k3-handoff" data-path="{html.escape(path)}" '
            f'data-fields="{html.escape(json.dumps(fields))}"></div>'
            f"<script>{HANDOFF_SCRIPT}</script>", unsafe_allow_javascript=True)
    st.caption(t("login.continuing"))
    st.stop()


def _here() -> str:
    """The page this browser is on (its path and query), to come back to after the login."""
    parts = urlsplit(st.context.url or "")
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def log_in(actor: Actor, *, next_path: str | None = None) -> None:
    """This browser is now the actor's: a new session, whose cookie the next run sets."""
    if _ROUTES is not None:
        code = attempt(sessions.handoff, user_id=actor.user_id).value
        st.session_state[keys.PENDING_POST] = (_ROUTES[0], {"code": code,
                                                            "next": next_path or _here()})
        return
    token = attempt(sessions.start, user_id=actor.user_id,
                    policy=sessions.policy_of(settings())).value
    st.session_state[keys.SESSION_TOKEN] = token


def log_out(actor: Actor, *, everywhere: bool = False) -> None:
    """End this session (everywhere: every session of the actor's) and clear the cookie."""
    if everywhere:
        attempt(sessions.end_all_for_user, user_id=actor.user_id)
    else:
        attempt(sessions.end, token=session_token())
    st.session_state.pop(keys.SESSION_TOKEN, None)
    if _ROUTES is not None:
        st.session_state[keys.PENDING_POST] = (_ROUTES[1], {})


def logout_button(actor: Actor) -> None:
    """Sidebar logout."""
    if sso_enabled():
        st.sidebar.button(t("app.logout"), key=keys.LOGOUT, on_click=st.logout)
        return
    st.sidebar.button(t("app.logout"), key=keys.LOGOUT, on_click=log_out, args=(actor,))


def _submit_login() -> None:
    """Form callback: check the password against the database and our lockout record."""
    username = st.session_state.get(keys.LOGIN_USERNAME, "")
    password = st.session_state.get(keys.LOGIN_PASSWORD, "")
    if not username.strip() or not password:
        flash("warning", "login.empty")
        return
    checked = attempt(accounts.authenticate, username=username, password=password,
                      client=client_id(), demo_mode=settings().demo_mode)
    if isinstance(checked.error, LoginLocked):
        flash("error", "login.locked",
              until=formatting.fmt_time(checked.error.params["until"], lang()))
    elif checked.error is not None:
        flash("error", checked.error.key, **checked.error.params)
    elif checked.value is None:
        flash("error", "login.failed")
    else:
        log_in(checked.value)


def sso_login() -> None:
    """With single sign-on: one button to the organisation's login, or why access is missing."""
    st.header(t("login.heading"))
    if st.user.is_logged_in:  # proven by the provider, but no account here
        st.warning(t("login.sso_no_account", email=st.user.get("email") or ""))
        st.button(t("app.logout"), key="login.sso_logout", on_click=st.logout)
        privacy_link()  # the provider gave us the address: the notice says what we keep
        return
    st.button(t("login.sso"), key="login.sso", type="primary", on_click=st.login)
    privacy_link()


def login_form() -> None:
    """The login form; a successful submit logs in before the next run builds the menu."""
    if sso_enabled():
        sso_login()
        return
    # 640 px, not the page's width: at 1920 the fields ran 1,080 px wide (login-1920x1080.png).
    # Above the form, in words only, what the tool is and for which programme (no logos we
    # do not own).
    with st.container(width=640, key="login.box"):
        st.header(t("login.heading"))
        st.markdown(f"**{t('login.tagline')}**")
        st.markdown(t("login.about"))
        if settings().demo_mode:
            st.info(t("login.demo_hint", password=DEMO_PASSWORD))
        with st.form(keys.LOGIN_FORM):
            st.text_input(t("login.username"), key=keys.LOGIN_USERNAME, max_chars=60,
                          autocomplete="username")
            st.text_input(t("login.password"), type="password", key=keys.LOGIN_PASSWORD,
                          max_chars=200, autocomplete="current-password")
            st.form_submit_button(t("login.submit"), on_click=_submit_login,
                                  key=keys.LOGIN_SUBMIT, type="primary")
        show()
        request_reset_form()
        privacy_link()
