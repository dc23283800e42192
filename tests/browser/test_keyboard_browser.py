"""Keyboard only, in real Chromium (issue 26 §2): a participant joins by code, answers, scores
and votes, and a facilitator runs the console, with Tab, arrows, Space and Enter and never
a click; every control reached shows where the focus is."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from kultur3 import live
from kultur3.models import Answer, Gathering, Score, Vote
from kultur3.store.db import make_engine
from tests.browser.conftest import wait_for_app
from tests.browser.test_live_browser import FS2, keyed, prepare, screen
from tests.conftest import actor_of

pytestmark = pytest.mark.browser
# A console has about 60 stops; a participant's screen fewer than 30.
MAX_TABS = 150
TAB_SECONDS = 30


def _focused(page: Page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
        const s = getComputedStyle(e);
        const key = [...e.closest('[class*="st-key-"]')?.classList || []]
            .filter(c => c.startsWith('st-key-')).pop() || '';
        return {tag: e.tagName, type: e.type || '', text: (e.innerText || '').trim(),
                label: e.getAttribute('aria-label') || '', key,
                disabled: !!e.disabled, outline: s.outlineStyle, shadow: s.boxShadow}; }""")


def tab_to(page: Page, wanted, *, backwards: bool = False) -> dict:
    """Press Tab until the focused element is the one wanted (a test on _focused's dict).
    Round and round for up to TAB_SECONDS: on a loaded machine the script's run can end
    after the first rounds (stop 30's CI went round a screen whose radios were not drawn
    yet; under three busy loops the join page showed only its footer for 5 s)."""
    deadline = time.monotonic() + TAB_SECONDS
    while time.monotonic() < deadline:
        for _ in range(MAX_TABS):
            page.keyboard.press("Shift+Tab" if backwards else "Tab")
            now = _focused(page)
            if wanted(now):
                return now
    raise AssertionError(f"Tab never reached it; last focus {_focused(page)}")


def assert_focus_visible(found: dict) -> None:
    assert found["outline"] != "none" or found["shadow"] not in ("none", ""), found


def _db(url: str):
    engine = make_engine(url)
    return engine, Session(engine)


def _move(url: str, phase: str) -> int:
    """The facilitator moves the room (another person, on another screen)."""
    engine, s = _db(url)
    with s:
        gid = s.exec(select(Gathering.id).where(Gathering.title == FS2)).one()
        live.set_phase(session=s, actor=actor_of(s, "fasilitator"), gathering_id=gid,
                       phase=phase)
        s.commit()
    engine.dispose()
    return gid


def _rows(url: str, model, gathering_id: int) -> list:
    engine, s = _db(url)
    with s:
        rows = s.exec(select(model).where(model.gathering_id == gathering_id)).all()
    engine.dispose()
    return rows


def _count(url: str, model, gathering_id: int) -> int:
    return len(_rows(url, model, gathering_id))


def _wait_for(check, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    raise AssertionError("never happened")


def test_a_participant_joins_answers_scores_and_votes_with_the_keyboard_alone(server, browser):
    code, _ = prepare(server.database_url)
    page = screen(browser, 390, 844)
    url = server.database_url
    try:
        page.goto(f"{server.url}/delta?kode={code}")
        wait_for_app(page)
        # Join: the municipality list, typed into and chosen with Enter, then «Bli med».
        tab_to(page, lambda f: "join-municipality" in f["key"] and f["tag"] == "INPUT")
        page.keyboard.type("Asker")
        page.keyboard.press("Enter")
        found = tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Bli med")
        assert_focus_visible(found)
        page.keyboard.press("Enter")
        page.wait_for_url("**deltaker=**")
        wait_for_app(page)

        # Answer question 1: the text field, typed into; Tab out saves it.
        gid = _move(url, "q1")
        expect(keyed(page, "live_group.phase")).to_contain_text("Spørsmål 1")
        expect(page.locator("textarea").first).to_be_attached()
        wait_for_app(page)
        tab_to(page, lambda f: f["tag"] == "TEXTAREA")
        page.keyboard.press("Control+End")  # after the demo's answer, as a person would add
        page.keyboard.type(" Skrevet med tastaturet.")
        page.keyboard.press("Tab")
        _wait_for(lambda: any(a.text.endswith(" Skrevet med tastaturet.")
                              for a in _rows(url, Answer, gid)))

        # Score: the first radio group of «Ønsket», an arrow key picks a level.
        _move(url, "scoring")
        expect(keyed(page, "live_group.phase")).to_contain_text("Skåring")
        # The phase's label arrives before the rest of the run: on a loaded CI machine 150
        # Tabs went round the screen before its radios were drawn (stop 30).
        expect(page.locator("input[type=radio]").first).to_be_attached()
        wait_for_app(page)
        before = _count(url, Score, gid)
        tab_to(page, lambda f: f["tag"] == "INPUT" and f["type"] == "radio")
        page.keyboard.press("ArrowRight")
        _wait_for(lambda: _count(url, Score, gid) > before)

        # Vote: a «+» gives a dot.
        _move(url, "prioritising")
        expect(keyed(page, "live_group.phase")).to_contain_text("Prioritering")
        expect(page.get_by_role("button", name="+").first).to_be_attached()
        wait_for_app(page)
        votes = _count(url, Vote, gid)
        found = tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "+"
                       and not f["disabled"])
        assert_focus_visible(found)
        page.keyboard.press("Enter")
        _wait_for(lambda: _count(url, Vote, gid) == votes + 1)
    finally:
        page.context.close()


def test_the_facilitator_runs_the_console_with_the_keyboard_alone(server, browser):
    prepare(server.database_url)
    page = screen(browser, 1280, 800)
    try:
        page.goto(server.url)
        wait_for_app(page)
        tab_to(page, lambda f: f["tag"] == "INPUT" and "login-username" in f["key"])
        page.keyboard.type("fasilitator")
        page.keyboard.press("Tab")
        page.keyboard.type("kultur3-demo")
        page.keyboard.press("Enter")
        _wait_for(lambda: any(c["name"] == "kultur3_auth" for c in page.context.cookies()))
        expect(page.get_by_role("heading", name="Mine kommuner").first).to_be_visible()
        wait_for_app(page)
        # To the console through the menu: its link, reached by Tab, opened with Enter.
        found = tab_to(page, lambda f: f["tag"] == "A" and f["text"] == "Styring av samling")
        assert_focus_visible(found)
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="Styring av samling").first).to_be_visible()
        wait_for_app(page)

        # Pick FS2 in the gathering list (typed, Enter), then the next phase.
        tab_to(page, lambda f: f["tag"] == "INPUT" and "live_console-gathering" in f["key"])
        page.keyboard.type(FS2[:16])
        page.keyboard.press("Enter")
        wait_for_app(page)
        found = tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Neste fase ▶")
        assert_focus_visible(found)
        page.keyboard.press("Enter")
        expect(keyed(page, "live_console.status")).to_contain_text("Spørsmål 1")
        wait_for_app(page)

        # Show the results on the big screen: a switch, toggled with Space.
        tab_to(page, lambda f: f["tag"] == "INPUT" and f["type"] == "checkbox"
               and "reveal" in f["key"])
        page.keyboard.press("Space")
        engine, s = _db(server.database_url)
        with s:
            gid = s.exec(select(Gathering.id).where(Gathering.title == FS2)).one()
        engine.dispose()

        def revealed() -> bool:
            engine, s = _db(server.database_url)
            with s:
                state = live.live_state(session=s, actor=actor_of(s, "fasilitator"),
                                        gathering_id=gid)
            engine.dispose()
            return state.revealed

        _wait_for(revealed)
        # The timer: minutes typed, Enter, then «Start».
        tab_to(page, lambda f: f["tag"] == "INPUT" and "minutes" in f["key"]
               and f["type"] == "number")
        page.keyboard.press("Control+A")
        page.keyboard.type("2")
        page.keyboard.press("Enter")
        wait_for_app(page)
        found = tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Start")
        assert_focus_visible(found)
        page.keyboard.press("Enter")
        expect(keyed(page, "live.timer")).to_contain_text("01:5")
    finally:
        page.context.close()
