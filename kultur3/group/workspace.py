"""A group's work in a gathering: answers to the questions, scores, and the gap they give.

Every function takes the acting user and checks it may touch the municipality's work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy import text as sql
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from kultur3.access import audit
from kultur3.access.enrolment import check_enrolled
from kultur3.access.permissions import Actor, check_read, check_write, is_staff
from kultur3.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from kultur3.core.validation import build
from kultur3.group import membership, score_cells, scorers
from kultur3.group.scoring import AreaGap, group_value, median, spread
from kultur3.models import (
    SCORE_MAX,
    SCORE_MIN,
    Answer,
    Gathering,
    GatheringMunicipality,
    Phase,
    Question,
    Score,
    ScoreKind,
    ValueArea,
    utcnow,
)
from kultur3.models.inputs import AnswerIn
from kultur3.programme import catalogue, phases
from kultur3.programme.templates import localized
from kultur3.store import drafts
from kultur3.store.archive_guard import check_writable
from kultur3.store.changed import changed


def check_gathering(session: Session, gathering_id: int, municipality_id: int) -> Gathering:
    """The gathering, when this municipality takes part in it; NotFound otherwise.

    A gathering run for chosen municipalities (facilitator console) admits only those.
    """
    g = session.get(Gathering, gathering_id)
    if g is None or (g.municipality_id is not None and g.municipality_id != municipality_id):
        raise NotFound()
    check_enrolled(session, g.programme_id, municipality_id)
    chosen = session.exec(select(GatheringMunicipality.municipality_id).where(
        GatheringMunicipality.gathering_id == gathering_id)).all()
    if chosen and municipality_id not in chosen:
        raise NotFound()
    return g


def _check_in_programme(session: Session, model, obj_id: int | None, programme_id: int) -> None:
    if obj_id is None:
        return
    obj = session.get(model, obj_id)
    if obj is None or obj.programme_id != programme_id:
        raise NotFound()


def _insert(session: Session):
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


# --- Answers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerState:
    question_id: int
    value_area_id: int | None
    text: str
    version: int
    updated_at: datetime | None
    entered_by_staff: bool = False
    hidden: bool = False


def answers(*, session: Session, actor: Actor, gathering_id: int, municipality_id: int
            ) -> dict[tuple[int, int | None], AnswerState]:
    """The group's saved answers in a gathering, by (question, value area or None)."""
    check_read(actor, municipality_id, gathering_id, session=session)
    check_gathering(session, gathering_id, municipality_id)
    rows = session.exec(select(Answer).where(Answer.gathering_id == gathering_id,
                                             Answer.municipality_id == municipality_id)).all()
    return {(a.question_id, a.value_area_id): _state(a) for a in rows}


def _state(a: Answer) -> AnswerState:
    return AnswerState(question_id=a.question_id, value_area_id=a.value_area_id, text=a.text,
                       version=a.version, updated_at=a.updated_at,
                       entered_by_staff=a.entered_by_id is not None, hidden=a.hidden)


def _find_answer(session, gathering_id, municipality_id, question_id, value_area_id):
    stmt = select(Answer).where(Answer.gathering_id == gathering_id,
                                Answer.municipality_id == municipality_id,
                                Answer.question_id == question_id)
    if value_area_id is None:
        stmt = stmt.where(col(Answer.value_area_id).is_(None))
    else:
        stmt = stmt.where(Answer.value_area_id == value_area_id)
    return session.exec(stmt).first()


def save_answer(*, session: Session, actor: Actor, gathering_id: int, municipality_id: int,
                question_id: int, value_area_id: int | None = None, text: str,
                base_version: int, draft_key: str | None = None,
                draft_seq: int = 0) -> AnswerState:
    """Save an answer edited from base_version (0 = new). Raises Conflict when someone else
    saved in between, with their text, so nothing is silently overwritten. `draft_key`: a
    typing-safe field's key for this draft, so its re-send after a lost confirmation is
    known as its own earlier save (kultur3/store/drafts.py), not a conflict; `draft_seq`
    numbers its sends, so a late one is not saved over newer words."""
    check_write(actor, municipality_id, gathering_id, session=session)
    g = check_gathering(session, gathering_id, municipality_id)
    _check_in_programme(session, Question, question_id, g.programme_id)
    _check_in_programme(session, ValueArea, value_area_id, g.programme_id)
    check_writable(session, g.programme_id)
    phases.check_input_open(actor, g, phases.phase_of_question(
        session.get(Question, question_id).number))
    text = build(AnswerIn, text=text or "").text
    if not text:
        raise InvalidInput(key="workshop.empty_answer")
    existing = _find_answer(session, gathering_id, municipality_id, question_id, value_area_id)
    if existing is not None and existing.text == text:
        return _state(existing)
    entered_by = actor.user_id if is_staff(actor) else None
    if existing is None:
        if base_version != 0:
            raise NotFound()
        row = Answer(gathering_id=gathering_id, municipality_id=municipality_id,
                     question_id=question_id, value_area_id=value_area_id, text=text,
                     author_id=actor.user_id, entered_by_id=entered_by)
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:
            theirs = _find_answer(session, gathering_id, municipality_id, question_id,
                                  value_area_id)
            raise Conflict(theirs=theirs.text, version=theirs.version, mine=text) from None
        before = None
    else:
        # Compare-and-set in one statement: the version only moves if nobody else moved it.
        own = drafts.own_base(session, actor, draft_key, draft_seq, "answer", existing.id,
                              existing.version, base_version)
        if own is None:
            return _state(existing)  # a late send of this draft: newer words are saved
        base_version = own
        result = session.exec(  # type: ignore[call-overload]
            update(Answer).where(Answer.id == existing.id, Answer.version == base_version)
            .values(text=text, version=Answer.version + 1, updated_at=utcnow(),
                    author_id=actor.user_id, entered_by_id=entered_by))
        if result.rowcount != 1:
            session.refresh(existing)
            raise Conflict(theirs=existing.text, version=existing.version, mine=text)
        before = existing.text
        session.refresh(existing)
        row = existing
    drafts.keep(session, actor, draft_key, draft_seq, "answer", row.id, row.version)
    changed(session, gathering_id=gathering_id)
    audit.record(session, actor=actor, action="answer.save", entity="answer", entity_id=row.id,
                 detail={"before": before, "after": text})
    return _state(row)


# --- Scores -----------------------------------------------------------------------------------


def _check_value(value: int | None) -> None:
    if value is not None and not SCORE_MIN <= value <= SCORE_MAX:
        raise InvalidInput(key="workshop.score_range")


def save_score(*, session: Session, actor: Actor, gathering_id: int, municipality_id: int,
               value_area_id: int, kind: ScoreKind, value: int | None,
               member_id: int | None = None, guest_key: str | None = None,
               is_group: bool = False) -> None:
    """Upsert one score (None = «vet ikke»): a member's, a guest's or the group's agreed one."""
    check_write(actor, municipality_id, gathering_id, session=session)
    g = check_gathering(session, gathering_id, municipality_id)
    _check_in_programme(session, ValueArea, value_area_id, g.programme_id)
    check_writable(session, g.programme_id)
    phases.check_input_open(actor, g, Phase.SCORING)
    _check_value(value)
    if sum([member_id is not None, bool(guest_key), is_group]) != 1:
        raise InvalidInput(key="workshop.one_scorer")
    scorers.check_scorer(session, actor, g, municipality_id, member_id=member_id,
                         guest_key=guest_key, is_group=is_group)
    if member_id is not None:
        _check_member(session, member_id, g.programme_id, municipality_id)
        where, cols = "member_id IS NOT NULL", ["member_id"]
    elif guest_key:
        guest_key = guest_key[:36]
        where, cols = "guest_key IS NOT NULL", ["guest_key"]
    else:
        where, cols = "is_group", []
    stmt = _insert(session)(Score).values(
        gathering_id=gathering_id, municipality_id=municipality_id, value_area_id=value_area_id,
        kind=ScoreKind(kind).value, member_id=member_id, guest_key=guest_key, is_group=is_group,
        value=value, entered_by_id=actor.user_id if is_staff(actor) else None,
        updated_at=utcnow())
    stmt = stmt.on_conflict_do_update(
        index_elements=["gathering_id", "municipality_id", "value_area_id", "kind", *cols],
        index_where=sql(where),
        set_={"value": stmt.excluded.value, "updated_at": stmt.excluded.updated_at,
              "entered_by_id": stmt.excluded.entered_by_id})
    session.exec(stmt)  # type: ignore[call-overload]
    score_cells.refresh(session, [(gathering_id, municipality_id, value_area_id,
                                   ScoreKind(kind).value)])
    changed(session, gathering_id=gathering_id)
    audit.record(session, actor=actor, action="score.save", entity="score",
                 detail={"gathering": gathering_id, "area": value_area_id, "kind": str(kind),
                         "member": member_id, "group": is_group, "value": value})


def clear_agreed_score(*, session: Session, actor: Actor, gathering_id: int,
                       municipality_id: int, value_area_id: int, kind: ScoreKind) -> None:
    """Forget the agreed value so the group value falls back to the members' median."""
    check_write(actor, municipality_id, gathering_id, session=session)
    g = check_gathering(session, gathering_id, municipality_id)
    check_writable(session, g.programme_id)
    phases.check_input_open(actor, g, Phase.SCORING)
    scorers.check_scorer(session, actor, g, municipality_id, member_id=None, guest_key=None,
                         is_group=True)
    session.exec(delete(Score).where(  # type: ignore[call-overload]
        Score.gathering_id == gathering_id, Score.municipality_id == municipality_id,
        Score.value_area_id == value_area_id, Score.kind == ScoreKind(kind), col(Score.is_group)))
    score_cells.refresh(session, [(gathering_id, municipality_id, value_area_id,
                                   ScoreKind(kind).value)])
    changed(session, gathering_id=gathering_id)
    audit.record(session, actor=actor, action="score.clear_agreed", entity="score",
                 detail={"gathering": gathering_id, "area": value_area_id, "kind": str(kind)})


def _check_member(session: Session, member_id: int, programme_id: int, municipality_id: int):
    if not membership.in_group(session, member_id, programme_id, municipality_id):
        raise PermissionDenied()


@dataclass
class AreaScores:
    """One value area's scores in a gathering: members', the spread, and the agreed value."""

    value_area_id: int
    label: str
    levels: dict[str, str]
    description: str = ""
    members: dict[ScoreKind, dict[int, int | None]] = field(default_factory=dict)
    guests: dict[ScoreKind, dict[str, int | None]] = field(default_factory=dict)
    agreed: dict[ScoreKind, int | None] = field(default_factory=dict)
    agreed_set: dict[ScoreKind, bool] = field(default_factory=dict)
    # The room's scores («Deltakere i rommet», the guests dict) count in the median only when
    # the facilitator turned that on for the gathering (Gathering.room_scores_counted).
    room_counted: bool = False
    # Members' scores staff entered on the group's behalf, by kind: marked on the screen.
    by_staff: dict[ScoreKind, set[int]] = field(default_factory=dict)
    agreed_by_staff: dict[ScoreKind, bool] = field(default_factory=dict)

    def individual(self, kind: ScoreKind) -> list[int | None]:
        """The scores the group value's median is taken over."""
        room = self.room(kind) if self.room_counted else []
        return [*self.members.get(kind, {}).values(), *room]

    def room(self, kind: ScoreKind) -> list[int | None]:
        return list(self.guests.get(kind, {}).values())

    def room_median(self, kind: ScoreKind) -> float | None:
        return median(self.room(kind))

    def median(self, kind: ScoreKind) -> float | None:
        return median(self.individual(kind))

    def spread(self, kind: ScoreKind) -> tuple[float, float] | None:
        return spread(self.individual(kind))

    def value(self, kind: ScoreKind) -> float | None:
        """The group's value: the agreed one when set, else the members' median."""
        return group_value(self.individual(kind), agreed_set=self.agreed_set.get(kind, False),
                           agreed=self.agreed.get(kind))


def score_sheet(*, session: Session, actor: Actor, gathering_id: int, municipality_id: int,
                lang: str = "nb") -> list[AreaScores]:
    """Every active value area with all scores given in this gathering."""
    check_read(actor, municipality_id, gathering_id, session=session)
    g = check_gathering(session, gathering_id, municipality_id)
    areas = catalogue.value_areas(session=session, programme_id=g.programme_id)
    sheet = {a.id: AreaScores(value_area_id=a.id, label=localized(a.names, lang),
                              levels={k: localized(v, lang) for k, v in a.level_texts.items()},
                              description=localized(a.descriptions, lang)
                              if a.descriptions else "", room_counted=g.room_scores_counted)
             for a in areas}
    for s in session.exec(select(Score).where(Score.gathering_id == gathering_id,
                                              Score.municipality_id == municipality_id)).all():
        area = sheet.get(s.value_area_id)
        if area is None:  # a retired axis: kept in the database, not on today's sheet
            continue
        kind = ScoreKind(s.kind)
        if s.is_group:
            area.agreed[kind], area.agreed_set[kind] = s.value, True
            area.agreed_by_staff[kind] = s.entered_by_id is not None
        elif s.member_id is not None:
            area.members.setdefault(kind, {})[s.member_id] = s.value
            if s.entered_by_id is not None:
                area.by_staff.setdefault(kind, set()).add(s.member_id)
        elif s.guest_key:
            area.guests.setdefault(kind, {})[s.guest_key] = s.value
    return list(sheet.values())


def gaps_from(sheet: list[AreaScores]) -> list[AreaGap]:
    """The radar's axes from a score sheet."""
    return [AreaGap(value_area_id=a.value_area_id, label=a.label,
                    desired=a.value(ScoreKind.DESIRED), current=a.value(ScoreKind.CURRENT))
            for a in sheet]


def previous_gathering(*, session: Session, actor: Actor, gathering_id: int,
                       municipality_id: int) -> Gathering | None:
    """The latest earlier gathering in which this group has scores."""
    g = check_gathering(session, gathering_id, municipality_id)
    # Scoped by the gathering's programme, not by the gathering: a participant's own gathering
    # does not open the group's earlier ones.
    check_read(actor, municipality_id, session=session, programme_id=g.programme_id)
    return session.exec(
        select(Gathering).join(Score, Score.gathering_id == Gathering.id)
        .where(Score.municipality_id == municipality_id, Gathering.programme_id == g.programme_id,
               Gathering.id != g.id,
               (Gathering.held_on < g.held_on) | ((Gathering.held_on == g.held_on)
                                                  & (Gathering.id < g.id)))
        .order_by(col(Gathering.held_on).desc(), col(Gathering.id).desc())).first()


@dataclass(frozen=True)
class RadarData:
    gaps: list[AreaGap]
    band: list[tuple[float, float] | None]
    previous: list[float | None]
    previous_title: str | None


def radar_data(*, session: Session, actor: Actor, gathering_id: int, municipality_id: int,
               lang: str = "nb") -> RadarData:
    """Everything the workshop radar draws: gaps, members' spread of current, previous current."""
    sheet = score_sheet(session=session, actor=actor, gathering_id=gathering_id,
                        municipality_id=municipality_id, lang=lang)
    # A participant joined by code sees only this gathering, so no earlier line for them.
    prev = None if actor.gathering_id is not None else previous_gathering(
        session=session, actor=actor, gathering_id=gathering_id, municipality_id=municipality_id)
    before: dict[int, float | None] = {}
    if prev is not None:
        before = {g.value_area_id: g.current for g in gaps_from(score_sheet(
            session=session, actor=actor, gathering_id=prev.id,
            municipality_id=municipality_id, lang=lang))}
    return RadarData(gaps=gaps_from(sheet), band=[a.spread(ScoreKind.CURRENT) for a in sheet],
                     previous=[before.get(a.value_area_id) for a in sheet],
                     previous_title=prev.title if prev else None)
