"""What every screen of a live gathering reads: its settings, the two counters screens
check when they wake (kultur3/store/changes.py), and which municipalities it is run for."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from kultur3.access.permissions import Actor, can_write_municipality, is_staff
from kultur3.core.errors import NotFound, PermissionDenied
from kultur3.group import workspace
from kultur3.models import (
    MUNICIPAL_ROLES,
    Gathering,
    GatheringMunicipality,
    Municipality,
    Participation,
    Phase,
    Role,
)
from kultur3.programme import catalogue, phases
from kultur3.store import versions
from kultur3.store.changes import live_name

QUESTION_PHASES = {Phase.Q1: 1, Phase.Q2: 2, Phase.Q3: 3, Phase.Q4: 4}
RADAR_PHASES = (Phase.SCORING, Phase.Q4, Phase.SUMMARY, Phase.RESCORE, Phase.PRESENT)

@dataclass(frozen=True)
class LiveState:
    """What every screen of a live gathering shows. The timer's raw fields are kept so each
    screen computes the time left from the server clock at the moment it draws."""

    gathering_id: int
    programme_id: int
    title: str
    status: str
    phase: Phase
    phase_version: int
    locked_phases: tuple[str, ...]
    revealed_phases: tuple[str, ...]
    anonymous: bool
    spotlight_municipality_id: int | None
    code_joining: bool
    join_code: str | None
    dots_per_person: int
    timer_running: bool
    timer_ends_ms: int | None
    timer_remaining_s: int | None
    view_token: str | None = None  # staff only
    agenda: tuple[Phase, ...] = phases.PHASES
    kind: str = "fellessamling"
    municipality_id: int | None = None  # a local gathering's or leader day's municipality
    room_code_open: bool = True
    spotlight_answer_id: int | None = None
    room_scores_counted: bool = False  # «Deltakere i rommet» count in the groups' values

    @property
    def input_open(self) -> bool:
        return self.phase.value not in self.locked_phases

    @property
    def revealed(self) -> bool:
        return self.phase.value in self.revealed_phases

    def timer(self, now: int | None = None) -> phases.TimerState:
        return phases.timer_from(self.timer_running, self.timer_ends_ms,
                                 self.timer_remaining_s, now)


def input_locked(actor: Actor, state: LiveState, municipality_id: int) -> bool:
    """Whether the group screen disables its inputs for this actor and municipality: exactly
    when the services would refuse the write, by the role half of a write
    (permissions.can_write_municipality: the leadership follows and writes nothing) and the
    live write lock (phases.input_refusal), in the room's current phase."""
    return (not can_write_municipality(actor, municipality_id, state.gathering_id)
            or phases.input_refusal(actor, state, state.phase) is not None)


def check_staff_programme(session: Session, actor: Actor, programme_id: int) -> None:
    """A facilitator runs only the gatherings of programmes it takes part in (an admin every
    one, without a query)."""
    if actor.role != Role.ADMIN:
        catalogue.check_programme(session=session, actor=actor, programme_id=programme_id)


def _gathering(session: Session, gathering_id: int) -> Gathering:
    g = session.get(Gathering, gathering_id)
    if g is None:
        raise NotFound()
    return g


def check_live_read(session: Session, actor: Actor, gathering_id: int) -> Gathering:
    """Staff see every gathering of their programmes; a viewer or participant only its own; a
    group a gathering it takes part in. Leaders follow the dashboard, not the room."""
    g = _gathering(session, gathering_id)
    if is_staff(actor):
        check_staff_programme(session, actor, g.programme_id)
        return g
    if actor.role in (Role.VIEWER, Role.PARTICIPANT):
        if actor.gathering_id != gathering_id:
            raise PermissionDenied()
        return g
    if actor.role in MUNICIPAL_ROLES and actor.municipality_id is not None:
        workspace.check_gathering(session, gathering_id, actor.municipality_id)
        return g
    raise PermissionDenied()


def _state(g: Gathering, *, staff: bool) -> LiveState:
    return LiveState(
        gathering_id=g.id, programme_id=g.programme_id, title=g.title, status=str(g.status),
        phase=Phase(g.phase), phase_version=g.phase_version,
        locked_phases=tuple(g.locked_phases or []), revealed_phases=tuple(g.revealed_phases or []),
        anonymous=g.anonymous, spotlight_municipality_id=g.spotlight_municipality_id,
        code_joining=g.code_joining, join_code=g.join_code, dots_per_person=g.dots_per_person,
        timer_running=g.timer_running, timer_ends_ms=g.timer_ends_ms,
        timer_remaining_s=g.timer_remaining_s, view_token=g.view_token if staff else None,
        agenda=phases.agenda_of(g), kind=str(g.kind), municipality_id=g.municipality_id,
        room_code_open=g.room_code_open, spotlight_answer_id=g.spotlight_answer_id,
        room_scores_counted=g.room_scores_counted)


def live_state(*, session: Session, actor: Actor, gathering_id: int) -> LiveState:
    """The gathering's live settings, for any screen allowed to follow it."""
    g = check_live_read(session, actor, gathering_id)
    return _state(g, staff=is_staff(actor))


def phase_version(*, session: Session, gathering_id: int) -> int:
    """One cheap query a group screen makes when it wakes: did the facilitator change anything?"""
    value = session.exec(select(Gathering.phase_version).where(Gathering.id == gathering_id)
                         ).first()
    return value or 0


def live_version(*, session: Session, gathering_id: int) -> int:
    """One cheap query the projector makes when it wakes: did anything in the room change?"""
    return versions.current(session, live_name(gathering_id))


def gathering_municipalities(*, session: Session, gathering_id: int) -> list[tuple[int, str]]:
    """(id, name) of the municipalities a gathering is run for, by name: the chosen ones, or
    every participant of the programme (only its own for a local gathering)."""
    g = _gathering(session, gathering_id)
    stmt = (select(Municipality.id, Municipality.name)
            .join(Participation, Participation.municipality_id == Municipality.id)
            .where(Participation.programme_id == g.programme_id))
    chosen = session.exec(select(GatheringMunicipality.municipality_id).where(
        GatheringMunicipality.gathering_id == gathering_id)).all()
    if g.municipality_id is not None:
        stmt = stmt.where(Municipality.id == g.municipality_id)
    elif chosen:
        stmt = stmt.where(col(Municipality.id).in_(chosen))
    return [(mid, name) for mid, name in session.exec(stmt.order_by(Municipality.name)).all()]
