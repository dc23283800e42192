"""The facilitator's own word cloud in real Chromium, on an EMPTY install outside demo mode: the
facilitator prepares it in the console, three phones joined by table card send words, and a
1280x720 projector shows «kulturskolen»/«kulturskole» as one word counted twice, with no two
words' boxes overlapping and none outside the screen."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, col, select

from kultur3 import live
from kultur3.live import activities, joining
from kultur3.models import Activity, ActivityEntry, Role
from kultur3.store.db import make_engine
from tests.browser.conftest import ROOT, Server, login, wait_for_app
from tests.conftest import actor_of
from tests.factories import PASSWORD, enrol, make_gathering, make_programme, make_user

pytestmark = pytest.mark.browser
FACILITATOR = "ingrid@ks.example.no"
PROMPT = "Tre ord om kulturskolen i 2030"


def _cli(url: str, *args: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "KULTUR3_DEMO": ""}
    done = subprocess.run([sys.executable, "-m", "kultur3", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def _world(url: str) -> tuple[dict[str, str], str]:
    """What an operator and an admin make before the day: a programme with three
    municipalities, a gathering, its facilitator, code-joining on, the table cards, a view
    link for the projector. Returns the table codes by municipality and the view token."""
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as s:
        programme = make_programme(s, "Kulturskole 3.0 – Vestland 2027")
        for number in ("4638", "4647"):
            enrol(s, programme, number)
        gid = make_gathering(s, programme, title="Fellessamling 1")
        staff = make_user(s, Role.FACILITATOR, programme=programme, username=FACILITATOR)
        joining.set_code_joining(session=s, actor=staff, gathering_id=gid, enabled=True)
        codes = {c.name: c.code for c in joining.table_cards(session=s, actor=staff,
                                                             gathering_id=gid)}
        token = live.new_view_token(session=s, actor=staff, gathering_id=gid)
        s.commit()
    engine.dispose()
    return codes, token


@pytest.fixture
def empty_server(tmp_path):
    url = f"sqlite:///{tmp_path / 'kultur3.db'}"
    _cli(url, "db", "upgrade")
    srv = Server(url, tmp_path / "streamlit.log", env={
        "KULTUR3_DEMO": "", "KULTUR3_COOKIE_KEY": secrets.token_urlsafe(40)})
    srv.env["KULTUR3_PUBLIC_URL"] = srv.url
    srv.start()
    yield srv
    srv.stop()


def _screen(browser: Browser, width: int, height: int) -> Page:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def _keyed(page: Page, key: str):
    return page.locator(f".st-key-{key.replace('.', '-')}").first


def _key_starting(page: Page, key: str):
    return page.locator(f"[class*='st-key-{key.replace('.', '-')}']").first


def _overlap(a: dict, b: dict) -> bool:
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


def _no_overlap_on_screen(boxes: list[dict]) -> None:
    for i, a in enumerate(boxes):
        assert a["x"] >= 0 and a["x"] + a["width"] <= 1280, a  # whole, on the screen
        assert a["y"] + a["height"] <= 720, a  # above the fold of a 720-line projector
        for b in boxes[i + 1:]:
            assert not _overlap(a, b), (a, b)


# Words a room writes about its culture school (lengths 4 to 17 letters), each sent by as
# many phones as its number: a few common ones and a long tail, as word clouds go.
CROWD = (("inkludering", 6), ("fellesskap", 5), ("skaperglede", 4), ("tilhørighet", 3),
         ("mangfold", 3), ("samskaping", 3), ("lekenhet", 2), ("glød", 2), ("nysgjerrighet", 2),
         ("trygghet", 2), ("kreativitet", 1), ("lavterskel", 1), ("nærmiljø", 1),
         ("frivillighet", 1), ("medvirkning", 1), ("uttrykk", 1), ("musikk", 1), ("dans", 1),
         ("teater", 1), ("visuellkunst", 1), ("kulturarv", 1), ("samspill", 1),
         ("tverrfaglighet", 1), ("folkehelse", 1), ("livsglede", 1), ("åpenhet", 1),
         ("bærekraft", 1), ("helhet", 1), ("ungdom", 1), ("barnehage", 1), ("bibliotek", 1),
         ("stolthet", 1), ("identitet", 1), ("forankring", 1), ("utvikling", 1),
         ("ressurssenter", 1))


def _crowd(url: str) -> None:
    """More phones send words (through the service, as the phone's button does)."""
    engine = make_engine(url)
    with Session(engine) as s:
        staff = actor_of(s, FACILITATOR)
        activity = s.exec(select(Activity).where(col(Activity.is_current).is_(True))).one()
        municipality = s.exec(select(ActivityEntry.municipality_id)).first()
        phones = max(n for _, n in CROWD)
        for phone in range(phones):
            said = [w for w, n in CROWD if n > phone]
            for start in range(0, len(said), 3):
                activities.submit_entry(session=s, actor=staff, activity_id=activity.id,
                                        municipality_id=municipality,
                                        device_key=f"gcrowd{phone}-{start}",
                                        text="\n".join(said[start:start + 3]))
        s.commit()
    engine.dispose()


def test_three_phones_make_a_word_cloud_on_an_empty_install(empty_server, browser):
    codes, token = _world(empty_server.database_url)
    base = empty_server.url
    facilitator = _screen(browser, 1280, 800)
    projector = _screen(browser, 1280, 720)
    phones = [_screen(browser, 390, 844) for _ in range(3)]
    try:
        login(facilitator, base, FACILITATOR, PASSWORD)
        facilitator.goto(f"{base}/styring")
        wait_for_app(facilitator)
        facilitator.get_by_text("Aktiviteter (avstemning, ordsky, åpent spørsmål)").click()
        wait_for_app(facilitator)  # opening it is followed by a rerun
        facilitator.wait_for_function(
            "() => document.getAnimations().every(a => a.playState !== 'running')")
        kind = _keyed(facilitator, "live_console.activity_kind")
        kind.locator("input").click()
        facilitator.get_by_role("option", name="Ordsky").click()
        _keyed(facilitator, "live_console.activity_prompt").locator("input").fill(PROMPT)
        facilitator.get_by_role("button", name="Lagre aktiviteten").click()
        wait_for_app(facilitator)
        expect(facilitator.get_by_text(PROMPT).first).to_be_visible()
        _key_starting(facilitator, "live_console.activity_show.").get_by_role("button").click()
        wait_for_app(facilitator)
        expect(facilitator.get_by_text("Vises nå").first).to_be_visible()
        _key_starting(facilitator, "live_console.activity_open.").get_by_text(
            "Åpen for svar").click()
        wait_for_app(facilitator)

        projector.goto(f"{base}/storskjerm?visning={token}")
        wait_for_app(projector)
        expect(_keyed(projector, "projector.question")).to_contain_text(PROMPT)

        sent = (("Høyanger", ("kulturskolen", "glede")),
                ("Høyanger", ("Kulturskole", "samarbeid", "og")),
                ("Sunnfjord", ("mestring",)))
        for phone, (name, words) in zip(phones, sent, strict=True):
            phone.goto(f"{base}/delta?kode={codes[name]}")
            wait_for_app(phone)
            expect(phone.get_by_text(PROMPT)).to_be_visible()
            for i, word in enumerate(words):
                phone.get_by_label(f"Ord {i + 1}").fill(word)
            phone.get_by_role("button", name="Send").click()
            expect(phone.get_by_text("Svaret ditt er sendt")).to_be_visible()

        # The projector follows by itself: one word for both spellings, counted twice.
        twice = projector.locator(".k3-word[data-count='2']")
        expect(twice).to_have_count(1)
        expect(twice).to_contain_text("kulturskole")
        words = projector.locator(".k3-word")
        expect(words).to_have_count(4)  # «og» is a stop word: not counted
        expect(_keyed(projector, "projector.activity_status")).to_contain_text("3 har svart")
        _no_overlap_on_screen([w.bounding_box() for w in words.all()])
        # The largest word is the one said most: legible from the back (≥ 40 px at 1280).
        size = twice.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 40, size
        projector.screenshot(path=str(ROOT / "docs" / "screenshots" / "projector_activity.png"))

        # A full room: forty words, a few said by many, still all on a 1280x720 screen.
        _crowd(empty_server.database_url)
        expect(words).to_have_count(40)
        _no_overlap_on_screen([w.bounding_box() for w in words.all()])
        projector.screenshot(path=str(ROOT / "docs" / "screenshots" / "projector_word_cloud.png"))
    finally:
        for p in (facilitator, projector, *phones):
            p.context.close()
