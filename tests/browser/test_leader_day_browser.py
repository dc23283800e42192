"""A leader follow-up day in real Chromium: the facilitator's console walks its own agenda,
and the group's screen follows it to the anchoring, where the group records an entry."""

import pytest
from playwright.sync_api import Browser, expect
from sqlmodel import Session, select

from kultur3.models import Anchoring, Gathering
from kultur3.store.db import make_engine
from kultur3.ui.nav import URL_PATHS
from tests.browser.conftest import login, wait_for_app

pytestmark = pytest.mark.browser
LEADER_DAY = "Lederoppfølgingsdag – Asker"


def _screen(browser: Browser, base: str, username: str, path: str):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(20_000)
    login(page, base, username)
    page.goto(f"{base}/{path}")
    wait_for_app(page)
    return page


def _next(console, label: str, *, engine, gid: int) -> None:
    """The facilitator moves the room on, once the console has settled.

    Once in three clean-clone runs (issue 22) the click never reached the server: the
    gathering's phase stayed where it was for the whole 15 s. A person would click again, so
    the test does too, but only when the database shows the click did not arrive (a slow
    screen waits instead), and it says so in the output: the lost click is still open."""
    def phase() -> str:
        with Session(engine) as s:
            return s.get(Gathering, gid).phase

    status = console.locator(".st-key-live_console-status")
    before = phase()
    wait_for_app(console)
    console.locator(".st-key-live_console-next").get_by_role("button").click()
    try:
        expect(status).to_contain_text(label, timeout=8_000)
        return
    except AssertionError:
        if phase() != before:  # the click arrived; the screen is slow
            expect(status).to_contain_text(label)
            return
    print(f"lost click: «Neste fase» did not reach the server (phase still {before})")
    wait_for_app(console)
    console.locator(".st-key-live_console-next").get_by_role("button").click()
    expect(status).to_contain_text(label)


def test_a_leader_day_from_the_console_to_the_group_screen(server, browser):
    engine = make_engine(server.database_url)
    with Session(engine) as s:
        gid = s.exec(select(Gathering.id).where(Gathering.title == LEADER_DAY)).one()
    query = f"?samling={gid}"
    console = _screen(browser, server.url, "fasilitator", URL_PATHS["live_console"] + query)
    group = _screen(browser, server.url, "kommune-3203", URL_PATHS["live_group"] + query)
    expect(group.locator(".st-key-live_group-phase")).to_contain_text("Velkommen")

    _next(console, "Gruppa presenterer", engine=engine, gid=gid)
    expect(group.locator(".st-key-live_group-phase")).to_contain_text("Gruppa presenterer")
    expect(group.get_by_text("Gruppa viser radaren og utviklingsprosjektet")).to_be_visible()

    _next(console, "Forankring", engine=engine, gid=gid)
    expect(group.locator(".st-key-live_group-phase")).to_contain_text("Forankring")
    wait_for_app(group)  # the phase label comes early in the run; the form after it
    title = group.locator(".st-key-anchoring-new-title input")
    if not title.is_visible():  # the form opens by itself only while there is no entry yet
        group.locator("summary").filter(has_text="Legg til forankring").click()
    title.fill("Kulturskolen i økonomiplanen 2027–2030")
    group.locator(".st-key-anchoring-new-submit").get_by_role("button").click()
    expect(group.get_by_text("Kulturskolen i økonomiplanen 2027–2030").first).to_be_visible()

    _next(console, "Beslutninger og oppfølging", engine=engine, gid=gid)
    expect(group.locator(".st-key-live_group-phase")).to_contain_text(
        "Beslutninger og oppfølging")
    with Session(engine) as s:
        assert s.exec(select(Anchoring).where(
            Anchoring.title == "Kulturskolen i økonomiplanen 2027–2030")).one()
        assert s.get(Gathering, gid).phase == "decisions"
    engine.dispose()
