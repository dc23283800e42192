"""Reading a programme: its framework, participants and gatherings (members: group.membership)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from sqlalchemy import exists
from sqlmodel import Session, col, func, or_, select

from kultur3.access.permissions import Actor
from kultur3.core import clock
from kultur3.core.errors import NotFound, PermissionDenied
from kultur3.models import (
    MUNICIPAL_ROLES,
    PROGRAMME_ROLES,
    FocusArea,
    Gathering,
    GatheringMunicipality,
    Municipality,
    Participation,
    Programme,
    ProgrammeAccess,
    ProgrammeStatus,
    Question,
    Role,
    ValueArea,
)
from kultur3.programme.templates import localized


@dataclass(frozen=True)
class ProgrammeInfo:
    id: int
    name: str
    is_demo: bool
    slug: str = ""
    status: str = ProgrammeStatus.ACTIVE.value
    description: str = ""
    starts_on: date | None = None
    ends_on: date | None = None

    @property
    def read_only(self) -> bool:
        """An archived programme is read-only everywhere."""
        return self.status == ProgrammeStatus.ARCHIVED.value


def _info(p: Programme) -> ProgrammeInfo:
    return ProgrammeInfo(id=p.id, name=p.name, is_demo=p.is_demo, slug=p.slug,
                         status=str(p.status), description=p.description,
                         starts_on=p.starts_on, ends_on=p.ends_on)


@dataclass(frozen=True)
class GatheringInfo:
    id: int
    title: str
    kind: str
    held_on: date
    status: str
    municipality_id: int | None
    is_digital: bool
    # Planning (issue 23): what reminders, calendar feeds and the group's home show.
    starts_at: time | None = None
    ends_at: time | None = None
    place: str = ""
    video_link: str = ""
    prep_task: str = ""
    cancelled: bool = False
    schedule_version: int = 1


def default_gathering(gatherings: list[GatheringInfo], today: date | None = None
                      ) -> GatheringInfo | None:
    """The gathering a picker starts on: the running one, else the last one held (not one
    planned for later), else the first planned; a cancelled one only when all are.
    `gatherings` in date order."""
    today = today or clock.today()
    gatherings = [g for g in gatherings if not g.cancelled] or gatherings
    running = [g for g in gatherings if g.status == "active"]
    if running:
        return running[-1]
    held = [g for g in gatherings if g.held_on <= today]
    if held:
        return held[-1]
    return gatherings[0] if gatherings else None


def list_programmes(*, session: Session) -> list[ProgrammeInfo]:
    """Every programme, newest first (the operator's and the administrator's list)."""
    rows = session.exec(select(Programme).order_by(col(Programme.id).desc())).all()
    return [_info(p) for p in rows]


def participant_counts(*, session: Session) -> dict[int, int]:
    """How many municipalities each programme has enrolled."""
    rows = session.exec(select(Participation.programme_id, func.count())
                        .group_by(Participation.programme_id)).all()
    return dict(rows)


def _visible(actor: Actor):
    """The programmes an actor takes part in, as a statement (see visible_programmes)."""
    stmt = select(Programme)
    if actor.role in PROGRAMME_ROLES:
        stmt = stmt.join(ProgrammeAccess, ProgrammeAccess.programme_id == Programme.id).where(
            ProgrammeAccess.user_id == actor.user_id)
    elif actor.role in MUNICIPAL_ROLES:
        stmt = stmt.join(Participation, Participation.programme_id == Programme.id).where(
            Participation.municipality_id == actor.municipality_id)
    elif actor.role in (Role.PARTICIPANT, Role.VIEWER):
        stmt = stmt.join(Gathering, Gathering.programme_id == Programme.id).where(
            Gathering.id == actor.gathering_id)
    return stmt


def visible_programmes(*, session: Session, actor: Actor, include_archived: bool = False
                       ) -> list[ProgrammeInfo]:
    """The programmes a person takes part in, newest first: every one for an administrator,
    those granted to a facilitator or leader, those its municipality is enrolled in for a
    group, the gathering's own for a participant or a view link. Archived ones only when
    asked (they leave the pickers)."""
    stmt = _visible(actor)
    if not include_archived:
        stmt = stmt.where(Programme.status != ProgrammeStatus.ARCHIVED)
    return [_info(p) for p in session.exec(stmt.order_by(col(Programme.id).desc())).all()]


def check_programme(*, session: Session, actor: Actor, programme_id: int) -> None:
    """PermissionDenied unless the actor takes part in the programme (one small query)."""
    if session.exec(_visible(actor).where(Programme.id == programme_id)).first() is None:
        raise PermissionDenied()


@dataclass(frozen=True)
class AreaRow:
    """A value area as read (a read model: safe to cache, never written back)."""

    id: int
    programme_id: int
    key: str
    position: int
    names: dict
    descriptions: dict
    level_texts: dict
    retired: bool
    survey_statements: dict = field(default_factory=dict)  # {lang: statement} (issue 24)


@dataclass(frozen=True)
class QuestionRow:
    """A question as read (a read model: safe to cache, never written back)."""

    id: int
    programme_id: int
    number: int
    texts: dict
    help_texts: dict


def value_areas(*, session: Session, programme_id: int, include_retired: bool = False
                ) -> list[AreaRow]:
    """The programme's value areas in radar order."""
    stmt = select(ValueArea).where(ValueArea.programme_id == programme_id)
    if not include_retired:
        stmt = stmt.where(col(ValueArea.retired).is_(False))
    return [AreaRow(id=a.id, programme_id=a.programme_id, key=a.key, position=a.position,
                    names=dict(a.names), descriptions=dict(a.descriptions),
                    level_texts=dict(a.level_texts), retired=a.retired,
                    survey_statements=dict(a.survey_statements))
            for a in session.exec(stmt.order_by(ValueArea.position, ValueArea.id)).all()]


def questions(*, session: Session, programme_id: int) -> list[QuestionRow]:
    """The programme's questions in order."""
    return [QuestionRow(id=q.id, programme_id=q.programme_id, number=q.number,
                        texts=dict(q.texts), help_texts=dict(q.help_texts))
            for q in session.exec(select(Question).where(Question.programme_id == programme_id)
                                  .order_by(Question.number)).all()]


def focus_areas(*, session: Session, programme_id: int, lang: str = "nb") -> dict[str, str]:
    """{key: name} of the programme's focus areas, in order."""
    rows = session.exec(select(FocusArea).where(FocusArea.programme_id == programme_id)
                        .order_by(FocusArea.position, FocusArea.id)).all()
    return {f.key: localized(f.names, lang) for f in rows}


def gatherings_for(*, session: Session, programme_id: int, municipality_id: int | None = None
                   ) -> list[GatheringInfo]:
    """Gatherings of a programme, oldest first; with a municipality, the ones it takes part in
    (its own local ones, and joint ones run for every municipality or chosen for it)."""
    stmt = select(Gathering).where(Gathering.programme_id == programme_id)
    if municipality_id is not None:
        gm = GatheringMunicipality
        stmt = stmt.where(
            or_(col(Gathering.municipality_id).is_(None),
                Gathering.municipality_id == municipality_id),
            or_(~exists().where(gm.gathering_id == Gathering.id),
                exists().where(gm.gathering_id == Gathering.id,
                               gm.municipality_id == municipality_id)))
    rows = session.exec(stmt.order_by(Gathering.held_on, Gathering.id)).all()
    return [GatheringInfo(id=g.id, title=g.title, kind=str(g.kind), held_on=g.held_on,
                          status=str(g.status), municipality_id=g.municipality_id,
                          is_digital=g.is_digital, starts_at=g.starts_at, ends_at=g.ends_at,
                          place=g.place, video_link=g.video_link, prep_task=g.prep_task,
                          cancelled=g.cancelled_at is not None,
                          schedule_version=g.schedule_version) for g in rows]


@dataclass(frozen=True)
class Participant:
    municipality_id: int
    number: str
    name: str
    county: str
    focus_area: str
    focus_key: str | None = None
    focus_text: str = ""


def participants(*, session: Session, programme_id: int, lang: str = "nb") -> list[Participant]:
    """The municipalities in a programme with their focus area, by name."""
    # Columns, not whole rows: a participation carries the group's project texts, and loading
    # 357 of them as ORM objects took 46 ms of the leaders' overview (bench/pages.py).
    rows = session.exec(
        select(Municipality.id, Municipality.number, Municipality.name, Municipality.county,
               Participation.focus_area_text, FocusArea.key, FocusArea.names)
        .join(Municipality, Municipality.id == Participation.municipality_id)
        .join(FocusArea, FocusArea.id == Participation.focus_area_id, isouter=True)
        .where(Participation.programme_id == programme_id)
        .order_by(Municipality.name)
    ).all()
    return [Participant(municipality_id=mid, number=number, name=name, county=county,
                        focus_area=text or (localized(names, lang) if key else ""),
                        focus_key=key, focus_text=text or "")
            for mid, number, name, county, text, key, names in rows]


def municipality_name(*, session: Session, municipality_id: int) -> str:
    """A municipality's name (public: the national list)."""
    return municipality(session=session, municipality_id=municipality_id).name


def municipality(*, session: Session, municipality_id: int) -> Municipality:
    """One municipality; NotFound when it does not exist."""
    m = session.get(Municipality, municipality_id)
    if m is None:
        raise NotFound()
    return m


@dataclass(frozen=True)
class QuestionView:
    id: int
    number: int
    text: str
    help: str


@dataclass(frozen=True)
class AreaView:
    id: int
    key: str
    label: str
    levels: dict
    description: str = ""


@dataclass(frozen=True)
class Framework:
    questions: list[QuestionView]
    areas: list[AreaView]

    def question(self, number: int) -> QuestionView | None:
        return next((q for q in self.questions if q.number == number), None)


def framework_view(*, session: Session, programme_id: int, lang: str = "nb") -> Framework:
    """The programme's questions and active value areas as plain values in one language."""
    return Framework(
        questions=[QuestionView(id=q.id, number=q.number, text=localized(q.texts, lang),
                                help=localized(q.help_texts, lang))
                   for q in questions(session=session, programme_id=programme_id)],
        areas=[AreaView(id=a.id, key=a.key, label=localized(a.names, lang),
                        levels={k: localized(v, lang) for k, v in a.level_texts.items()},
                        description=localized(a.descriptions, lang) if a.descriptions else "")
               for a in value_areas(session=session, programme_id=programme_id)])
