"""The pages each role gets, with Norwegian URL paths.

URL paths differ from the file names on purpose: Streamlit maps a path that equals a file
name in pages/ straight to that file (skipping app.py) until some session has called
st.navigation. A path that matches no file always goes through app.py, the login and the
menu, so deep links and refreshes work even right after a restart.
"""

from __future__ import annotations

import streamlit as st

from kultur3.permissions import Actor, pages_for
from kultur3.ui.context import t

URL_PATHS = {
    "login": "logg-inn",
    "group_home": "var-kommune",
    "workshop": "fremtidsbilder",
    "action_plan": "handlingsplan",
    "facilitator_home": "samlinger",
    "overview": "oversikt",
    "dashboard": "dashbord",
    "admin_home": "administrasjon",
    "admin_users": "brukere",
    "admin_groups": "kommunegrupper",
    "admin_audit": "logg",
    "admin_programme": "program",
    "admin_privacy": "personvern",
    "account": "min-konto",
    "live_console": "styring",
    "projector": "storskjerm",
    "live_group": "samling",
    "join": "delta",
    "group_team": "var-gruppe",
    "anchoring": "forankring",
    "municipality_work": "kommunens-arbeid",
    "words": "svar",
    "library": "laer-av-andre",
    "invitation": "invitasjon",
}


# Reached by a link or QR code, not from the menu.
HIDDEN = {"join", "invitation"}


def _page(key: str, *, default: bool, hidden: bool = False) -> st.Page:
    return st.Page(f"pages/{key}.py", title=t(f"page.{key}"), url_path=URL_PATHS[key],
                   default=default, visibility="hidden" if hidden else "visible")


def _home(key: str) -> list[st.Page]:
    """The home page behind a hidden start page at the root that switches to it.

    Streamlit serves the default page only at "/": had the home page been the default, a
    link to its own path (/storskjerm for a projector, /samling for a participant) would
    open with «page not found». So the page keeps its path, and "/" forwards. (Account
    roles keep their home as the default page: their links rarely name it, and a switch on
    every visit to "/" would reset their widget state.)
    """
    home = _page(key, default=False)

    def start() -> None:
        st.switch_page(home, query_params=st.query_params.to_dict())  # keep ?kode= etc.

    return [st.Page(start, title=t(f"page.{key}"), url_path="start", default=True,
                    visibility="hidden"), home]


def pages(actor: Actor | None) -> list[st.Page]:
    """The login page (and joining by code) for visitors; the role's pages, home first, for a
    logged-in user. The live group page is there, hidden, so a visitor who has just joined
    can be switched to it; its guard lets in only a participant."""
    if actor is None:
        return [_page("login", default=True), _page("join", default=False),
                _page("live_group", default=False, hidden=True),
                _page("invitation", default=False, hidden=True)]
    if actor.must_change_password:  # a temporary password opens nothing but the change form
        return [_page("account", default=True)]
    home, *rest = pages_for(actor.role)
    if actor.user_id is None:  # a projector's view link or a participant: one page, own path
        return _home(home)
    return [_page(home, default=True),
            *(_page(key, default=False, hidden=key in HIDDEN) for key in rest)]
