"""A municipality's work in words and numbers, read-only: what its own leadership reads, what
programme leaders read, and what the group's report to its leadership prints."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from kultur3.access.permissions import Actor, check_read
from kultur3.group import actions, anchoring, team
from kultur3.insight import overview, survey_results
from kultur3.models import Answer, Gathering, Score, ValueArea
from kultur3.programme import catalogue
from kultur3.programme.templates import localized


@dataclass(frozen=True)
class PictureAnswer:
    number: int
    question: str
    whole: str
    per_area: tuple[tuple[str, str], ...]  # (value area, text)


@dataclass(frozen=True)
class MunicipalityWork:
    municipality_name: str
    municipality_number: str
    county: str
    focus_area: str
    project: team.ProjectView
    gathering_title: str | None
    gathering_date: date | None
    pictures: tuple[PictureAnswer, ...]
    gaps: tuple
    members: tuple
    actions: tuple[actions.ActionView, ...]
    log: tuple[actions.LogView, ...]
    anchoring: tuple[anchoring.AnchoringView, ...]
    high_without_anchoring: tuple[str, ...]
    # (gathering, value areas) where staff entered a score on the group's behalf: the report
    # marks them, as the screen does.
    staff_scores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    surveys: tuple[survey_results.SurveyResult, ...] = ()  # aggregates only


def _latest_answered(session: Session, programme_id: int, municipality_id: int
                     ) -> Gathering | None:
    """The newest gathering in which this group wrote anything that is shown (an answer a
    facilitator hid is left out here as in the word search and the reports)."""
    return session.exec(select(Gathering).where(
        Gathering.programme_id == programme_id,
        col(Gathering.id).in_(select(Answer.gathering_id).where(
            Answer.municipality_id == municipality_id, col(Answer.hidden).is_(False))))
        .order_by(col(Gathering.held_on).desc(), col(Gathering.id).desc())).first()


def pictures(session: Session, programme_id: int, municipality_id: int, gathering_id: int,
             lang: str) -> tuple[PictureAnswer, ...]:
    """The four future pictures in the group's own words, question by question. An answer
    hidden by moderation (it may hold what should not be spread: a name, a complaint) stays
    hidden here, on the leaders' page and in the PDF report, as in the word search."""
    qs = catalogue.questions(session=session, programme_id=programme_id)
    areas = {a.id: localized(a.names, lang) for a in session.exec(
        select(ValueArea).where(ValueArea.programme_id == programme_id))}
    rows = session.exec(select(Answer).where(Answer.gathering_id == gathering_id,
                                             Answer.municipality_id == municipality_id,
                                             col(Answer.hidden).is_(False))).all()
    out = []
    for q in qs:
        mine = [a for a in rows if a.question_id == q.id]
        whole = next((a.text for a in mine if a.value_area_id is None), "")
        per_area = tuple((areas.get(a.value_area_id, ""), a.text) for a in mine
                         if a.value_area_id is not None and a.text)
        out.append(PictureAnswer(number=q.number, question=localized(q.texts, lang),
                                 whole=whole, per_area=per_area))
    return tuple(out)


def staff_scores(session: Session, programme_id: int, municipality_id: int, lang: str
                 ) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Per gathering (oldest first), the value areas with a score staff entered for the group
    (the caller checked)."""
    # No DISTINCT: PostgreSQL compares no JSON (the names); a handful of rows, deduplicated here.
    rows = session.exec(select(Gathering.title, ValueArea.names)
                        .join(Score, Score.gathering_id == Gathering.id)
                        .join(ValueArea, ValueArea.id == Score.value_area_id)
                        .where(Gathering.programme_id == programme_id,
                               Score.municipality_id == municipality_id,
                               col(Score.entered_by_id).is_not(None))
                        .order_by(Gathering.held_on, Gathering.id)).all()
    out: dict[str, list[str]] = {}
    for title, names in rows:
        out.setdefault(title, []).append(localized(names, lang))
    return tuple((title, tuple(sorted(set(areas)))) for title, areas in out.items())


def municipality_work(*, session: Session, actor: Actor, programme_id: int,
                      municipality_id: int, lang: str = "nb",
                      today: date | None = None) -> MunicipalityWork:
    """Everything one municipality has done in the programme, for reading."""
    check_read(actor, municipality_id, session=session, programme_id=programme_id)
    home = overview.group_home(session=session, actor=actor, programme_id=programme_id,
                               municipality_id=municipality_id, lang=lang)
    latest = _latest_answered(session, programme_id, municipality_id)
    entries = anchoring.entries(session=session, actor=actor, programme_id=programme_id,
                                municipality_id=municipality_id)
    return MunicipalityWork(
        municipality_name=home.municipality_name, municipality_number=home.municipality_number,
        county=home.county, focus_area=home.focus_area,
        project=team.project(session=session, actor=actor, programme_id=programme_id,
                             municipality_id=municipality_id),
        gathering_title=latest.title if latest else home.gathering_title,
        gathering_date=latest.held_on if latest else home.gathering_date,
        pictures=pictures(session, programme_id, municipality_id, latest.id, lang)
        if latest else (),
        gaps=tuple(home.gaps), members=tuple(home.members),
        actions=tuple(actions.list_actions(session=session, actor=actor,
                                           programme_id=programme_id,
                                           municipality_id=municipality_id, lang=lang,
                                           today=today)),
        log=tuple(actions.list_log(session=session, actor=actor, programme_id=programme_id,
                                   municipality_id=municipality_id)),
        anchoring=tuple(entries),
        high_without_anchoring=tuple(anchoring.high_without_anchoring(
            home.gaps, anchoring.anchored(entries))),
        staff_scores=staff_scores(session, programme_id, municipality_id, lang),
        surveys=survey_results.group_results(session=session, actor=actor,
                                             programme_id=programme_id,
                                             municipality_id=municipality_id, lang=lang))



