"""Leaders read words, not only numbers: every group's answers across the programme, found
by search and filters, to find «erfaringer og suksesskriterier»."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, func, select

from kultur3.access.permissions import Actor, check
from kultur3.models import Answer, Gathering, Municipality, Question, ValueArea
from kultur3.programme import catalogue
from kultur3.programme.templates import localized

LIMIT = 200


@dataclass(frozen=True)
class AnswerHit:
    municipality_id: int
    municipality: str
    county: str
    focus_area: str
    gathering: str
    held_on: date
    question_number: int
    question: str
    value_area: str
    text: str


@dataclass(frozen=True)
class Search:
    query: str = ""
    counties: tuple[str, ...] = ()
    focus_area: str = ""
    gathering_id: int | None = None
    question_number: int | None = None
    value_area_id: int | None = None


def search_answers(*, session: Session, actor: Actor, programme_id: int, search: Search,
                   lang: str = "nb") -> tuple[list[AnswerHit], int]:
    """Answers matching the search, newest gathering first; (the first LIMIT, how many in all).
    Answers a facilitator hid in a live gathering stay hidden here too."""
    check(actor, "answers.search")
    catalogue.check_programme(session=session, actor=actor, programme_id=programme_id)
    stmt = (select(Answer, Gathering, Municipality, Question, ValueArea)
            .join(Gathering, Gathering.id == Answer.gathering_id)
            .join(Municipality, Municipality.id == Answer.municipality_id)
            .join(Question, Question.id == Answer.question_id)
            .join(ValueArea, ValueArea.id == Answer.value_area_id, isouter=True)
            .where(Gathering.programme_id == programme_id, col(Answer.hidden).is_(False),
                   Answer.text != ""))
    if search.query.strip():
        stmt = stmt.where(func.lower(Answer.text).contains(search.query.strip().lower(),
                                                           autoescape=True))
    if search.counties:
        stmt = stmt.where(col(Municipality.county).in_(search.counties))
    if search.gathering_id:
        stmt = stmt.where(Answer.gathering_id == search.gathering_id)
    if search.question_number:
        stmt = stmt.where(Question.number == search.question_number)
    if search.value_area_id:
        stmt = stmt.where(Answer.value_area_id == search.value_area_id)
    focus = {p.municipality_id: p.focus_area for p in catalogue.participants(
        session=session, programme_id=programme_id, lang=lang)}
    rows = session.exec(stmt.order_by(col(Gathering.held_on).desc(), Municipality.name,
                                      Question.number)).all()
    hits = [AnswerHit(municipality_id=m.id, municipality=m.name, county=m.county,
                      focus_area=focus.get(m.id, ""), gathering=g.title, held_on=g.held_on,
                      question_number=q.number, question=localized(q.texts, lang),
                      value_area=localized(area.names, lang) if area else "", text=a.text)
            for a, g, m, q, area in rows
            if not search.focus_area or focus.get(m.id, "") == search.focus_area]
    return hits[:LIMIT], len(hits)
