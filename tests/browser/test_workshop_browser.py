"""A group walks the four questions, two members score, the radar shows, an action is made,
the page is reloaded, and everything is where it was left. Real Chromium."""

import re

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from kultur3.group import membership
from kultur3.models import Action, Answer, Gathering, Question, Score
from kultur3.programme import catalogue
from kultur3.store.db import make_engine
from kultur3.ui.nav import URL_PATHS
from tests.browser.conftest import login, wait_for_app
from tests.conftest import actor_of

pytestmark = pytest.mark.browser

ANSWERS = {
    "q1": "Kulturskolen i Asker er en åpen møteplass 🎻",
    "q2": "Elevrådet og frivilligheten planlegger tilbudet sammen med oss",
    "q3": "I dag er samarbeidet personavhengig <b>og</b> prosjektbasert",
}
STEP_LABELS = {"q1": "1 Fremstå", "q2": "2 Ønsket bilde", "q3": "3 Nå", "scores": "Skåring",
               "q4": "4 Gap og tiltak"}


def keyed(page: Page, key: str):
    """The element Streamlit rendered for a widget key (class st-key-<key>, dots as dashes)."""
    return page.locator(f".st-key-{key.replace('.', '-')}").first


def step(page: Page, name: str) -> None:
    keyed(page, "workshop.step").get_by_text(re.compile(f"^{STEP_LABELS[name]}( ✓)?$")).click()
    wait_for_app(page)


def ids(url: str):
    engine = make_engine(url)
    with Session(engine) as s:
        actor = actor_of(s, "kommune-3203")
        g = s.exec(select(Gathering).where(Gathering.title == "Fellessamling 3 – digital")).one()
        qs = {q.number: q.id for q in s.exec(select(Question)).all()}
        members = membership.members(session=s, actor=actor, programme_id=g.programme_id,
                                     municipality_id=actor.municipality_id)
        areas = catalogue.value_areas(session=s, programme_id=g.programme_id)
        out = dict(m=actor.municipality_id, g=g.id, qs=qs,
                   members=[(x.id, f"{x.name} ({x.group_role})") for x in members[:2]],
                   area=areas[0].id)
    engine.dispose()
    return out


def score(page: Page, prefix: str, member: tuple[int, str], area: int, desired: str,
          current: str) -> None:
    page.get_by_label("Hvem skårer?").first.click()
    page.get_by_role("option", name=member[1]).click()
    wait_for_app(page)
    for kind, value in (("desired", desired), ("current", current)):
        keyed(page, f"{prefix}.score.{member[0]}.{kind}.{area}").get_by_text(value, exact=True).click()
        wait_for_app(page)


def test_group_walks_the_questions_scores_and_finds_it_all_after_reload(server, page):
    d = ids(server.database_url)
    prefix = f"workshop.{d['g']}.{d['m']}"
    login(page, server.url, "kommune-3203")
    page.goto(f"{server.url}/{URL_PATHS['workshop']}")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Fremtidsbilder").first).to_be_visible()

    for number, name in enumerate(("q1", "q2", "q3"), start=1):
        if name != "q1":
            step(page, name)
        box = keyed(page, f"{prefix}.answer.{d['qs'][number]}.all").locator("textarea")
        box.fill(ANSWERS[name])
        box.press("Tab")  # leaving the field saves it
        expect(page.get_by_text(re.compile(r"^Lagret kl\. "))).to_be_visible()

    step(page, "scores")
    score(page, prefix, d["members"][0], d["area"], "5", "2")
    score(page, prefix, d["members"][1], d["area"], "Vet ikke / ikke relevant", "3")

    step(page, "q4")
    expect(page.locator(".js-plotly-plot")).to_have_count(1)
    keyed(page, "workshop.action.title").locator("input").fill("Faste planmøter med skolen")
    areas = keyed(page, "workshop.action.areas").locator("input")
    areas.click()
    areas.press_sequentially("Attr")
    page.get_by_role("option", name="Attraktiv og relevant").click()
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Lagre tiltak").click()
    expect(page.get_by_text("Tiltaket «Faste planmøter med skolen» er lagret.")).to_be_visible()

    page.reload()
    wait_for_app(page)
    assert page.url.endswith(f"/{URL_PATHS['workshop']}")
    expect(keyed(page, f"{prefix}.answer.{d['qs'][1]}.all").locator("textarea")).to_have_value(
        ANSWERS["q1"])
    step(page, "q3")
    expect(keyed(page, f"{prefix}.answer.{d['qs'][3]}.all").locator("textarea")).to_have_value(
        ANSWERS["q3"])
    step(page, "scores")
    page.get_by_label("Hvem skårer?").first.click()
    page.get_by_role("option", name=d["members"][0][1]).click()
    wait_for_app(page)
    checked = keyed(page, f"{prefix}.score.{d['members'][0][0]}.desired.{d['area']}").locator(
        "input:checked")
    expect(checked).to_have_value("4")  # radio inputs carry the option index: "5" is index 4
    step(page, "q4")
    expect(page.get_by_text("Faste planmøter med skolen").first).to_be_visible()

    engine = make_engine(server.database_url)
    with Session(engine) as s:
        texts = set(s.exec(select(Answer.text).where(Answer.municipality_id == d["m"],
                                                     Answer.gathering_id == d["g"])).all())
        assert set(ANSWERS.values()) <= texts
        values = s.exec(select(Score.member_id, Score.kind, Score.value).where(
            Score.gathering_id == d["g"], Score.value_area_id == d["area"],
            Score.member_id.in_([m[0] for m in d["members"]]))).all()
        assert (d["members"][0][0], "desired", 5) in values
        assert (d["members"][1][0], "desired", None) in values
        assert s.exec(select(Action).where(Action.title == "Faste planmøter med skolen")).one()
    engine.dispose()


def test_workspace_fits_a_phone(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        login(page, server.url, "kommune-3203")
        for path in ("workshop", "action_plan"):
            page.goto(f"{server.url}/{URL_PATHS[path]}")
            wait_for_app(page)
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{path} scrolls sideways by {overflow}px on a phone"
    finally:
        context.close()
