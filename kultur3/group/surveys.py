"""A group's survey of the people its culture school serves (issue 24): made, listed, shared,
closed and deleted by the group's coordinator or the programme's staff.

Answering without an account and moderating the open answers are survey_answers.py. The
results (aggregates, the radar's third line, comparison) are built on `list_surveys` and
`response_counts` by kultur3/insight."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, delete, func, select

from kultur3.access import audit
from kultur3.access.permissions import Actor, Resource, check, check_read, check_write
from kultur3.core.errors import InvalidInput, NotFound, PermissionDenied
from kultur3.core.validation import clean_text
from kultur3.group import membership
from kultur3.models import (
    LANGS,
    NAME_MAX,
    STATEMENT_MAX,
    TITLE_MAX,
    Municipality,
    Role,
    Survey,
    SurveyArea,
    SurveyAudience,
    SurveyDevice,
    SurveyResponse,
    ValueArea,
    utcnow,
)
from kultur3.programme import templates
from kultur3.programme.template_texts import SURVEY_STATEMENTS
from kultur3.store.changed import changed

# The longest a survey may stay open: a school year (measured: the pilot's half-years run
# 5-6 months, and a survey before and after one fits in a year). Longer, and a forgotten
# link keeps collecting answers nobody reads.
MAX_OPEN_DAYS = 366


def check_manage(session: Session, actor: Actor, programme_id: int, municipality_id: int
                 ) -> None:
    """The group's coordinator (its own municipality) or the programme's staff, with the
    municipality enrolled in the programme; PermissionDenied for anyone else."""
    check(actor, "surveys.manage", Resource(municipality_id=municipality_id))
    check_write(actor, municipality_id, session=session, programme_id=programme_id)
    if actor.role == Role.GROUP and not membership.is_coordinator(
            session, actor, programme_id, municipality_id):
        raise PermissionDenied(key="survey.coordinator_only")


def managed(session: Session, actor: Actor, survey_id: int) -> Survey:
    """The survey, when the actor may manage it."""
    survey = session.get(Survey, survey_id)
    if survey is None:
        raise NotFound()
    check_manage(session, actor, survey.programme_id, survey.municipality_id)
    return survey


def statement_for(area: ValueArea, lang: str) -> str:
    """The framework's statement for an area in a language: the programme's own wording,
    else the built-in one for the area's key (a programme made before issue 24 has none),
    else the area's name."""
    own = dict(area.survey_statements or {})
    built_in = SURVEY_STATEMENTS.get(area.key, {})
    return (own.get(lang) or built_in.get(lang) or own.get("nb") or built_in.get("nb")
            or templates.localized(area.names, lang))


@dataclass(frozen=True)
class SurveyInput:
    title: str
    value_area_ids: tuple[int, ...]
    audience: SurveyAudience
    lang: str
    opens_on: date
    closes_on: date
    statements: dict[int, str] | None = None  # area id -> wording; missing: the framework's
    open_question: str = ""
    audience_label: str = ""


def _too_long(field: str, text: str, limit: int) -> None:
    if len(text) > limit:
        raise InvalidInput(key="error.too_long", field=field, limit=limit)


def create_survey(*, session: Session, actor: Actor, programme_id: int, municipality_id: int,
                  data: SurveyInput) -> int:
    """Make a survey for the group; returns its id. Nothing is stored on a refusal."""
    check_manage(session, actor, programme_id, municipality_id)
    title = clean_text(data.title)
    if not title:
        raise InvalidInput(key="survey.needs_title")
    _too_long("survey.title", title, TITLE_MAX)
    if data.lang not in LANGS:
        raise InvalidInput(key="survey.bad_lang")
    audience = SurveyAudience(data.audience)
    label = clean_text(data.audience_label) if audience == SurveyAudience.CUSTOM else ""
    if audience == SurveyAudience.CUSTOM and not label:
        raise InvalidInput(key="survey.needs_audience_label")
    _too_long("survey.audience_label", label, NAME_MAX)
    if data.closes_on < data.opens_on:
        raise InvalidInput(key="survey.closes_before_opening")
    if (data.closes_on - data.opens_on).days > MAX_OPEN_DAYS:
        raise InvalidInput(key="survey.too_long_open", days=MAX_OPEN_DAYS)
    ids = list(dict.fromkeys(data.value_area_ids))
    if not ids:
        raise InvalidInput(key="survey.needs_area")
    areas = {a.id: a for a in session.exec(select(ValueArea).where(
        col(ValueArea.id).in_(ids), ValueArea.programme_id == programme_id,
        col(ValueArea.retired).is_(False))).all()}
    if len(areas) != len(ids):
        raise NotFound()
    wording = {}
    for area_id in ids:
        given = clean_text((data.statements or {}).get(area_id))
        text = given or statement_for(areas[area_id], data.lang)
        _too_long("survey.statement", text, STATEMENT_MAX)
        wording[area_id] = text
    question = clean_text(data.open_question)
    _too_long("survey.open_question", question, STATEMENT_MAX)
    survey = Survey(programme_id=programme_id, municipality_id=municipality_id, title=title,
                    audience=audience, audience_label=label, lang=data.lang,
                    open_question=question, opens_on=data.opens_on, closes_on=data.closes_on,
                    token=secrets.token_urlsafe(18), created_by_id=actor.user_id)
    session.add(survey)
    session.flush()
    for pos, area_id in enumerate(ids, start=1):
        session.add(SurveyArea(survey_id=survey.id, value_area_id=area_id, position=pos,
                               statement=wording[area_id]))
    changed(session)
    audit.record(session, actor=actor, action="survey.create", entity="survey",
                 entity_id=survey.id, detail={"title": title, "audience": audience.value,
                                              "areas": ids, "lang": data.lang})
    return survey.id


def close_survey(*, session: Session, actor: Actor, survey_id: int) -> None:
    """Close a survey early: the link says it is closed, the answers stay."""
    survey = managed(session, actor, survey_id)
    if survey.closed_at is not None:
        return
    survey.closed_at = utcnow()
    survey.version += 1
    session.add(survey)
    changed(session)
    audit.record(session, actor=actor, action="survey.close", entity="survey",
                 entity_id=survey.id, detail={"title": survey.title})


def delete_survey(*, session: Session, actor: Actor, survey_id: int) -> None:
    """Delete a survey nobody has answered yet (a mistake, a test); one with answers is
    closed instead, so no respondent's answer is thrown away by a click."""
    survey = managed(session, actor, survey_id)
    if response_counts(session, [survey.id]).get(survey.id, 0):
        raise InvalidInput(key="survey.has_responses")
    title = survey.title
    session.exec(delete(SurveyArea).where(SurveyArea.survey_id == survey_id))
    session.exec(delete(SurveyDevice).where(SurveyDevice.survey_id == survey_id))
    session.delete(survey)
    changed(session)
    audit.record(session, actor=actor, action="survey.delete", entity="survey",
                 entity_id=survey_id, detail={"title": title})


def response_counts(session: Session, survey_ids: list[int]) -> dict[int, int]:
    """Responses per survey (no check: callers have checked the surveys' group)."""
    if not survey_ids:
        return {}
    return dict(session.exec(select(SurveyResponse.survey_id, func.count()).where(
        col(SurveyResponse.survey_id).in_(survey_ids)).group_by(
        SurveyResponse.survey_id)).all())


def status_of(survey: Survey | SurveyRow, today: date) -> str:
    """«open», «not_yet» (before opens_on) or «closed» (after closes_on, or closed early)."""
    if survey.closed_at is not None or today > survey.closes_on:
        return "closed"
    return "not_yet" if today < survey.opens_on else "open"


@dataclass(frozen=True)
class SurveyRow:
    """A survey as listed (a read model): never the public token, which only its managers
    see (share_info)."""

    id: int
    title: str
    audience: SurveyAudience
    audience_label: str
    lang: str
    opens_on: date
    closes_on: date
    closed_at: object
    responses: int
    status: str
    value_area_ids: tuple[int, ...]
    version: int


def list_surveys(*, session: Session, actor: Actor, programme_id: int, municipality_id: int,
                 today: date) -> list[SurveyRow]:
    """The group's surveys, newest first, with their response counts: whoever reads the
    group's work (its leadership and leaders too; counts, never an answer)."""
    check_read(actor, municipality_id, session=session, programme_id=programme_id)
    surveys = session.exec(select(Survey).where(
        Survey.programme_id == programme_id, Survey.municipality_id == municipality_id)
        .order_by(col(Survey.opens_on).desc(), col(Survey.id).desc())).all()
    counts = response_counts(session, [s.id for s in surveys])
    areas: dict[int, list[int]] = {}
    if surveys:
        for sid, aid in session.exec(select(SurveyArea.survey_id, SurveyArea.value_area_id)
                                     .where(col(SurveyArea.survey_id).in_(
                                         [s.id for s in surveys]))
                                     .order_by(SurveyArea.position)).all():
            areas.setdefault(sid, []).append(aid)
    return [SurveyRow(id=s.id, title=s.title, audience=s.audience,
                      audience_label=s.audience_label, lang=s.lang, opens_on=s.opens_on,
                      closes_on=s.closes_on, closed_at=s.closed_at,
                      responses=counts.get(s.id, 0), status=status_of(s, today=today),
                      value_area_ids=tuple(areas.get(s.id, [])), version=s.version)
            for s in surveys]


@dataclass(frozen=True)
class ShareInfo:
    """What the link, the QR code and the poster carry."""

    survey_id: int
    token: str
    title: str
    municipality: str
    lang: str
    opens_on: date
    closes_on: date


def share_info(*, session: Session, actor: Actor, survey_id: int) -> ShareInfo:
    """The public token and what the poster prints: the survey's managers only."""
    survey = managed(session, actor, survey_id)
    name = session.get(Municipality, survey.municipality_id).name
    return ShareInfo(survey_id=survey.id, token=survey.token, title=survey.title,
                     municipality=name, lang=survey.lang, opens_on=survey.opens_on,
                     closes_on=survey.closes_on)
