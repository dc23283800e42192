"""A group's survey (issue 24): made by the coordinator from the framework's statements,
answered once per device without an account, closed, deleted while unanswered, its open
answers moderated from SURVEY_MIN_RESPONSES on. From an empty install (the `session`
fixture: the register, nothing else), on SQLite or PostgreSQL."""

import secrets
from datetime import date, timedelta

import pytest
from sqlmodel import func, select

from kultur3.core.errors import InvalidInput, NotFound, PermissionDenied, RateLimited
from kultur3.group import survey_answers, surveys
from kultur3.models import (
    AuditEvent,
    Role,
    Survey,
    SurveyArea,
    SurveyAudience,
    SurveyDevice,
    SurveyResponse,
    SurveyScore,
)
from kultur3.programme import catalogue, framework_edit
from tests.factories import ADMIN, enrol, make_programme, make_user

TODAY = date(2027, 3, 10)


@pytest.fixture
def world(session):
    p = make_programme(session, "Vestland 2027")
    hoy, sun = enrol(session, p, "4638"), enrol(session, p, "4647")
    areas = catalogue.value_areas(session=session, programme_id=p.id)
    return dict(pid=p.id, hoy=hoy, sun=sun, areas=areas,
                kari=make_user(session, Role.GROUP, programme=p, municipality="4638",
                               coordinator=True),
                ola=make_user(session, Role.GROUP, programme=p, municipality="4638"),
                sunnfjord=make_user(session, Role.GROUP, programme=p, municipality="4647",
                                    coordinator=True),
                leader=make_user(session, Role.LEADER, programme=p),
                adviser=make_user(session, Role.FACILITATOR, programme=p))


def _input(w, **over) -> surveys.SurveyInput:
    values = dict(title="Elevundersøkelse", value_area_ids=(w["areas"][1].id, w["areas"][4].id),
                  audience=SurveyAudience.PUPILS, lang="nb", opens_on=TODAY,
                  closes_on=TODAY + timedelta(days=14), open_question="Hva savner du?")
    return surveys.SurveyInput(**(values | over))


def _make(session, w, actor=None, **over) -> int:
    return surveys.create_survey(session=session, actor=actor or w["kari"], programme_id=w["pid"],
                                 municipality_id=w["hoy"], data=_input(w, **over))


def _token(session, survey_id) -> str:
    return session.get(Survey, survey_id).token


def _answer(session, w, sid, *, device=None, value=4, text="", client="10.0.0.1", today=TODAY):
    areas = session.exec(select(SurveyArea.value_area_id).where(
        SurveyArea.survey_id == sid)).all()
    survey_answers.answer_survey(
        session=session, token=_token(session, sid), device_token=device or secrets.token_urlsafe(32),
        client=client, scores={a: value for a in areas}, open_answer=text, today=today)


def test_the_coordinator_makes_a_survey_with_the_frameworks_statements(session, world):
    w = world
    sid = _make(session, w)
    rows = session.exec(select(SurveyArea).where(SurveyArea.survey_id == sid)
                        .order_by(SurveyArea.position)).all()
    assert [r.statement for r in rows] == [
        "Kulturskolen her er til for alle barn og unge, uansett bakgrunn.",
        "Kulturskolen her lytter til det vi mener og lar oss være med å bestemme."]
    nn = _make(session, w, lang="nn", statements={w["areas"][1].id: "Eiga formulering"})
    texts = session.exec(select(SurveyArea.statement).where(SurveyArea.survey_id == nn)
                         .order_by(SurveyArea.position)).all()
    assert texts == ["Eiga formulering",
                     "Kulturskulen her lyttar til det vi meiner og lèt oss vere med og bestemme."]
    assert session.exec(select(AuditEvent).where(AuditEvent.action == "survey.create")).first()
    listed = surveys.list_surveys(session=session, actor=w["leader"], programme_id=w["pid"],
                                  municipality_id=w["hoy"], today=TODAY)
    assert {s.id for s in listed} == {sid, nn} and all(s.responses == 0 for s in listed)
    assert not hasattr(listed[0], "token")


def test_the_framework_admin_edits_a_statement_and_no_survey_already_out_changes(session, world):
    w = world
    sid = _make(session, w)
    area = w["areas"][1]
    framework_edit.set_area_texts(
        session=session, actor=ADMIN, area_id=area.id, descriptions=dict(area.descriptions),
        level_texts=area.level_texts, survey_statements={"nb": "Alle er velkomne her."})
    assert catalogue.value_areas(session=session, programme_id=w["pid"])[1].survey_statements \
        == {"nb": "Alle er velkomne her."}
    old = session.exec(select(SurveyArea.statement).where(
        SurveyArea.survey_id == sid, SurveyArea.value_area_id == area.id)).one()
    assert old.startswith("Kulturskolen her er til for alle")
    new = _make(session, w)
    assert session.exec(select(SurveyArea.statement).where(
        SurveyArea.survey_id == new, SurveyArea.value_area_id == area.id)).one() \
        == "Alle er velkomne her."


@pytest.mark.parametrize(("over", "key"), [
    ({"title": "  "}, "survey.needs_title"),
    ({"value_area_ids": ()}, "survey.needs_area"),
    ({"closes_on": TODAY - timedelta(days=1)}, "survey.closes_before_opening"),
    ({"closes_on": TODAY + timedelta(days=400)}, "survey.too_long_open"),
    ({"audience": SurveyAudience.CUSTOM}, "survey.needs_audience_label"),
    ({"lang": "de"}, "survey.bad_lang"),
    ({"title": "x" * 201}, "error.too_long"),
])
def test_bad_input_is_refused_plainly_and_stores_nothing(session, world, over, key):
    with pytest.raises(InvalidInput) as e:
        _make(session, world, **over)
    assert e.value.key == key
    assert session.exec(select(func.count()).select_from(Survey)).one() == 0


def test_only_the_coordinator_and_staff_manage_and_only_their_own_group(session, world):
    w = world
    for who in ("ola", "sunnfjord", "leader"):
        with pytest.raises(PermissionDenied):
            _make(session, w, actor=w[who])
    sid = _make(session, w, actor=w["adviser"])
    for who in ("ola", "sunnfjord", "leader"):
        for call in (surveys.close_survey, surveys.delete_survey, surveys.share_info,
                     survey_answers.open_answers):
            with pytest.raises(PermissionDenied):
                call(session=session, actor=w[who], survey_id=sid)
    with pytest.raises(PermissionDenied):  # another group does not see the list either
        surveys.list_surveys(session=session, actor=w["sunnfjord"], programme_id=w["pid"],
                             municipality_id=w["hoy"], today=TODAY)
    assert surveys.share_info(session=session, actor=w["kari"], survey_id=sid).token


def test_one_phone_leaves_a_different_mark_in_each_survey(session, world):
    """The marks are written in the responses' order: one the same in two surveys would tie
    a phone's answer in one to its answer in the other."""
    w = world
    first, second = _make(session, w), _make(session, w, title="Etterpå")
    phone = secrets.token_urlsafe(32)
    _answer(session, w, first, device=phone)
    _answer(session, w, second, device=phone)
    marks = session.exec(select(SurveyDevice.device_hash)).all()
    assert len(marks) == 2 and len(set(marks)) == 2


def test_three_phones_answer_and_the_same_phone_is_refused_a_second_time(session, world):
    w = world
    sid = _make(session, w)
    phone = secrets.token_urlsafe(32)
    _answer(session, w, sid, device=phone, text="Mer band")
    _answer(session, w, sid)
    _answer(session, w, sid, value=None)  # «Vet ikke» on every statement
    with pytest.raises(PermissionDenied) as e:
        _answer(session, w, sid, device=phone)
    assert e.value.key == "survey.already_answered"
    assert session.exec(select(func.count()).select_from(SurveyResponse)).one() == 3
    assert session.exec(select(func.count()).select_from(SurveyScore).where(
        SurveyScore.value.is_(None))).one() == 2
    # Nothing stored ties a device to a response, nor a time to either.
    assert set(SurveyDevice.model_fields) == {"survey_id", "device_hash"}
    assert phone not in {d.device_hash for d in session.exec(select(SurveyDevice))}
    assert session.exec(select(SurveyResponse.answered_on)).all() == [TODAY] * 3
    assert not session.exec(select(AuditEvent).where(AuditEvent.action.like("survey.ans%"))).all()
    form = survey_answers.survey_form(session=session, token=_token(session, sid),
                                      device_token=phone, today=TODAY)
    assert form.answered and form.status == "open" and form.municipality == "Høyanger"


def test_closed_not_yet_open_unknown_and_incomplete_are_refused_plainly(session, world):
    w = world
    sid = _make(session, w, opens_on=TODAY + timedelta(days=1), closes_on=TODAY + timedelta(days=3))
    with pytest.raises(PermissionDenied) as e:
        _answer(session, w, sid)
    assert e.value.key == "survey.is_not_yet"
    with pytest.raises(PermissionDenied) as e:
        _answer(session, w, sid, today=TODAY + timedelta(days=4))
    assert e.value.key == "survey.is_closed"
    surveys.close_survey(session=session, actor=w["kari"], survey_id=sid)
    with pytest.raises(PermissionDenied) as e:
        _answer(session, w, sid, today=TODAY + timedelta(days=2))
    assert e.value.key == "survey.is_closed"
    with pytest.raises(NotFound) as e:
        survey_answers.survey_form(session=session, token="feil", today=TODAY)
    assert e.value.key == "survey.unknown_link"
    open_one = _make(session, w)
    with pytest.raises(InvalidInput) as e:
        survey_answers.answer_survey(session=session, token=_token(session, open_one),
                                     device_token=secrets.token_urlsafe(32), client="x",
                                     scores={w["areas"][1].id: 3}, today=TODAY)
    assert e.value.key == "survey.answer_all"
    with pytest.raises(InvalidInput):
        _answer(session, w, open_one, value=6)
    assert session.exec(select(func.count()).select_from(SurveyResponse)).one() == 0
    assert session.exec(select(func.count()).select_from(SurveyDevice)).one() == 0


def test_a_client_past_the_hourly_limit_is_refused(session, world, monkeypatch):
    monkeypatch.setattr(survey_answers, "ANSWERS_PER_CLIENT_PER_HOUR", 2)
    sid = _make(session, world)
    _answer(session, world, sid)
    _answer(session, world, sid)
    with pytest.raises(RateLimited):
        _answer(session, world, sid)
    _answer(session, world, sid, client="10.0.0.2")  # another school's address


def test_delete_only_while_unanswered_then_close(session, world):
    w = world
    empty, answered = _make(session, w), _make(session, w)
    surveys.delete_survey(session=session, actor=w["kari"], survey_id=empty)
    assert session.get(Survey, empty) is None
    _answer(session, w, answered)
    with pytest.raises(InvalidInput):
        surveys.delete_survey(session=session, actor=w["kari"], survey_id=answered)
    surveys.close_survey(session=session, actor=w["kari"], survey_id=answered)
    row = surveys.list_surveys(session=session, actor=w["kari"], programme_id=w["pid"],
                               municipality_id=w["hoy"], today=TODAY)[0]
    assert (row.status, row.responses) == ("closed", 1)


def test_open_answers_appear_from_five_responses_and_are_moderated(session, world):
    w = world
    sid = _make(session, w)
    for i in range(4):
        _answer(session, w, sid, text=f"Svar {i} <b>fet</b>" if i else "")
    seen = survey_answers.open_answers(session=session, actor=w["kari"], survey_id=sid)
    assert (seen.shown, seen.answers, seen.responses) == (False, (), 4)
    _answer(session, w, sid, text="Kari i 5B er slem")
    seen = survey_answers.open_answers(session=session, actor=w["kari"], survey_id=sid)
    assert seen.shown and len(seen.answers) == 4  # the empty one is not listed
    naming = next(a for a in seen.answers if "5B" in a.text)
    survey_answers.set_open_hidden(session=session, actor=w["kari"],
                                   response_id=naming.response_id, hidden=True)
    with pytest.raises(PermissionDenied):
        survey_answers.set_open_hidden(session=session, actor=w["sunnfjord"],
                                       response_id=naming.response_id, hidden=False)
    seen = survey_answers.open_answers(session=session, actor=w["adviser"], survey_id=sid)
    assert [a.hidden for a in seen.answers if "5B" in a.text] == [True]
    assert session.exec(select(AuditEvent).where(AuditEvent.action == "survey.hide")).first()


def test_open_answers_are_listed_in_the_words_order_not_as_they_came(session, world):
    """A coordinator who watched the class answer one by one must not read whose words are
    whose off the list's order."""
    w = world
    sid = _make(session, w)
    for text in ("Mer korps", "bedre lokaler", "Andre tider", "Øvingsrom", "flere lærere"):
        _answer(session, w, sid, text=text)
    seen = survey_answers.open_answers(session=session, actor=w["kari"], survey_id=sid)
    assert [a.text for a in seen.answers] == [
        "Andre tider", "bedre lokaler", "flere lærere", "Mer korps", "Øvingsrom"]


@pytest.mark.parametrize("title", ["Elevundersøkelse", "Lang tittel " * 16])
def test_the_poster_is_one_a4_page(title):
    from kultur3.insight import pdf
    text = pdf.PosterText(municipality="Høyanger", title=title[:200], purpose="Hvorfor",
                          scan="Skann", or_go="eller gå til", privacy="Anonymt", demo_note=None)
    data = pdf.survey_poster(text=text, url="https://k3.example/mening/start?u=abc")
    assert data.startswith(b"%PDF")
    assert b"/MediaBox [ 0 0 595.44 841.68 ]" in data  # A4 in points


def test_privacy_export_erase_and_retention_of_surveys(session, world):
    """The maker is exported and erased with their account; the purge after archiving takes
    the maker and every open answer, and keeps the anonymous scores."""
    from sqlalchemy import update

    from kultur3.models import Programme, ProgrammeStatus, utcnow
    from kultur3.privacy import personal_data, retention
    w = world
    sid = _make(session, w)
    _answer(session, w, sid, text="Læreren Per er flink")
    copy = personal_data.export_person(session=session, actor=ADMIN, kind="user",
                                       person_id=w["kari"].user_id)
    assert [s["title"] for s in copy["surveys_made"]] == ["Elevundersøkelse"]
    assert "token" not in copy["surveys_made"][0]
    other = _make(session, w, actor=w["adviser"])
    personal_data.delete_person(session=session, actor=ADMIN, kind="user",
                                person_id=w["adviser"].user_id)
    assert session.get(Survey, other).created_by_id is None
    session.exec(update(Programme).where(Programme.id == w["pid"]).values(
        status=ProgrammeStatus.ARCHIVED, archived_at=utcnow() - timedelta(days=400)))
    plan = retention.purge_archived(session=session, archived_before=utcnow() - timedelta(
        days=365), apply=True)
    assert plan.survey_answers == 1
    session.expire_all()
    assert session.get(Survey, sid).created_by_id is None
    assert session.exec(select(SurveyResponse.open_answer)).all() == [""]
    assert session.exec(select(func.count()).select_from(SurveyScore)).one() == 2


def test_the_rate_counter_written_with_a_response_keeps_no_time_finer_than_the_hour(session,
                                                                                     world):
    from kultur3.models import RateEvent
    _answer(session, world, _make(session, world))
    at = session.exec(select(RateEvent.at).where(RateEvent.key.like("survey-answer:%"))).one()
    assert (at.minute, at.second, at.microsecond) == (0, 0, 0)


def _start(query: bytes, cookie: str = "") -> tuple[int, dict[str, list[str]]]:
    """One GET of the survey link's route through the ASGI app (no database)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from starlette.applications import Starlette

    from kultur3.ui import web
    app = Starlette(routes=web.ROUTES)
    headers = [(b"host", b"kultur3.test")] + ([(b"cookie", cookie.encode())] if cookie else [])
    scope = {"type": "http", "method": "GET", "path": web.SURVEY_START_PATH,
             "raw_path": web.SURVEY_START_PATH.encode(), "query_string": query,
             "scheme": "http", "http_version": "1.1", "root_path": "", "headers": headers,
             "server": ("kultur3.test", 80), "client": ("203.0.113.5", 40000)}
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)
    with ThreadPoolExecutor(max_workers=1) as pool:  # Playwright may hold this thread's loop
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    out: dict[str, list[str]] = {}
    for name, value in sent[0]["headers"]:
        out.setdefault(name.decode().lower(), []).append(value.decode())
    return sent[0]["status"], out


def test_the_link_gives_the_browser_a_token_once_and_goes_on_to_the_page(app_env):
    from kultur3.ui import keys
    status, headers = _start(b"u=AbC_d-1")
    assert status == 303 and headers["location"] == ["/mening?u=AbC_d-1"]
    (cookie,) = headers["set-cookie"]
    assert cookie.startswith(f"{keys.SURVEY_COOKIE}=") and "HttpOnly" in cookie
    assert len(cookie.split(";")[0].split("=", 1)[1]) >= 40  # 32 random bytes
    again = _start(b"u=AbC_d-1", cookie=cookie.split(";")[0])[1]
    assert "set-cookie" not in again  # the browser keeps the token it has
    assert _start(b"u=%2F%2Fevil.example")[1]["location"] == ["/mening"]


def test_ten_taps_at_once_from_one_phone_store_one_response(demo_url):
    """The device mark and the response are one transaction, and the mark's key refuses a
    second: ten submissions at the same moment from one browser store one response, and
    every other gets the plain refusal (no database error)."""
    from kultur3.access.permissions import OPERATOR
    from kultur3.core import clock
    from kultur3.store.db import make_engine, session_scope
    from tests.conftest import municipality_id
    from tests.test_concurrency import _run_all
    engine = make_engine(demo_url)
    with session_scope(engine) as s:
        pid = catalogue.list_programmes(session=s)[0].id
        area = catalogue.value_areas(session=s, programme_id=pid)[0].id
        sid = surveys.create_survey(
            session=s, actor=OPERATOR, programme_id=pid, municipality_id=municipality_id(
                s, "1804"), data=surveys.SurveyInput(
                title="Elever", value_area_ids=(area,), audience=SurveyAudience.PUPILS,
                lang="nb", opens_on=clock.today(), closes_on=clock.today()))
        token = s.get(Survey, sid).token
    phone = secrets.token_urlsafe(32)

    def tap():
        with session_scope(engine) as s:
            survey_answers.answer_survey(session=s, token=token, device_token=phone,
                                         client="10.1.1.1", scores={area: 5},
                                         today=clock.today())
    results = _run_all([tap] * 10)
    with session_scope(engine) as s:
        stored = s.exec(select(func.count()).select_from(SurveyResponse).where(
            SurveyResponse.survey_id == sid)).one()  # the demo's own surveys have responses
    engine.dispose()
    assert stored == 1
    assert sorted(kind for kind, _ in results) == ["error"] * 9 + ["ok"]
    assert all(isinstance(e, PermissionDenied) and e.key == "survey.already_answered"
               for kind, e in results if kind == "error")
