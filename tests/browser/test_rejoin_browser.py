"""Scanning the same table card again in the same browser, in a new tab (a new Streamlit
session), brings back the same participant: the key travels in the cookie the live page
sets, so re-joining gives no fresh allowance of dots."""

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from kultur3.live import joining
from kultur3.models import Participant
from kultur3.store.db import make_engine
from kultur3.ui import keys
from tests.browser.conftest import wait_for_app
from tests.browser.test_live_browser import FS2, prepare
from tests.conftest import actor_of

pytestmark = pytest.mark.browser


def _bodo_table_code(url: str) -> str:
    from kultur3.models import Gathering
    engine = make_engine(url)
    with Session(engine) as s:
        g = s.exec(select(Gathering).where(Gathering.title == FS2)).one()
        cards = joining.table_cards(session=s, actor=actor_of(s, "fasilitator"),
                                    gathering_id=g.id)
        s.commit()
    engine.dispose()
    return next(c.code for c in cards if c.name == "Bodø")


def _participants(url: str) -> list[str]:
    engine = make_engine(url)
    with Session(engine) as s:
        keys_ = list(s.exec(select(Participant.key)).all())
    engine.dispose()
    return keys_


def _key_in(page_url: str) -> str:
    return parse_qs(urlsplit(page_url).query)[keys.PARTICIPANT_PARAM][0]


def test_the_same_browser_joining_again_is_the_same_participant(server, browser):
    prepare(server.database_url)
    code = _bodo_table_code(server.database_url)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nb-NO")
    try:
        first = context.new_page()
        first.goto(f"{server.url}/delta?kode={code}")
        wait_for_app(first)
        expect(first.get_by_text("Kommunegruppa i Bodø")).to_be_visible()
        key = _key_in(first.url)
        first.wait_for_function(
            f"document.cookie.includes('{keys.JOINED_COOKIE}=')", timeout=15_000)
        assert {c["name"]: c["value"] for c in context.cookies()}[keys.JOINED_COOKIE] == key
        again = context.new_page()  # the card scanned again: a new tab, a new session
        again.goto(f"{server.url}/delta?kode={code}")
        wait_for_app(again)
        expect(again.get_by_text("Kommunegruppa i Bodø")).to_be_visible()
        assert _key_in(again.url) == key
        assert _participants(server.database_url) == [key]
    finally:
        context.close()
