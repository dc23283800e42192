"""Live screens wait for a change (kultur3/ui/live/wake.py) instead of polling, and never
hold their own user's input behind a wait. The server here makes every wait last a minute
(KULTUR3_WAKE_CHECK_S=60) and starts it within a second of a page run. Held behind a wait,
each of these would take up to a minute:

- text typed on a waiting group screen is saved (a page rerun: Streamlit stops the waiting
  run and starts a new one, and the wait lets its thread go);
- the facilitator's «Skjul» inside the console's waiting panel hides the answer (a rerun of
  the panel itself, which only the wait's look at its session's requests lets through);
- each write reaches the other waiting screens (the console's panel, the group's phase)."""

import time

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from kultur3.models import Answer
from kultur3.store.db import make_engine
from tests.browser.conftest import Server, login, wait_for_app
from tests.browser.test_live_browser import keyed, question_one_on_the_wall, screen

pytestmark = pytest.mark.browser
SETTLE_MS = 1500  # three of the group ticker's 0.5 s timers: its run is inside a wait now


def _stored(url: str, text: str, timeout: float = 10) -> float:
    """Seconds until the answer is in the database (fails after `timeout`)."""
    engine = make_engine(url)
    start = time.monotonic()
    try:
        while time.monotonic() - start < timeout:
            with Session(engine) as s:
                if s.exec(select(Answer.id).where(Answer.text == text)).first():
                    return time.monotonic() - start
            time.sleep(0.02)
    finally:
        engine.dispose()
    raise AssertionError(f"«{text}» was not saved within {timeout} s: held behind a wait?")


def test_input_and_the_next_phase_reach_a_screen_that_is_waiting(demo_url, browser, tmp_path):
    question_one_on_the_wall(demo_url)
    server = Server(demo_url, tmp_path / "streamlit.log",
                    env={"KULTUR3_WAKE_CHECK_S": "60", "KULTUR3_GROUP_REFRESH_S": "0.5"}).start()
    try:
        group = screen(browser)
        login(group, server.url, "kommune-3203")
        group.goto(f"{server.url}/samling")
        wait_for_app(group)
        expect(keyed(group, "live_group.phase")).to_contain_text("Spørsmål 1")
        field = group.get_by_label("Hele bildet").first
        for i in range(3):
            group.wait_for_timeout(SETTLE_MS)
            text = f"Skrevet mens skjermen venter {i}"
            field.fill(text)
            field.press("Tab")  # leaving the field saves it: a rerun the wait must give way to
            print(f"saved {_stored(demo_url, text):.2f} s after leaving the field")

        facilitator = screen(browser)
        login(facilitator, server.url, "fasilitator")
        facilitator.goto(f"{server.url}/styring")
        wait_for_app(facilitator)
        last = "Skrevet mens skjermen venter 2"
        card = facilitator.locator("[class*='st-key-live_console-card-']").filter(has_text=last)
        expect(card).to_be_visible()
        facilitator.wait_for_timeout(SETTLE_MS)  # the panel is waiting for the room now
        card.get_by_role("button", name="Skjul").click()
        expect(card.get_by_role("button", name="Vis igjen")).to_be_visible(timeout=10_000)

        group.wait_for_timeout(SETTLE_MS)
        facilitator.get_by_role("button", name="Neste fase").click()
        expect(keyed(group, "live_group.phase")).to_contain_text("Spørsmål 2", timeout=10_000)
    finally:
        server.stop()
