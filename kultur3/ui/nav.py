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

from kultur3.access.permissions import HOME_PAGE, Actor, can_open, is_staff, pages_for
from kultur3.models import Role
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
    "guide": "veiledning",
    "accessibility": "tilgjengelighet",
}


# Reached by a link or QR code, not from the menu; the accessibility statement from every
# page's footer (kultur3/ui/chrome.py).
HIDDEN = {"join", "invitation", "survey_answer", "accessibility"}

# The menu's sections (st.navigation's dict), in this order, with the pages in each. A
# municipality's own pages are «Vår kommune» to its group and kommuneleder and «Kommunene» to
# everybody else (nav.section.ours / nav.section.municipalities).
SECTIONS: dict[str, tuple[str, ...]] = {
    "municipalities": ("my_municipalities", "group_home", "group_team", "workshop",
                       "action_plan", "anchoring", "surveys", "municipality_work",
                       "admin_groups"),
    "gatherings": ("facilitator_home", "live_console", "projector", "live_group", "join",
                   "half_year_plan"),
    "insight": ("overview", "dashboard", "words", "library", "research"),
    "admin": ("admin_home", "admin_users", "admin_programme", "admin_audit", "admin_privacy"),
    "account": ("account", "guide", "privacy", "invitation", "survey_answer", "accessibility"),
}
SECTION_OF = {key: name for name, keys in SECTIONS.items() for key in keys}
OWN_MUNICIPALITY = {Role.GROUP, Role.MUNICIPAL_LEADER}
# A municipality's group pages, in the menu of staff only when the person belongs to one
# (user.municipality_id): an adviser reaches a municipality's page from «Mine kommuner».
GROUP_PAGES = {"group_home", "group_team"}
# What staff open from another page rather than the menu: the participant's screen (a
# facilitator sees it on any phone that joined) and the privacy notice (every page's footer
# links it). An admin's menu holds what administering takes, plus the gatherings and the
# insight pages: 27 pages listed flat ran to 1,063 px on a 1280×720 screen (measured with
# tests/browser/test_menus_browser.py), so a group's own work (which a facilitator enters
# on its behalf) and «Mine kommuner» (an adviser is a facilitator) stay out of it; every one
# opens by its address and from «Kommunens arbeid».
STAFF_UNLISTED = {"live_group", "privacy"}
ADMIN_UNLISTED = {"my_municipalities", "workshop", "action_plan", "anchoring", "surveys"}

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


def listed(actor: Actor, key: str) -> bool:
    """Is the page in this person's menu (not only reachable by its address)?"""
    if key in HIDDEN:
        return False
    if is_staff(actor) and actor.municipality_id is None and key in GROUP_PAGES:
        return False
    return not (is_staff(actor) and key in STAFF_UNLISTED
                or actor.role == Role.ADMIN and key in ADMIN_UNLISTED)


def menu(actor: Actor) -> dict[str, list[str]]:
    """The sections of a logged-in account's menu, each with its page keys (the home page
    first, in its own section, which comes first); hidden pages included, in their section."""
    home, *rest = pages_for(actor.role)
    sections: dict[str, list[str]] = {SECTION_OF[home]: [home]}
    for name, keys in SECTIONS.items():
        sections.setdefault(name, []).extend(k for k in keys if k in rest)
    return {name: keys for name, keys in sections.items() if keys}


def section_title(actor: Actor, name: str) -> str:
    if name == "municipalities" and actor.role in OWN_MUNICIPALITY:
        return t("nav.section.ours")
    return t(f"nav.section.{name}")


def _own_pages(actor: Actor | None) -> dict[str, dict[str, st.Page]]:
    """The login page (joining by code, the privacy page) for visitors; the role's pages, home
    first, in the sections of menu(), for a logged-in user. The live group page is there,
    hidden, so a visitor who has just joined can be switched to it; its guard lets in only a
    participant. The accessibility statement is there for everybody, hidden (the footer
    links it). Returns section title -> url path -> page ("" = no section heading)."""
    statement = _page("accessibility", hidden=True)
    if actor is None:
        return {"": dict([_page("login", default=True, url_path=START), _page("join"),
                          _page("privacy"), _page("live_group", hidden=True),
                          _page("invitation", hidden=True), _page("survey_answer", hidden=True),
                          statement])}
    if actor.must_change_password:  # a temporary password opens nothing but the change form
        return {"": dict([_page("account", default=True, url_path=START), statement])}
    home = pages_for(actor.role)[0]
    if actor.user_id is None:  # a projector's view link or a participant: one page, own path
        return {"": dict([*_home(home), statement])}
    # The home page is the default, served at "/"; it is registered again, hidden, under its
    # own path below (a bookmark of /samlinger), so its internal path must differ.
    return {section_title(actor, name): dict(
        _page(key, default=True, url_path=START) if key == home
        else _page(key, hidden=not listed(actor, key)) for key in keys)
        for name, keys in menu(actor).items()}


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


def pages(actor: Actor | None) -> dict[str, list[st.Page]]:
    """This person's pages by menu section, plus a hidden stand-in under every other path the
    app knows and under the path just asked for, so no link ever meets Streamlit's English
    «Page not found» dialog: a bookmark of the home page's own path opens the home page;
    another role's page, a mistyped path or a page file's name opens the login form for a
    visitor (and the page itself after the login, when this role may open it), else a
    Norwegian «not here» with the way home."""
    own = _own_pages(actor)
    taken = {path for section in own.values() for path in section}  # the paths that resolve
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
    sections = {title: list(section.values()) for title, section in own.items()}
    first = next(iter(sections))  # hidden pages show no heading of their own
    sections[first].extend(extra)
    return sections


def _valid(path: str) -> bool:
    """A path Streamlit accepts as a page's url_path (one segment)."""
    return "/" not in path and len(path) <= 200 and path.isprintable()
