"""The guides in the app (/veiledning: the role's guide from docs/), the accessibility statement
(/tilgjengelighet, open to everybody) and the footer that links it from every page."""

from __future__ import annotations

from datetime import date

import streamlit as st

from kultur3.access.permissions import Actor, can_open
from kultur3.core.config import ENV, ROOT
from kultur3.core.i18n import DEFAULT_LANG
from kultur3.models import Role
from kultur3.ui.context import fmt_date, lang, settings, t
from kultur3.ui.nav import START, URL_PATHS
from kultur3.ui.widgets import escape

DOCS = ROOT / "docs"
# Each role's guides, its own first (bokmål; docs/*.md). Staff read the other two as well:
# they answer a coordinator's or a kommuneleder's questions.
GUIDES = {"facilitator": "fasilitatorveiledning.md", "coordinator": "koordinatorveiledning.md",
          "municipal_leader": "kommunelederveiledning.md"}
ROLE_GUIDES = {Role.FACILITATOR: ("facilitator", "coordinator", "municipal_leader"),
               Role.ADMIN: ("facilitator", "coordinator", "municipal_leader"),
               Role.GROUP: ("coordinator",), Role.MUNICIPAL_LEADER: ("municipal_leader",)}

# The last full check behind the statement: tests/browser/test_accessibility.py (axe-core
# 4.14.1, rules of impact moderate, serious and critical, every page of every role, the live
# pages by code and view link: no violations) and tests/browser/test_keyboard_browser.py
# (join → answer → score → vote, and the console, keyboard only), Chromium 1280×720.
LAST_CHECKED = date(2026, 12, 5)
# The statement's sections: a11y.<name>.heading and .body in the catalogues, in this order
# (Uutilsynet's model: status, what does not meet WCAG 2.1 AA and why, how it was checked).
SECTIONS = ("meets", "fails", "method")
UUTILSYNET = "https://www.uutilsynet.no/"


def _read(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def guide_link() -> None:
    """The way to the facilitator's guide: from «Mine kommuner» and the console."""
    st.page_link("pages/guide.py", label=t("guide.link"), icon=":material/menu_book:")


def guide(actor: Actor) -> None:
    """The role's guide, then (staff) the others, as Markdown from our own docs/: no HTML
    (st.markdown's default), so nothing in a guide can inject a tag."""
    st.title(t("page.guide"))
    if lang() != DEFAULT_LANG:
        st.caption(t("guide.language"))
    keys = ROLE_GUIDES[actor.role]  # every role the page lets in (tests/pages/test_guides_pages.py)
    tabs = st.tabs([t(f"guide.tab.{k}") for k in keys]) if len(keys) > 1 else [st.container()]
    for key, tab in zip(keys, tabs, strict=True):
        with tab:
            st.markdown(_read(GUIDES[key]))


def statement() -> None:
    """The accessibility statement in the form Uutilsynet's model gives public bodies."""
    st.title(t("page.accessibility"))
    st.markdown(t("a11y.intro"))
    st.markdown(t("a11y.status"))
    for name in SECTIONS:
        st.header(t(f"a11y.{name}.heading"))
        st.markdown(t(f"a11y.{name}.body"))
    st.header(t("a11y.contact.heading"))
    contact = settings().accessibility_contact.strip()
    if contact:
        st.markdown(t("a11y.contact.body", contact=escape(contact)))
    else:
        st.info(t("a11y.contact.unset", setting=ENV["accessibility_contact"]))
    st.markdown(t("a11y.complaint", url=UUTILSYNET))
    st.caption(t("a11y.checked", date=fmt_date(LAST_CHECKED)))


# Pages that link the privacy notice where a visitor gives their data (under the login form,
# above «Bli med», on the invitation): the footer does not link it a second time there
# ("": the login is the visitor's default page, whose path Streamlit leaves empty).
OWN_PRIVACY_LINK = {"", START, URL_PATHS["login"], URL_PATHS["join"], URL_PATHS["invitation"]}


def footer(actor: Actor | None, url_path: str) -> None:
    """Every page's footer: the accessibility statement and (where it is this person's page,
    and the page does not link it itself) the privacy notice. Not on the projector: a wall
    has nobody at it to click."""
    if url_path == URL_PATHS["projector"]:
        return
    with st.container(key="footer", horizontal=True):
        st.page_link("pages/accessibility.py", label=t("page.accessibility"),
                     icon=":material/accessibility_new:")
        account = actor is not None and actor.user_id is not None
        if (actor is None and url_path not in OWN_PRIVACY_LINK) or (
                account and not actor.must_change_password and can_open(actor, "privacy")):
            st.page_link("pages/privacy.py", label=t("page.privacy"), icon=":material/policy:")

