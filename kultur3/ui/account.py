"""«Min konto»: where the person is logged in, and logging out on every device; the private
calendar link; which reminders they get by e-mail."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kultur3.access import calendar_links, sessions
from kultur3.access.permissions import Actor
from kultur3.core import formatting
from kultur3.core.i18n import LANG_NAMES, LANGS
from kultur3.models import Role
from kultur3.outreach import preferences
from kultur3.ui import auth, keys, web
from kultur3.ui.context import base_url, current_session_id, lang, read, settings, t
from kultur3.ui.feedback import act, show


def sessions_panel(actor: Actor) -> None:
    """The person's live sessions (this one marked) and «Logg ut på alle enheter»."""
    rows = read(sessions.list_for_user, user_id=actor.user_id,
                policy=sessions.policy_of(settings()), current_id=current_session_id())
    st.header(t("account.sessions"))
    st.caption(t("account.sessions_help"))
    st.dataframe(pd.DataFrame({
        t("account.session_browser"): [
            (t("account.session_this") + " – " if r.current else "")
            + (sessions.browser_name(r.user_agent) or t("account.session_unknown"))
            for r in rows],
        t("account.session_started"): [formatting.fmt_datetime(r.created_at, lang())
                                       for r in rows],
        t("account.session_seen"): [formatting.fmt_datetime(r.last_seen_at, lang())
                                    for r in rows],
    }), hide_index=True, key="account.sessions")
    st.button(t("account.logout_all"), key="account.logout_all", help=t("account.logout_all_help"),
              on_click=auth.log_out, args=(actor,), kwargs={"everywhere": True})


def calendar_panel(actor: Actor) -> None:
    """The person's calendar link: made, shown once, made anew (the old one stops working)
    or deleted. «Sist brukt» is read uncached: the feed route keeps it without moving the
    counters cached reads key on."""
    st.header(t("account.calendar"))
    st.caption(t("account.calendar_help"))
    st.markdown(t("account.calendar_how"))
    new = st.session_state.pop(keys.CALENDAR_NEW_LINK, None)
    if new:
        st.info(t("account.calendar_copy_now"))
        st.code(new, language=None, wrap_lines=True)
    state = read(calendar_links.link_state, actor=actor)
    if state is None:
        st.button(t("account.calendar_make"), key="account.calendar_make",
                  on_click=_make, args=(actor,))
        return
    st.caption(t("account.calendar_state",
                 made=formatting.fmt_datetime(state.created_at, lang()),
                 used=formatting.fmt_datetime(state.last_used_at, lang())
                 if state.last_used_at else t("account.calendar_never")))
    st.button(t("account.calendar_renew"), key="account.calendar_renew",
              help=t("account.calendar_renew_help"), on_click=_make, args=(actor,))
    st.button(t("account.calendar_delete"), key="account.calendar_delete",
              on_click=_revoke, args=(actor,))


def _make(actor: Actor) -> None:
    outcome = act(calendar_links.make_link, actor=actor)
    if outcome.ok and outcome.value:
        st.session_state[keys.CALENDAR_NEW_LINK] = web.feed_url(base_url(), outcome.value)


def _revoke(actor: Actor) -> None:
    act(calendar_links.revoke_link, ok="account.calendar_deleted", actor=actor)
# Which kinds of reminder a role is offered on the page (the others keep what is stored):
# only a group's member can coordinate one, only a facilitator advises municipalities.
_OFFERED = {Role.GROUP: ("coordinator_digest", "gathering_reminders"),
            Role.FACILITATOR: ("gathering_reminders", "adviser_digest")}


def reminders_panel(actor: Actor) -> None:
    """«Påminnelser på e-post»: the language of the mails and each kind on or off."""
    mine = read(preferences.preferences, actor=actor)
    st.header(t("reminders.heading"))
    st.caption(t("reminders.help"))
    if not mine.has_address:
        st.info(t("reminders.no_address"))
    offered = _OFFERED.get(Role(actor.role), ("gathering_reminders",))
    with st.form("account.reminders_form"):
        st.selectbox(t("reminders.lang"), LANGS, index=LANGS.index(mine.lang),
                     format_func=LANG_NAMES.get, key="account.reminders.lang")
        for name in offered:
            st.checkbox(t(f"reminders.{name}"), value=getattr(mine, name),
                        key=f"account.reminders.{name}")
        saved = st.form_submit_button(t("reminders.save"), key="account.reminders.save")
    if saved:  # here, not on_click: the message shows below this form, not the password's
        _save_reminders(actor, mine)
    show()


def _save_reminders(actor: Actor, mine: preferences.Preferences) -> None:
    get = st.session_state.get
    choice = {name: bool(get(f"account.reminders.{name}", getattr(mine, name)))
              for name in ("coordinator_digest", "gathering_reminders", "adviser_digest")}
    act(preferences.set_preferences, ok="reminders.saved", actor=actor,
        lang=get("account.reminders.lang", mine.lang), **choice)
