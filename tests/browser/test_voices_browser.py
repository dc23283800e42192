"""Voices beyond the group, from an empty install outside demo mode, in real Chromium (issue
24, «Show it»): the coordinator makes a pupil survey on /undersokelse; six phones (390×844)
open the link the QR code carries and answer, one of them twice (refused); the group's home
then draws the third line «Slik ser brukerne det» on its radar, with the difference named in
words; the programme's research export validates with frictionless and holds no name or
address. The programme, the enrolment, the invitation and the group's own agreed scores are
made on the command line and through the services (the first browser tests walk those
screens); what the issue names is done in the browser."""

import csv
import json
import re
from datetime import timedelta

import frictionless
import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from kultur3.access.permissions import Actor
from kultur3.core import clock
from kultur3.group import workspace
from kultur3.models import (
    GatheringKind,
    Municipality,
    Programme,
    Role,
    ScoreKind,
    SurveyDevice,
    SurveyResponse,
    ValueArea,
)
from kultur3.programme import gatherings, research
from kultur3.store.db import make_engine
from tests.browser.conftest import wait_for_app
from tests.browser.test_between_gatherings_browser import cli, invite
from tests.browser.test_real_programme_browser import (  # noqa: F401 - fixtures
    empty_url,
    go,
    keyed,
    pick,
    real_server,
    set_password,
)

pytestmark = pytest.mark.browser
COORDINATOR = "kari.nordmann@hoyanger.kommune.no"
PHONE = {"width": 390, "height": 844}
AREAS = ("Inkluderende og mangfoldig", "Samskaping og medvirkning")
OPERATOR = Actor(user_id=None, username="test", display_name="Test", role=Role.ADMIN)


def research_partner(database_url: str, slug: str) -> None:
    """The programme names its research partner (the admin's «Forskningspartner» tab)."""
    engine = make_engine(database_url)
    with Session(engine) as s:
        programme = s.exec(select(Programme).where(Programme.slug == slug)).one()
        research.set_research_partner(
            session=s, actor=OPERATOR, programme_id=programme.id,
            partner="Universitetet i Bergen", purpose="Følgeforskning på Kulturskole 3.0")
        s.commit()
    engine.dispose()


def agreed_scores(database_url: str, slug: str) -> None:
    """The group's own agreed scores in a held gathering (the programme's staff enter them):
    what the survey's line is drawn beside. Current state 4 on both surveyed areas."""
    engine = make_engine(database_url)
    with Session(engine) as s:
        programme = s.exec(select(Programme).where(Programme.slug == slug)).one()
        muni = s.exec(select(Municipality.id).where(Municipality.number == "4638")).one()
        gathering = gatherings.create_gathering(
            session=s, actor=OPERATOR, programme_id=programme.id,
            kind=GatheringKind.FELLESSAMLING, title="Fellessamling 1",
            held_on=clock.today() - timedelta(days=30))
        for area in s.exec(select(ValueArea).where(ValueArea.programme_id == programme.id)):
            for kind, value in ((ScoreKind.DESIRED, 5), (ScoreKind.CURRENT, 4)):
                workspace.save_score(session=s, actor=OPERATOR, gathering_id=gathering,
                                     municipality_id=muni, value_area_id=area.id, kind=kind,
                                     value=value, is_group=True)
        s.commit()
    engine.dispose()


def answer_on_a_phone(browser, link: str, choices: tuple[str, str], *, refused: bool = False
                      ) -> None:
    phone = browser.new_context(viewport=PHONE, locale="nb-NO", has_touch=True,
                                is_mobile=True)
    try:
        page = phone.new_page()
        page.set_default_timeout(20_000)
        page.goto(link)
        wait_for_app(page)
        expect(page.get_by_text("Elevundersøkelse 2027")).to_be_visible()
        groups = page.locator("[data-testid='stRadio']")
        expect(groups).to_have_count(2)
        for i, choice in enumerate(choices):
            groups.nth(i).get_by_text(choice, exact=True).click()
        page.get_by_role("button", name="Send svaret").click()
        expect(page.get_by_text("Takk for svaret ditt!")).to_be_visible()
        if refused:  # the same phone, the same link again
            again = phone.new_page()
            again.goto(link)
            wait_for_app(again)
            expect(again.get_by_text("Du har allerede svart")).to_be_visible()
            expect(again.get_by_role("button", name="Send svaret")).to_have_count(0)
    finally:
        phone.close()


def make_survey(kari: Page, base: str) -> str:
    """The coordinator makes the survey and reads its link off the page (what the QR code
    carries); returns that link."""
    go(kari, base, "surveys")
    keyed(kari, "surveys.new.title").locator("input").fill("Elevundersøkelse 2027")
    for area in AREAS:
        pick(kari, "surveys.new.areas", area[:8], area, many=True)
    wait_for_app(kari)
    expect(kari.get_by_text("uansett bakgrunn").first).to_be_visible()  # the statement
    keyed(kari, "surveys.new.submit").get_by_role("button").click()
    expect(kari.get_by_text("Undersøkelsen er laget").first).to_be_visible()
    wait_for_app(kari)
    kari.locator("[class*='st-key-surveys-survey-'] summary").first.click()
    wait_for_app(kari)
    code = kari.locator("[data-testid='stCode']").first
    expect(code).to_be_visible()
    link = re.search(r"https?://\S+", code.inner_text()).group(0)
    expect(kari.locator("[data-testid='stImage'] img").first).to_be_visible()  # the QR code
    return link


def test_a_survey_from_an_empty_install(real_server, browser, tmp_path):  # noqa: F811
    base = real_server.url
    slug = cli(real_server, "programme", "create", "Kulturskole 3.0 – Vestland 2027").strip()
    cli(real_server, "programme", "enrol", slug, "4638")
    research_partner(real_server.database_url, slug)
    kari = set_password(browser, invite(real_server, COORDINATOR, "--role", "group", "--programme",
                                        slug, "--municipality", "4638", "--coordinator",
                                        "--name", "Kari Nordmann"))
    agreed_scores(real_server.database_url, slug)

    link = make_survey(kari, base)
    assert link.startswith(base)
    # Six phones; the pupils give «Samskaping og medvirkning» 2 where the group says 4. The
    # first phone tries a second time and is refused.
    for n in range(6):
        answer_on_a_phone(browser, link, ("4" if n % 2 else "5", "2"), refused=n == 0)
    engine = make_engine(real_server.database_url)
    with Session(engine) as s:
        assert len(s.exec(select(SurveyResponse)).all()) == 6
        assert len(s.exec(select(SurveyDevice)).all()) == 6
    engine.dispose()

    # The group's home: the third line on the radar, and the difference in words.
    go(kari, base, "group_home")
    radar = keyed(kari, "group_home.radar")
    expect(radar.locator(".js-plotly-plot")).to_be_visible()
    expect(radar.locator(".legendtext").filter(has_text="Slik ser brukerne det")).to_have_count(1)
    expect(kari.get_by_text("Samskaping og medvirkning 2 lavere enn dere selv").first
           ).to_be_visible()

    # The research export: a valid Frictionless package with the six responses and no name or
    # address of anyone (Kari did not consent: she is left out).
    out = tmp_path / "forskning"
    cli(real_server, "research-export", "--programme", slug, str(out))
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    with open(out / "survey_responses.csv", encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == 6
    files = [p for p in out.iterdir() if p.is_file()]
    blob = "\n".join(p.read_text(encoding="utf-8") for p in files).lower()
    for needle in ("kari nordmann", "kari admin", COORDINATOR, "kari.nordmann"):
        assert needle not in blob, needle
    assert json.loads((out / "datapackage.json").read_text())["resources"]
