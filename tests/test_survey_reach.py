"""Who reaches a group's survey, and what its link answers (issue 24 §2), tried as an attacker
would: another group, a member who is not the coordinator, the municipality's leadership and
the programme's researcher; a second answer, a closed or not yet open survey, a wrong token,
an over-long open answer, one survey's link used for another's statements; a survey below the
threshold in the CSV."""

import secrets
from datetime import date, timedelta

import pytest
from sqlmodel import select

from kultur3.core.errors import InvalidInput, NotFound, PermissionDenied
from kultur3.group import survey_answers, surveys
from kultur3.insight import survey_results
from kultur3.models import Role, Survey, SurveyArea, SurveyAudience
from kultur3.programme import catalogue
from tests.factories import enrol, make_programme, make_survey, make_user

TODAY = date(2027, 3, 10)


def _world(session):
    p = make_programme(session, "Vestland 2027")
    hoy, sun = enrol(session, p, "4638"), enrol(session, p, "4647")
    areas = catalogue.value_areas(session=session, programme_id=p.id)
    return dict(p=p, pid=p.id, hoy=hoy, sun=sun, areas=areas,
                kari=make_user(session, Role.GROUP, programme=p, municipality="4638",
                               coordinator=True),
                ola=make_user(session, Role.GROUP, programme=p, municipality="4638"),
                sunnfjord=make_user(session, Role.GROUP, programme=p, municipality="4647",
                                    coordinator=True),
                researcher=make_user(session, Role.RESEARCHER, programme=p),
                ml=make_user(session, Role.MUNICIPAL_LEADER, programme=p, municipality="4638"))


def _make(session, w, **over):
    values = dict(title="Elevundersøkelse", value_area_ids=(w["areas"][1].id,),
                  audience=SurveyAudience.PUPILS, lang="nb", opens_on=TODAY,
                  closes_on=TODAY + timedelta(days=14), open_question="Hva savner du?")
    return surveys.create_survey(session=session, actor=w["kari"], programme_id=w["pid"],
                                 municipality_id=w["hoy"],
                                 data=surveys.SurveyInput(**(values | over)))


def _answer(session, sid, *, device=None, text="", today=TODAY, token=None):
    areas = session.exec(select(SurveyArea.value_area_id).where(
        SurveyArea.survey_id == sid)).all()
    survey_answers.answer_survey(
        session=session, token=token or session.get(Survey, sid).token,
        device_token=device or secrets.token_urlsafe(32), client="10.0.0.1",
        scores={a: 3 for a in areas}, open_answer=text, today=today)


def test_other_group_member_leader_researcher_reach_no_survey(session):
    w = _world(session)
    sid = _make(session, w)
    for _ in range(5):
        _answer(session, sid, text="hei")
    rid = session.exec(select(survey_answers.SurveyResponse.id)).first()
    for actor in (w["sunnfjord"], w["ola"], w["researcher"], w["ml"]):
        for call in (lambda a: surveys.share_info(session=session, actor=a, survey_id=sid),
                     lambda a: survey_answers.open_answers(session=session, actor=a,
                                                           survey_id=sid),
                     lambda a: survey_answers.set_open_hidden(session=session, actor=a,
                                                              response_id=rid, hidden=True),
                     lambda a: surveys.close_survey(session=session, actor=a, survey_id=sid)):
            with pytest.raises(PermissionDenied):
                call(a=actor)
    for actor in (w["sunnfjord"], w["researcher"]):
        with pytest.raises(PermissionDenied):
            survey_results.group_results(session=session, actor=actor, programme_id=w["pid"],
                                         municipality_id=w["hoy"])
        with pytest.raises(PermissionDenied):
            surveys.list_surveys(session=session, actor=actor, programme_id=w["pid"],
                                 municipality_id=w["hoy"], today=TODAY)
    with pytest.raises(PermissionDenied):
        survey_results.programme_results(session=session, actor=w["researcher"],
                                         programme_id=w["pid"])


def test_answering_holes(session):
    w = _world(session)
    sid = _make(session, w)
    device = secrets.token_urlsafe(32)
    _answer(session, sid, device=device)
    with pytest.raises(PermissionDenied):
        _answer(session, sid, device=device)
    with pytest.raises(PermissionDenied):
        _answer(session, sid, today=TODAY - timedelta(days=1))
    with pytest.raises(PermissionDenied):
        _answer(session, sid, today=TODAY + timedelta(days=15))
    with pytest.raises(InvalidInput):
        _answer(session, sid, text="x" * 5000)
    with pytest.raises(NotFound):
        _answer(session, sid, token="nope")
    with pytest.raises(NotFound):
        _answer(session, sid, token=session.get(Survey, sid).token + "x")
    surveys.close_survey(session=session, actor=w["kari"], survey_id=sid)
    with pytest.raises(PermissionDenied):
        _answer(session, sid)
    # A survey's token answers only that survey's areas
    other = _make(session, w, value_area_ids=(w["areas"][2].id,))
    with pytest.raises(InvalidInput):
        survey_answers.answer_survey(
            session=session, token=session.get(Survey, other).token,
            device_token=secrets.token_urlsafe(32), client="c",
            scores={w["areas"][1].id: 3}, today=TODAY)


def test_below_threshold_csv_holds_no_figure(session):
    w = _world(session)
    a = w["areas"][0].id
    make_survey(session, w["p"], w["hoy"], answers=[{a: 1}] * 4)
    found = survey_results.group_results(session=session, actor=w["kari"],
                                         programme_id=w["pid"], municipality_id=w["hoy"])
    frame = survey_results.frame(found, {})
    assert frame[["responses", "median", "answered", "dont_know"]].isna().all().all()
