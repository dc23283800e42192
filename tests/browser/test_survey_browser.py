"""A group's survey answered in real Chromium (issue 24): three phones (390×844) open its link,
which gives each browser its token in a cookie on the way to the page; each answers; the first
phone opening the link again is refused plainly. One response per phone is stored, and no
browser token."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from kultur3.models import Survey, SurveyDevice, SurveyResponse
from kultur3.store.db import make_engine
from kultur3.ui import keys
from kultur3.ui.web import survey_url
from tests.browser.conftest import login, wait_for_app
from tests.browser.test_real_programme_browser import keyed, pick

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
SHOTS = os.environ.get("KULTUR3_SHOTS")  # a folder: the phone's page is saved there


def _stored(url: str, token: str) -> tuple[int, list[str]]:
    """This survey's responses and device marks (the demo's own surveys have theirs)."""
    engine = make_engine(url)
    with Session(engine) as s:
        sid = s.exec(select(Survey.id).where(Survey.token == token)).one()
        responses = len(s.exec(select(SurveyResponse).where(
            SurveyResponse.survey_id == sid)).all())
        hashes = list(s.exec(select(SurveyDevice.device_hash).where(
            SurveyDevice.survey_id == sid)).all())
    engine.dispose()
    return responses, hashes


def _made_in_the_browser(page, server) -> str:
    """The coordinator (the demo's Lillestrøm login: no demo survey yet) makes a pupil survey
    on /undersokelse: a title and two value areas, the rest as it comes; returns its token."""
    login(page, server.url, "kommune-3205")
    page.goto(f"{server.url}/undersokelse")
    wait_for_app(page)
    keyed(page, "surveys.new.title").locator("input").fill("Elevundersøkelse våren")
    for area in ("Inkluderende og mangfoldig", "Samskaping og medvirkning"):
        pick(page, "surveys.new.areas", area[:6], area, many=True)
    wait_for_app(page)
    expect(page.get_by_text("uansett bakgrunn").first).to_be_visible()  # the statement
    keyed(page, "surveys.new.question").locator("input").fill("Hva vil du ha mer av?")
    page.get_by_role("button", name="Lag undersøkelsen").click()
    expect(page.get_by_text("Undersøkelsen er laget")).to_be_visible()
    if SHOTS:
        wait_for_app(page)
        page.get_by_text("Elevundersøkelse våren", exact=True).first.click()
        wait_for_app(page)
        page.wait_for_timeout(1500)
        page.screenshot(path=str(Path(SHOTS) / "survey-coordinator.png"), full_page=True)
    engine = make_engine(server.database_url)
    with Session(engine) as s:
        token = s.exec(select(Survey.token).where(
            Survey.title == "Elevundersøkelse våren")).one()
    engine.dispose()
    return token


def test_three_phones_answer_and_the_first_is_refused_a_second_time(server, browser, page):
    token = _made_in_the_browser(page, server)
    link = survey_url(server.url, token)
    phones = [browser.new_context(viewport=PHONE, locale="nb-NO", has_touch=True,
                                  is_mobile=True) for _ in range(3)]
    try:
        for n, phone in enumerate(phones):
            page = phone.new_page()
            page.set_default_timeout(20_000)
            page.goto(link)
            wait_for_app(page)
            expect(page.get_by_text("Elevundersøkelse våren")).to_be_visible()
            if SHOTS and n == 0:
                page.screenshot(path=str(Path(SHOTS) / "survey-phone-top.png"))
            groups = page.locator("[data-testid='stRadio']")
            expect(groups).to_have_count(2)
            for i in range(2):
                choice = "Vet ikke" if i == n else str(2 + i)
                groups.nth(i).get_by_text(choice, exact=True).click()
            page.get_by_label("Hva vil du ha mer av?").fill(f"Mer korps fra telefon {n}")
            if SHOTS and n == 0:
                page.screenshot(path=str(Path(SHOTS) / "survey-phone.png"))
            page.get_by_role("button", name="Send svaret").click()
            expect(page.get_by_text("Takk for svaret ditt!")).to_be_visible()
        cookie = {c["name"]: c["value"] for c in phones[0].cookies()}[keys.SURVEY_COOKIE]
        again = phones[0].new_page()
        again.goto(link)
        wait_for_app(again)
        expect(again.get_by_text("Du har allerede svart")).to_be_visible()
        expect(again.get_by_role("button", name="Send svaret")).to_have_count(0)
        responses, hashes = _stored(server.database_url, token)
        assert responses == 3 and len(hashes) == 3
        assert cookie not in hashes  # only its hash is stored
    finally:
        for phone in phones:
            phone.close()
