"""Themes and the room-wide vote in real Chromium, from an empty install outside demo mode:
three phones joined by table card answer question 1 (three more groups' answers are in
already), the facilitator has themes suggested, merges two and renames one, starts a vote of
the whole room on the themes, the three phones spend their dots, and the projector (opened by
its view link) ranks the themes live: a tie, both shown first, and «3 har stemt»."""

import os
import secrets
import subprocess
import sys
import time

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, func, select

from kultur3 import live
from kultur3.group import workspace
from kultur3.live import joining
from kultur3.models import Answer, Role, RoomDot, RoomVote, Theme
from kultur3.programme import catalogue
from kultur3.store.db import make_engine
from tests.browser.conftest import ROOT, Server, login, wait_for_app
from tests.factories import ADMIN, PASSWORD, enrol, make_gathering, make_programme, make_user

pytestmark = pytest.mark.browser
PHONES = {"4638": "Musikk i barnehagen hver uke",
          "4647": "Teater for ungdom i kulturhuset",
          "4618": "Dans og bevegelse på skolen"}
TYPED_BEFORE = {"3203": "Barnehagen får musikk fra kulturskolen",
                "1804": "Ungdom spiller teater sammen",
                "3218": "Skolen har dans i gymtimen"}
SHOTS = ROOT / "test-results"


def keyed(page: Page, key: str):
    return page.locator(f".st-key-{key.replace('.', '-')}").first


def until(check, what: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout} s: {what}")


def pick(page: Page, key: str, option: str) -> None:
    """Choose in a selectbox; again if a rerun of the console (its live panel wakes on every
    change in the room) closed the list before the option was clicked."""
    for _ in range(5):
        wait_for_app(page)
        keyed(page, key).click()
        try:
            page.get_by_role("option", name=option).click(timeout=3_000)
            return
        except Exception:  # noqa: BLE001 - the list closed under a rerun: open it again
            page.keyboard.press("Escape")
    raise AssertionError(f"could not choose {option} in {key}")


def screen(browser: Browser, width: int = 1280, height: int = 800) -> Page:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


@pytest.fixture
def empty_room(tmp_path):
    """`db upgrade` on a new database, then a programme, six groups, a facilitator and a
    gathering at question 1 through the services (what the admin's pages call); the app
    outside demo mode."""
    url = f"sqlite:///{tmp_path / 'kultur3.db'}"
    env = {**os.environ, "DATABASE_URL": url, "KULTUR3_DEMO": ""}
    done = subprocess.run([sys.executable, "-m", "kultur3", "db", "upgrade"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as s:
        programme = make_programme(s, name="Vestland 2027")
        ids = {n: enrol(s, programme, n) for n in (*PHONES, *TYPED_BEFORE)}
        facilitator = make_user(s, Role.FACILITATOR, programme=programme,
                                username="ingrid@ks.example.no")
        gid = make_gathering(s, programme, title="Fellessamling 1")
        live.set_phase(session=s, actor=ADMIN, gathering_id=gid, phase="q1")
        joining.set_code_joining(session=s, actor=ADMIN, gathering_id=gid, enabled=True)
        cards = {c.municipality_id: c.code for c in joining.table_cards(
            session=s, actor=ADMIN, gathering_id=gid)}
        token = live.new_view_token(session=s, actor=ADMIN, gathering_id=gid)
        q1 = catalogue.framework_view(session=s, programme_id=programme.id).question(1)
        for n, text in TYPED_BEFORE.items():
            workspace.save_answer(session=s, actor=ADMIN, gathering_id=gid,
                                  municipality_id=ids[n], question_id=q1.id, text=text,
                                  base_version=0)
        s.commit()
    srv = Server(url, tmp_path / "streamlit.log", env={
        "KULTUR3_DEMO": "", "KULTUR3_COOKIE_KEY": secrets.token_urlsafe(40)}).start()
    yield srv, engine, facilitator.username, {n: cards[ids[n]] for n in PHONES}, token
    srv.stop()
    engine.dispose()


def test_answers_themes_and_a_room_vote_from_three_phones(empty_room, browser):
    srv, engine, facilitator_name, codes, token = empty_room
    count = lambda model: Session(engine).exec(  # noqa: E731
        select(func.count()).select_from(model)).one()
    phones = {n: screen(browser, 390, 844) for n in PHONES}
    console, projector = screen(browser, 1280, 900), screen(browser, 1280, 720)

    # 1. Three phones join by their table cards and answer question 1.
    for n, phone in phones.items():
        phone.goto(f"{srv.url}/delta?kode={codes[n]}")
        wait_for_app(phone)
        field = phone.get_by_label("Hele bildet").first
        field.fill(PHONES[n])
        field.press("Tab")
    until(lambda: count(Answer) == 6, "six answers stored")

    # 2. The facilitator has themes suggested, merges «Dans» into «Teater», renames it.
    login(console, srv.url, facilitator_name, PASSWORD)
    console.goto(f"{srv.url}/styring")
    wait_for_app(console)
    console.get_by_text("Temaer på veggen").click()
    console.get_by_role("button", name="Foreslå temaer").click()
    until(lambda: count(Theme) == 3, "three suggested themes")
    with Session(engine) as s:
        theme = {t.label: t.id for t in s.exec(select(Theme)).all()}
    assert set(theme) == {"Barnehagen", "Teater", "Dans"}, theme
    wait_for_app(console)
    expect(keyed(console, f"live_console.theme.{theme['Dans']}")).to_contain_text("2 svar")
    pick(console, f"live_console.theme_merge.{theme['Dans']}", "Teater")
    until(lambda: count(Theme) == 2, "two themes after the merge")
    wait_for_app(console)
    keyed(console, f"live_console.theme_label.{theme['Teater']}").locator("input").fill(
        "Scenekunst for unge")
    keyed(console, f"live_console.theme_rename_save.{theme['Teater']}").click()
    until(lambda: Session(engine).get(Theme, theme["Teater"]).label == "Scenekunst for unge",
          "the theme renamed")
    wait_for_app(console)
    expect(keyed(console, f"live_console.theme.{theme['Teater']}")).to_contain_text("4 svar")
    # On the big screen: the themes with their answers and counts.
    console.get_by_text("Vis temaene på storskjermen").click()
    projector.goto(f"{srv.url}/storskjerm?visning={token}")
    themes_shown = keyed(projector, "projector.themes")
    expect(themes_shown).to_contain_text("Scenekunst for unge")
    expect(themes_shown).to_contain_text("4 svar")
    expect(themes_shown).to_contain_text("Ungdom spiller teater sammen")
    SHOTS.mkdir(exist_ok=True)
    projector.screenshot(path=str(SHOTS / "themes-projector.png"))
    keyed(console, "live_console.themes_open").screenshot(path=str(SHOTS / "themes-console.png"))

    # 3. A vote of the whole room on the themes, two dots each.
    console.get_by_text("Hele rommet prioriterer", exact=True).click()
    console.get_by_text("Temaene på et spørsmål").click()
    keyed(console, "live_console.room_vote.dots").locator("input").fill("2")
    console.get_by_role("button", name="Start avstemning i hele rommet").click()
    until(lambda: count(RoomVote) == 1, "the room vote started")
    # The vote takes the big screen at once (the projector follows the room by itself).
    expect(keyed(projector, "projector.room_vote")).to_contain_text("0 har stemt")

    # 4. Each phone follows by itself to its ballot and puts a dot on each theme.
    for phone in phones.values():
        expect(phone.get_by_text("Stem i hele rommet")).to_be_visible()
        for tid in (theme["Barnehagen"], theme["Teater"]):
            before = count(RoomDot)
            # A button with help is drawn twice (one hidden): click the one shown.
            keyed(phone, f"live_group.room_vote.{tid}.plus").locator("button:visible").click()
            until(lambda before=before: count(RoomDot) == before + 1, "a dot stored")
            wait_for_app(phone)
        expect(keyed(phone, "live_group.room_dots_left")).to_contain_text("0 av 2")

    # 5. The projector ranks live: a tie, both first, and three voters.
    ranking = keyed(projector, "projector.room_vote")
    expect(ranking).to_contain_text("3 har stemt")
    expect(ranking).to_contain_text("1. Barnehagen · 3 prikker")
    expect(ranking).to_contain_text("1. Scenekunst for unge · 3 prikker")
    projector.screenshot(path=str(SHOTS / "room-vote-projector.png"))
    console.screenshot(path=str(SHOTS / "room-vote-console.png"), full_page=True)
    next(iter(phones.values())).screenshot(path=str(SHOTS / "room-vote-phone.png"))
