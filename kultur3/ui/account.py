"""«Min konto»: where the person is logged in, and logging out on every device."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kultur3.access import sessions
from kultur3.access.permissions import Actor
from kultur3.core import formatting
from kultur3.ui import auth
from kultur3.ui.context import current_session_id, lang, read, settings, t


def sessions_panel(actor: Actor) -> None:
    """The person's live sessions (this one marked) and «Logg ut på alle enheter»."""
    rows = read(sessions.list_for_user, user_id=actor.user_id,
                policy=sessions.policy_of(settings()), current_id=current_session_id())
    st.subheader(t("account.sessions"))
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
