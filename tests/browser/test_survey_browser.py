"""A group's survey answered in real Chromium (issue 24): three phones (390×844) open its link,
which gives each browser its token in a cookie on the way to the page; each answers; the first
phone opening the link again is refused plainly. One response per phone is stored, and no
browser token."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from kultur3.core import clock
from kultur3.group import surveys
from kultur3.models import Survey, SurveyAudience, SurveyDevice, SurveyResponse
from kultur3.programme import catalogue
from kultur3.store.db import make_engine
from kultur3.ui import keys
from kultur3.ui.web import survey_url
from tests.browser.conftest import wait_for_app
from tests.conftest import actor_of

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
SHOTS = os.environ.get("KULTUR3_SHOTS")  # a folder: the phone's page is saved there


def _survey(url: str) -> str:
    engine = make_engine(url)
    with Session(engine) as s:
        bodo = actor_of(s, "kommune-1804")
        pid = catalogue.list_programmes(session=s)[0].id
        areas = catalogue.value_areas(session=s, programme_id=pid)
        sid = surveys.create_survey(
            session=s, actor=bodo, programme_id=pid, municipality_id=bodo.municipality_id,
            data=surveys.SurveyInput(
                title="Elevundersøkelse våren", value_area_ids=tuple(a.id for a in areas[:4]),
                audience=SurveyAudience.PUPILS, lang="nb", opens_on=clock.today(),
                closes_on=clock.today(), open_question="Hva vil du ha mer av?"))
        s.commit()
        token = s.get(Survey, sid).token
    engine.dispose()
    return token


def _stored(url: str) -> tuple[int, list[str]]:
    engine = make_engine(url)
    with Session(engine) as s:
        responses = len(s.exec(select(SurveyResponse)).all())
        hashes = list(s.exec(select(SurveyDevice.device_hash)).all())
    engine.dispose()
    return responses, hashes


def test_three_phones_answer_and_the_first_is_refused_a_second_time(server, browser):
    token = _survey(server.database_url)
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
            expect(groups).to_have_count(4)
            for i in range(4):
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
        responses, hashes = _stored(server.database_url)
        assert responses == 3 and len(hashes) == 3
        assert cookie not in hashes  # only its hash is stored
    finally:
        for phone in phones:
            phone.close()
