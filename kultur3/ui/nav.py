"""The pages each role gets, with Norwegian URL paths.

URL paths differ from the file names on purpose: started with plain `streamlit run`,
Streamlit maps a path that equals a file name in pages/ straight to that file (skipping
app.py) until some session has called st.navigation (kultur3/ui/serve.py prevents that). Every
known path and the one just asked for resolve to a page for everybody (see pages()), so a
deep link goes through app.py, the login and the menu, and ends on the page it names.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from kultur3.access.permissions import HOME_PAGE, Actor, can_open, pages_for
from kultur3.ui import streamlit_internals as internals
from kultur3.ui.context import t

URL_PATHS = {
    "login": "logg-inn",
    "group_home": "var-kommune",
    "workshop": "fremtidsbilder",
    "action_plan": "handlingsplan",
    "facilitator_home": "samlinger",
    "half_year_plan": "halvarsplan",
    "my_municipalities": "mine-kommuner",
    "overview": "oversikt",
    "dashboard": "dashbord",
    "admin_home": "administrasjon",
    "admin_users": "brukere",
    "admin_groups": "kommunegrupper",
    "admin_audit": "logg",
    "admin_programme": "program",
    "admin_privacy": "personopplysninger",
    "privacy": "personvern",
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
    "research": "forskning",
    "surveys": "undersokelse",
    "survey_answer": "mening",
}


# Reached by a link or QR code, not from the menu.
HIDDEN = {"join", "invitation", "survey_answer"}

# The internal path of the page served at "/" (Streamlit never shows it in the address).
START = "start"
ASKED = "nav.asked"


# A page with the URL path it was given (st.Page keeps it only in a private attribute).
Paged = tuple[str, st.Page]


def _page(key: str, *, default: bool = False, hidden: bool = False,
          url_path: str | None = None) -> Paged:
    path = url_path or URL_PATHS[key]
    return path, st.Page(f"pages/{key}.py", title=t(f"page.{key}"), url_path=path,
                         default=default, visibility="hidden" if hidden else "visible")


def _home(key: str) -> list[Paged]:
    """The home page behind a hidden start page at the root that switches to it.

    Streamlit serves the default page only at "/": had the home page been the default, a
    link to its own path (/storskjerm for a projector, /samling for a participant) would
    open with «page not found». So the page keeps its path, and "/" forwards.
    """
    home = _page(key)

    def start() -> None:
        st.switch_page(home[1], query_params=st.query_params.to_dict())  # keep ?kode= etc.

    return [(START, st.Page(start, title=t(f"page.{key}"), url_path=START, default=True,
                            visibility="hidden")), home]


def _own_pages(actor: Actor | None) -> dict[str, st.Page]:
    """The login page (joining by code, the privacy page) for visitors; the role's pages, home
    first, for a logged-in user. The live group page is there, hidden, so a visitor who has
    just joined can be switched to it; its guard lets in only a participant."""
    if actor is None:
        return dict([_page("login", default=True, url_path=START), _page("join"),
                     _page("privacy"), _page("live_group", hidden=True),
                     _page("invitation", hidden=True), _page("survey_answer", hidden=True)])
    if actor.must_change_password:  # a temporary password opens nothing but the change form
        return dict([_page("account", default=True, url_path=START)])
    home, *rest = pages_for(actor.role)
    if actor.user_id is None:  # a projector's view link or a participant: one page, own path
        return dict(_home(home))
    # The home page is the default, served at "/"; it is registered again, hidden, under its
    # own path below (a bookmark of /samlinger), so its internal path must differ.
    return dict([_page(home, default=True, url_path=START),
                 *(_page(key, hidden=key in HIDDEN) for key in rest)])


def _elsewhere(path: str) -> None:
    """A path this person cannot open here: the login form for a visitor (the same path then
    opens the page once the login is through), else a plain message and the way home."""
    from kultur3.ui import auth  # auth imports context; nav stays importable without it
    from kultur3.ui.context import current_user

    actor = current_user()
    if actor is None:
        auth.login_form()
        return
    home = "account" if actor.must_change_password else HOME_PAGE[actor.role]
    if path in URL_PATHS and can_open(actor, path):  # a page file's name: its real address
        st.switch_page(f"pages/{path}.py")
    if path == URL_PATHS["login"] or actor.user_id is None:
        # Logged in already, or a participant or view link, whose one page is all there is.
        st.switch_page(f"pages/{home}.py", query_params=st.query_params.to_dict())
    st.title(t("nav.not_here_heading"))
    st.info(t("nav.not_here"))
    st.page_link(f"pages/{home}.py", label=t("nav.to_home"), icon=":material/home:")


def _stand_in(path: str) -> Callable[[], None]:
    def stand_in() -> None:
        _elsewhere(path)

    return stand_in


def _requested_paths() -> list[str]:
    """The paths this session's browser asked for on a fresh load (/dashbord -> "dashbord").

    Kept for the session: every later run (a click) navigates by
    the page's hash, and that hash must still name a page, or Streamlit falls back to "/".
    """
    name = internals.requested_page_name()
    asked = st.session_state.setdefault(ASKED, [])
    if name and _valid(name) and name not in asked:
        asked[:] = [*asked[-4:], name]  # a handful; unknown paths are typos, not a store
    return list(asked)


def pages(actor: Actor | None) -> list[st.Page]:
    """This person's pages, plus a hidden stand-in under every other path the app knows and
    under the path just asked for, so no link ever meets Streamlit's English «Page not
    found» dialog: a bookmark of the home page's own path opens the home page; another
    role's page, a mistyped path or a page file's name opens the login form for a visitor
    (and the page itself after the login, when this role may open it), else a Norwegian
    «not here» with the way home."""
    own = _own_pages(actor)
    taken = set(own)  # the paths that resolve
    extra: list[st.Page] = []
    if actor is not None and actor.user_id is not None and not actor.must_change_password:
        path, page = _page(pages_for(actor.role)[0], hidden=True)
        extra.append(page)
        taken.add(path)
    for path in dict.fromkeys([*URL_PATHS.values(), *_requested_paths()]):
        if path not in taken:
            extra.append(st.Page(_stand_in(path), url_path=path, visibility="hidden",
                                 title=t("page.login" if actor is None
                                         else "nav.not_here_heading")))
    return [*own.values(), *extra]


def _valid(path: str) -> bool:
    """A path Streamlit accepts as a page's url_path (one segment)."""
    return "/" not in path and len(path) <= 200 and path.isprintable()
