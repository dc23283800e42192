"""Answering a group's survey without an account, and moderating its open answers.

A respondent is known only by the hash of a random token their browser keeps in a cookie
(set by the survey route, kultur3/ui/web.py); that hash goes into SurveyDevice, which holds
no link to the response it allowed. The response keeps the day, never a time, an address or
the device. The device mark and the response are written in one transaction, and the mark's
primary key refuses a second one: two taps at once store one response."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from kultur3.access import audit
from kultur3.access.permissions import Actor
from kultur3.core.errors import InvalidInput, NotFound, PermissionDenied
from kultur3.core.validation import clean_text
from kultur3.group.surveys import managed, status_of
from kultur3.models import (
    ANSWER_MAX,
    SCORE_MAX,
    SCORE_MIN,
    SURVEY_MIN_RESPONSES,
    Municipality,
    Survey,
    SurveyArea,
    SurveyDevice,
    SurveyResponse,
    SurveyScore,
    utcnow,
)
from kultur3.store import ratelimit
from kultur3.store.archive_guard import check_writable
from kultur3.store.changed import changed

# Answers per client address per hour. A school answers from one address: a class of 30 in a
# lesson, and a few classes in the same hour, stays well under 300; a script filling the form
# is stopped there. (The device mark already refuses a second answer from one browser.)
ANSWERS_PER_CLIENT_PER_HOUR = 300
HOUR = timedelta(hours=1)


def device_hash(survey_id: int, device_token: str) -> str:
    """The stored form of a browser's token for one survey: SHA-256 of the survey and the
    token (32 random bytes, so it cannot be reversed by trying candidates). The survey is in
    it so one phone's marks differ from survey to survey: a mark is written with its response,
    in the same order, and a mark the same in two surveys would link the phone's answers."""
    return hashlib.sha256(f"{survey_id}:{device_token}".encode()).hexdigest()


@dataclass(frozen=True)
class FormArea:
    value_area_id: int
    statement: str


@dataclass(frozen=True)
class SurveyForm:
    """What the public page shows (a read model): no id of the group beyond its name."""

    title: str
    municipality: str
    lang: str
    status: str  # open, not_yet, closed
    opens_on: date
    closes_on: date
    areas: tuple[FormArea, ...]
    open_question: str
    answered: bool  # this device has answered already


def _by_token(session: Session, token: str) -> Survey:
    survey = session.exec(select(Survey).where(Survey.token == (token or "")[:64])).first()
    if survey is None or not token:
        raise NotFound(key="survey.unknown_link")
    return survey


def survey_form(*, session: Session, token: str, device_token: str = "", today: date
                ) -> SurveyForm:
    """The public answer form behind a link; NotFound (plainly) for an unknown token."""
    survey = _by_token(session, token)
    areas = session.exec(select(SurveyArea).where(SurveyArea.survey_id == survey.id)
                         .order_by(SurveyArea.position)).all()
    answered = bool(device_token) and session.get(
        SurveyDevice, (survey.id, device_hash(survey.id, device_token))) is not None
    return SurveyForm(title=survey.title,
                      municipality=session.get(Municipality, survey.municipality_id).name,
                      lang=survey.lang, status=status_of(survey, today=today),
                      opens_on=survey.opens_on, closes_on=survey.closes_on,
                      areas=tuple(FormArea(a.value_area_id, a.statement) for a in areas),
                      open_question=survey.open_question, answered=answered)


def answer_survey(*, session: Session, token: str, device_token: str, client: str,
                  scores: dict[int, int | None], open_answer: str = "", today: date) -> None:
    """Store one anonymous response. Every statement needs an answer (None is «Vet ikke»).
    Refused plainly: an unknown link, a survey not open today, a device that has answered,
    a client past the hourly limit. Not audited: an audit event carries a time and the
    survey, which would put a time on each response (nothing else is known of who)."""
    survey = _by_token(session, token)
    status = status_of(survey, today=today)
    if status != "open":
        raise PermissionDenied(key=f"survey.is_{status}")
    if len(device_token or "") < 20:
        raise InvalidInput(key="survey.no_device")  # the cookie did not come back
    check_writable(session, survey.programme_id)
    # Counted on the hour, not the second: the counter row is written with the response, and
    # a time to the second beside it would date the response (this and the previous hour
    # count, so the limit holds over one to two hours).
    hour = utcnow().replace(minute=0, second=0, microsecond=0)
    ratelimit.hit(session, ratelimit.key_for("survey-answer", client or "unknown-client"),
                  limit=ANSWERS_PER_CLIENT_PER_HOUR, window=HOUR, now=hour,
                  message="survey.too_many")
    area_ids = set(session.exec(select(SurveyArea.value_area_id).where(
        SurveyArea.survey_id == survey.id)).all())
    if set(scores) != area_ids:
        raise InvalidInput(key="survey.answer_all")
    for value in scores.values():
        if value is not None and not SCORE_MIN <= value <= SCORE_MAX:
            raise InvalidInput(key="survey.answer_all")
    text = clean_text(open_answer) if survey.open_question else ""
    if len(text) > ANSWER_MAX:
        raise InvalidInput(key="error.too_long", field="survey.open_answer", limit=ANSWER_MAX)
    mark = session.begin_nested()
    try:
        session.add(SurveyDevice(survey_id=survey.id,
                                 device_hash=device_hash(survey.id, device_token)))
        session.flush()
    except IntegrityError:
        mark.rollback()
        raise PermissionDenied(key="survey.already_answered") from None
    mark.commit()
    response = SurveyResponse(survey_id=survey.id, answered_on=today, open_answer=text)
    session.add(response)
    session.flush()
    for area_id, value in scores.items():
        session.add(SurveyScore(response_id=response.id, value_area_id=area_id, value=value))
    changed(session)


@dataclass(frozen=True)
class OpenAnswer:
    response_id: int
    text: str
    hidden: bool


@dataclass(frozen=True)
class OpenAnswers:
    """The open answers, once the survey has SURVEY_MIN_RESPONSES responses (k-anonymity:
    fewer, and a coordinator who knows who answered could tell whose words are whose)."""

    question: str
    responses: int
    shown: bool
    answers: tuple[OpenAnswer, ...]


def open_answers(*, session: Session, actor: Actor, survey_id: int) -> OpenAnswers:
    """The survey's open answers for its managers to read and moderate, hidden ones marked."""
    survey = managed(session, actor, survey_id)
    rows = session.exec(select(SurveyResponse).where(SurveyResponse.survey_id == survey.id)
                        .order_by(col(SurveyResponse.id))).all()
    shown = len(rows) >= SURVEY_MIN_RESPONSES
    # In the words' order, never the answers' arrival: a coordinator who saw the class answer
    # one by one would otherwise read whose words are whose off the list.
    answers = tuple(sorted((OpenAnswer(r.id, r.open_answer, r.open_hidden)
                            for r in rows if r.open_answer),
                           key=lambda a: (a.text.casefold(), a.text))) if shown else ()
    return OpenAnswers(question=survey.open_question, responses=len(rows), shown=shown,
                       answers=answers)


def set_open_hidden(*, session: Session, actor: Actor, response_id: int, hidden: bool) -> None:
    """Hide an open answer (a name, something hurtful) or show it again; audited."""
    response = session.get(SurveyResponse, response_id)
    if response is None:
        raise NotFound()
    survey = managed(session, actor, response.survey_id)
    count = len(session.exec(select(SurveyResponse.id).where(
        SurveyResponse.survey_id == survey.id)).all())
    if count < SURVEY_MIN_RESPONSES:
        raise NotFound()  # not shown yet, so not there to moderate
    if response.open_hidden == hidden:
        return
    response.open_hidden = hidden
    session.add(response)
    changed(session)
    audit.record(session, actor=actor, action="survey.hide" if hidden else "survey.show",
                 entity="surveyresponse", entity_id=response.id,
                 detail={"survey": survey.id})
