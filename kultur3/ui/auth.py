"""Login, cookie re-login and logout around streamlit-authenticator.

The authenticator only carries the signed re-login cookie. Passwords are checked by
kultur3.accounts against bcrypt hashes in the database, with our own lockout record,
because the library's own attempt counter does not survive credentials rebuilt per run.
"""

from __future__ import annotations

import streamlit as st
import streamlit_authenticator as stauth
from streamlit_authenticator.utilities import LoginError

from kultur3 import accounts, formatting
from kultur3.errors import LoginLocked
from kultur3.seed import DEMO_PASSWORD
from kultur3.ui import keys
from kultur3.ui.context import lang, read, settings, sso_enabled, t
from kultur3.ui.feedback import attempt, flash, show
from kultur3.ui.invites import request_reset_form
from kultur3.ui.privacy import link as privacy_link


def authenticator() -> stauth.Authenticate:
    """The one Authenticate of this run, fed with active users' hashes from the database."""
    cfg = settings()
    creds = read(accounts.credentials)
    return stauth.Authenticate(creds, cookie_name=cfg.cookie_name, cookie_key=cfg.cookie_key,
                               cookie_expiry_days=cfg.cookie_expiry_days, auto_hash=False,
                               login_sleep_time=0)


def restore_session(auth: stauth.Authenticate) -> None:
    """Log in from the cookie before st.navigation, so refresh and deep links keep their page."""
    try:
        auth.login(location="unrendered")
    except LoginError:
        # The cookie names a user who is gone or deactivated: forget it.
        _clear_session()
        auth.cookie_controller.delete_cookie()
    if st.session_state.get(keys.PENDING_COOKIE):
        # Render the cookie writer until the browser reports it ran: a rerun that arrives
        # first (the cookie reader's own report) would otherwise unmount it unrun.
        if st.session_state.get(keys.COOKIE_WRITER):
            del st.session_state[keys.PENDING_COOKIE]
        else:
            auth.cookie_controller.set_cookie()


def _clear_session() -> None:
    for key in (keys.AUTH_STATUS, keys.AUTH_USERNAME, keys.AUTH_NAME):
        st.session_state[key] = None


def logout_button(auth: stauth.Authenticate) -> bool:
    """Sidebar logout; returns True when the user just logged out."""
    if sso_enabled():
        st.sidebar.button(t("app.logout"), key=keys.LOGOUT, on_click=st.logout)
        return False
    if st.sidebar.button(t("app.logout"), key=keys.LOGOUT):
        auth.logout(location="unrendered")
        return True
    return False


def _submit_login() -> None:
    """Form callback: check the password against the database and our lockout record."""
    username = st.session_state.get(keys.LOGIN_USERNAME, "")
    password = st.session_state.get(keys.LOGIN_PASSWORD, "")
    if not username.strip() or not password:
        flash("warning", "login.empty")
        return
    checked = attempt(accounts.authenticate, username=username, password=password,
                      demo_mode=settings().demo_mode)
    if isinstance(checked.error, LoginLocked):
        flash("error", "login.locked",
              until=formatting.fmt_time(checked.error.params["until"], lang()))
    elif checked.error is not None:
        flash("error", checked.error.key, **checked.error.params)
    elif checked.value is None:
        flash("error", "login.failed")
    else:
        log_in(checked.value)


def log_in(actor) -> None:
    """This session is now the actor's; the next run writes the re-login cookie."""
    st.session_state[keys.AUTH_STATUS] = True
    st.session_state[keys.AUTH_USERNAME] = actor.username
    st.session_state[keys.AUTH_NAME] = actor.display_name
    st.session_state[keys.AUTH_LOGOUT] = False
    st.session_state[keys.PENDING_COOKIE] = True
    st.session_state.pop(keys.COOKIE_WRITER, None)


def sso_login() -> None:
    """With single sign-on: one button to the organisation's login, or why access is missing."""
    st.header(t("login.heading"))
    if st.user.is_logged_in:  # proven by the provider, but no account here
        st.warning(t("login.sso_no_account", email=st.user.get("email") or ""))
        st.button(t("app.logout"), key="login.sso_logout", on_click=st.logout)
        return
    st.button(t("login.sso"), key="login.sso", type="primary", on_click=st.login)
    privacy_link()


def login_form() -> None:
    """The login form; a successful submit logs in before the next run builds the menu."""
    if sso_enabled():
        sso_login()
        return
    st.header(t("login.heading"))
    if settings().demo_mode:
        st.info(t("login.demo_hint", password=DEMO_PASSWORD))
    with st.form(keys.LOGIN_FORM):
        st.text_input(t("login.username"), key=keys.LOGIN_USERNAME, max_chars=60,
                      autocomplete="username")
        st.text_input(t("login.password"), type="password", key=keys.LOGIN_PASSWORD,
                      max_chars=200, autocomplete="current-password")
        st.form_submit_button(t("login.submit"), on_click=_submit_login, key=keys.LOGIN_SUBMIT,
                              type="primary")
    show()
    request_reset_form()
    privacy_link()
