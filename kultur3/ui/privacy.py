"""The privacy page (/personvern, open to everybody), the link to it, and the admin's form
for who is responsible for the data."""

from __future__ import annotations

import streamlit as st

from kultur3.access.permissions import Actor
from kultur3.models.base import SETTING_MAX
from kultur3.privacy import notice as notice_service
from kultur3.ui.context import cached_read, t
from kultur3.ui.feedback import act
from kultur3.ui.widgets import escape

# The page's sections in order: privacy.notice.<name>.heading and .body in the catalogues.
SECTIONS = ("member", "participant", "ideas", "survey", "research", "reminders", "why", "how_long",
            "who_sees", "your_rights")


def link() -> None:
    """The way to the privacy page: under the login form, on the join and invitation pages."""
    st.page_link("pages/privacy.py", label=t("privacy.link"), icon=":material/policy:")


def _lines(text: str) -> str:
    """User text as markdown, escaped, its line breaks kept."""
    return "  \n".join(escape(line) for line in text.splitlines())


def notice() -> None:
    """Who is responsible, then what is stored about whom, why, how long, who sees it, and
    how to get a copy or have it erased."""
    facts = cached_read(notice_service.notice)
    st.title(t("page.privacy"))
    st.markdown(t("privacy.notice.intro"))
    st.header(t("privacy.notice.controller.heading"))
    if facts.controller:
        st.markdown(_lines(facts.controller))
    else:
        st.info(t("privacy.controller_unset"))
    st.caption(t("privacy.notice.controller.body"))
    for name in SECTIONS:
        st.header(t(f"privacy.notice.{name}.heading"))
        st.markdown(t(f"privacy.notice.{name}.body", days=facts.guest_days))


def controller_form(actor: Actor) -> None:
    """Admin: name who is responsible for the data, as the privacy page shows it."""
    current = cached_read(notice_service.notice).controller
    with st.form("admin_privacy.controller_form"):
        st.header(t("privacy.controller_heading"))
        st.text_area(t("privacy.controller_label"), value=current, max_chars=SETTING_MAX,
                     height=120, key="admin_privacy.controller",
                     placeholder=t("privacy.controller_placeholder"))
        st.form_submit_button(t("common.save"), key="admin_privacy.controller_save",
                              on_click=_save_controller, args=(actor,))


def _save_controller(actor: Actor) -> None:
    act(notice_service.set_controller, ok="privacy.controller_saved", actor=actor,
        value=st.session_state.get("admin_privacy.controller", ""))
