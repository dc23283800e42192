"""Every address the app knows, opened as the very first request after a server start, by
every role and logged out: no Streamlit «Page not found» dialog, no sidebar listing the files
in pages/, and a login on a deep link that ends on the page it names (issue 14, item 1).

A logged-in visit carries a session cookie for a session started in the database, as a login
leaves it, so each visit is a fresh Streamlit session, as a bookmark or a shared link is.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlmodel import select

from kultur3.access import sessions
from kultur3.access.permissions import PAGE_ROLES
from kultur3.models import Role, User
from kultur3.store.db import make_engine, session_scope
from kultur3.ui.nav import URL_PATHS
from tests.browser.conftest import ROOT, wait_for_app
from tests.browser.test_live_browser import prepare

pytestmark = pytest.mark.browser

PAGE_OF = {path: key for key, path in URL_PATHS.items()}
FILE_NAMES = sorted(p.stem for p in (ROOT / "pages").glob("*.py"))
# Every known address, two page-file names (what Streamlit itself would resolve) and a typo.
PATHS = [*URL_PATHS.values(), "admin_users", "workshop", "dashbord-2025"]
VISITORS = {  # who -> (role, the deep link opened first after the restart)
    None: (None, "dashbord"),
    "admin": (Role.ADMIN, "brukere"),
    "fasilitator": (Role.FACILITATOR, "samlinger"),
    "leder": (Role.LEADER, "dashbord"),
    "kommune-3203": (Role.GROUP, "var-kommune"),
    "kommuneleder-3203": (Role.MUNICIPAL_LEADER, "kommunens-arbeid"),
}
LOGIN_FORM = ".st-key-login-username"
OPEN_TO_VISITORS = {"delta", "invitasjon", "samling", "personvern", "mening",
                    "tilgjengelighet"}  # no login asked for


def relogin_cookie(username: str, base_url: str, database_url: str) -> dict:
    """The session cookie a login leaves (kultur3/ui/web.py), for a session started here."""
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        user_id = session.exec(select(User.id).where(User.username == username)).one()
        token = sessions.start(session, user_id=user_id, policy=sessions.SessionPolicy())
    engine.dispose()
    return {"name": "kultur3_auth", "value": token, "url": base_url, "httpOnly": True,
            "sameSite": "Strict"}


def no_streamlit_chrome(page: Page, where: str) -> None:
    """No English dialog, and a menu that names only the app's own addresses."""
    assert page.get_by_text("Page not found").count() == 0, where
    assert page.locator("[role='dialog']").count() == 0, where
    assert page.get_by_test_id("stSidebarNavViewButton").count() == 0, where  # «View N more»
    hrefs = [a.get_attribute("href") or "" for a in
             page.locator("[data-testid='stSidebarNav'] a").all()]
    listed = {h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs}
    assert not listed & set(FILE_NAMES), f"{where}: the menu lists page files: {sorted(listed)}"


def expect_page(page: Page, who: str | None, role: Role | None, path: str) -> None:
    where = f"{who or 'logged out'} at /{path}"
    no_streamlit_chrome(page, where)
    key = PAGE_OF.get(path, path if path in URL_PATHS else None)
    if role is None:
        if path not in OPEN_TO_VISITORS:
            expect(page.locator(LOGIN_FORM), where).to_be_visible()
        return
    if path != URL_PATHS["projector"]:  # the projector has no sidebar
        expect(page.get_by_text("Innlogget som"), where).to_be_visible()
    expect(page.locator(LOGIN_FORM), where).to_have_count(0)
    if key is not None and role in PAGE_ROLES.get(key, ()):
        expect(page.get_by_role("heading", name="Siden er ikke her"), where).to_have_count(0)
        if path in URL_PATHS.values():
            assert address(page) == path, f"{where}: ended on {page.url}"
        else:  # a page file's name goes on to the page's own address
            assert address(page) == URL_PATHS[key], f"{where}: ended on {page.url}"
    elif path != URL_PATHS["login"]:  # /logg-inn, logged in, goes home
        expect(page.get_by_role("heading", name="Siden er ikke her"), where).to_be_visible()


def address(page: Page) -> str:
    return urlsplit(page.url).path.strip("/")


def visit(context: BrowserContext, base: str, path: str) -> Page:
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{base}/{path}")
    wait_for_app(page)
    return page


BATCH = 4  # fresh sessions at once, as a room of phones would: four times quicker here


@pytest.mark.parametrize("who", list(VISITORS), ids=lambda w: w or "logged-out")
def test_every_address_first_after_a_restart(make_server, browser: Browser, who, demo_url):
    role, first = VISITORS[who]
    server = make_server()
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nb-NO")
    if who:
        context.add_cookies([relogin_cookie(who, server.url, demo_url)])
    try:
        expect_page(visit(context, server.url, first), who, role, first)  # the very first
        rest = [p for p in PATHS if p != first]
        for i in range(0, len(rest), BATCH):
            batch = rest[i:i + BATCH]
            pages = [context.new_page() for _ in batch]
            for page, path in zip(pages, batch, strict=True):
                page.set_default_timeout(20_000)
                page.goto(f"{server.url}/{path}", wait_until="commit")
            for page, path in zip(pages, batch, strict=True):
                wait_for_app(page)
                expect_page(page, who, role, path)
                page.close()
    finally:
        context.close()


@pytest.mark.parametrize("attempt", range(3))
def test_a_login_after_visits_to_file_names_is_never_lost(make_server, browser, attempt):
    """Measured before the fix: anonymous visits to /admin_users and /workshop right after a
    start, then a login on /dashbord, was silently lost in 2 of 3 runs."""
    server = make_server()
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nb-NO")
    try:
        for path in ("admin_users", "workshop"):
            visit(context, server.url, path).close()
        page = visit(context, server.url, "dashbord")
        no_streamlit_chrome(page, "login form on /dashbord")
        page.get_by_label("Brukernavn").fill("leder")
        page.get_by_label("Passord").fill("kultur3-demo")
        page.get_by_role("button", name="Logg inn").click()
        expect(page.get_by_role("heading", name="Dashbord").first).to_be_visible()
        deadline = time.monotonic() + 20
        while not any(c["name"] == "kultur3_auth" for c in context.cookies()):
            assert time.monotonic() < deadline, "the login cookie never arrived"
            page.wait_for_timeout(200)
        assert address(page) == "dashbord"
        no_streamlit_chrome(page, "after the login")
    finally:
        context.close()


def test_a_view_link_first_after_a_restart(make_server, browser, demo_url):
    _, token = prepare(demo_url)
    server = make_server()
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="nb-NO")
    try:
        page = visit(context, server.url, f"storskjerm?visning={token}")
        no_streamlit_chrome(page, "projector by its view link")
        expect(page.locator(".st-key-projector-title").first).to_be_visible()
        assert "/storskjerm" in page.url
    finally:
        context.close()
