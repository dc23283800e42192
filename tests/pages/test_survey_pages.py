"""The survey pages (issue 24): the coordinator's /undersokelse (make, share, moderate) and the
public /mening (answer without an account, once per browser), widgets found by key; hostile
statements and open answers shown as typed."""

import secrets
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from kultur3.core import clock
from kultur3.group import survey_answers, surveys
from kultur3.models import Survey, SurveyArea, SurveyAudience, SurveyResponse
from kultur3.programme import catalogue
from kultur3.store.db import make_engine
from kultur3.ui import surveys as surveys_ui
from tests.conftest import actor_of
from tests.pages.conftest import run_app, run_page, texts
from tests.pages.test_escaping import HOSTILE, PAYLOADS, assert_inert, rendered


def _survey(app_env, *, statement: str | None = None, question: str = "Hva savner du?",
            answers: list[str] = (), lang: str = "nb", opens_in: int = 0) -> str:
    """A Bodø pupil survey open today (or from `opens_in` days on); its public token."""
    engine = make_engine(app_env)
    with Session(engine) as s:
        bodo = actor_of(s, "kommune-1804")
        pid = catalogue.list_programmes(session=s)[0].id
        areas = catalogue.value_areas(session=s, programme_id=pid)
        today = clock.today()
        sid = surveys.create_survey(
            session=s, actor=bodo, programme_id=pid, municipality_id=bodo.municipality_id,
            data=surveys.SurveyInput(
                title="Elevundersøkelse våren", value_area_ids=(areas[1].id, areas[4].id),
                audience=SurveyAudience.PUPILS, lang=lang,
                opens_on=today + timedelta(days=opens_in),
                closes_on=today + timedelta(days=opens_in + 7), open_question=question,
                statements={areas[1].id: statement} if statement else None))
        token = s.get(Survey, sid).token
        for text in answers:
            survey_answers.answer_survey(
                session=s, token=token, device_token=secrets.token_urlsafe(32), client="t",
                scores={areas[1].id: 4, areas[4].id: None}, open_answer=text, today=today)
        s.commit()
    engine.dispose()
    return token


def _public(token: str, device: str, monkeypatch):
    monkeypatch.setattr(surveys_ui, "device_token", lambda: device)
    at = run_app()
    at.query_params["u"] = token
    return at.switch_page("pages/survey_answer.py").run()


def test_the_coordinator_makes_a_survey_in_a_few_taps(app_env):
    at = run_app("kommune-3205", page="surveys")  # a group without a demo survey
    assert not at.exception
    assert "ingen brukerundersøkelser" in texts(at)
    at.text_input(key="surveys.new.title").set_value("Foresatte høsten")
    engine = make_engine(app_env)
    with Session(engine) as s:
        pid = catalogue.list_programmes(session=s)[0].id
        area_id = catalogue.value_areas(session=s, programme_id=pid)[1].id
    engine.dispose()
    at.multiselect(key="surveys.new.areas").set_value([area_id]).run()
    statement = [a for a in at.text_area if a.key.startswith("surveys.new.statement.")]
    assert statement and "Kulturskolen" in statement[0].value
    at.button(key="surveys.new.submit").click().run()
    assert not at.exception
    assert "Undersøkelsen er laget" in texts(at)
    assert at.dataframe[0].value.iloc[0, 0] == "Foresatte høsten"
    assert at.get("download_button")  # the poster
    assert any("/mening/start?u=" in c.value for c in at.code)


def test_a_leader_does_not_open_the_page(app_env):
    at = run_page("surveys", "leder")
    assert not at.exception
    assert at.error and not at.title


def test_three_phones_answer_and_the_first_one_is_refused_a_second_time(app_env, monkeypatch):
    token = _survey(app_env)
    phones = [secrets.token_urlsafe(32) for _ in range(3)]
    for phone in phones:
        at = _public(token, phone, monkeypatch)
        assert not at.exception
        assert "Bodø" in texts(at) and "anonymt" in texts(at)
        radios = [r for r in at.radio if r.key.startswith("survey_answer.a")]
        assert len(radios) == 2
        radios[0].set_value("4")
        radios[1].set_value("x")  # «Vet ikke»
        at.text_area(key="survey_answer.open").set_value("Mer korps")
        at.button(key="survey_answer.submit").click().run()
        assert not at.exception
        assert "Takk for svaret ditt" in texts(at)
    again = _public(token, phones[0], monkeypatch)
    assert "allerede svart" in texts(again)
    assert not [b for b in again.button if b.key == "survey_answer.submit"]
    engine = make_engine(app_env)
    with Session(engine) as s:
        assert len(s.exec(select(SurveyResponse).join(Survey).where(  # not the demo's own
            Survey.token == token)).all()) == 3
    engine.dispose()


def test_an_unanswered_statement_is_asked_for_and_nothing_is_lost(app_env, monkeypatch):
    at = _public(_survey(app_env), secrets.token_urlsafe(32), monkeypatch)
    [r for r in at.radio if r.key.startswith("survey_answer.a")][0].set_value("2")
    at.text_area(key="survey_answer.open").set_value("Lengre åpningstid")
    at.button(key="survey_answer.submit").click().run()
    assert "Svar på alle utsagnene" in texts(at)
    assert at.text_area(key="survey_answer.open").value == "Lengre åpningstid"


def test_the_page_speaks_the_surveys_language_and_says_when_it_is_not_open(app_env,
                                                                        monkeypatch):
    at = _public(_survey(app_env, lang="nn", opens_in=3), secrets.token_urlsafe(32), monkeypatch)
    assert "har ikkje opna enno" in texts(at)
    at = _public("ukjent-lenke", secrets.token_urlsafe(32), monkeypatch)
    assert "finner ikke denne undersøkelsen" in texts(at)
    assert [h.value for h in at.title] == ["Si din mening"]  # a page with its heading


def test_without_the_cookie_the_page_sends_the_browser_through_the_link_first(app_env,
                                                                             monkeypatch):
    at = _public(_survey(app_env), "", monkeypatch)
    assert not at.radio
    assert "/mening/start?u=" in str(at.get("link_button")[0].proto.url)


@pytest.mark.parametrize("who", ["kommune-1804", "fasilitator"])
def test_hostile_statements_and_open_answers_are_shown_inert(app_env, monkeypatch, who):
    token = _survey(app_env, statement=PAYLOADS[0] + " " + PAYLOADS[4], question=PAYLOADS[2],
                    answers=[HOSTILE] * 5)
    at = _public(token, secrets.token_urlsafe(32), monkeypatch)
    assert not at.exception
    labels = [r.label for r in at.radio]
    assert any(r"\<script\>" in label for label in labels)
    assert_inert(at)
    coordinator = run_app(who, page="surveys")
    if who == "fasilitator":
        coordinator.selectbox(key="surveys.municipality").set_value(
            next(o for o in coordinator.selectbox(key="surveys.municipality").options
                 if "Bodø" in o)).run()
    assert not coordinator.exception
    assert_inert(coordinator)
    assert sum(r"\<script\>" in body for body in rendered(coordinator)) >= 5
    hide = [b for b in coordinator.button if b.key.startswith("surveys.hide.")]
    hide[0].click().run()
    assert not coordinator.exception
    engine = make_engine(app_env)
    with Session(engine) as s:
        assert len(s.exec(select(SurveyResponse).where(SurveyResponse.open_hidden)).all()) == 1
        assert s.exec(select(SurveyArea.statement)).first()
    engine.dispose()
