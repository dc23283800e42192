"""A live gathering: the facilitator console, joining by code, dot-voting and the projector.

The console's writes bump two counters in the same transaction: the gathering's
phase_version (group screens follow it) and its live counter (the projector follows it, and
every submission bumps it too). Screens poll one number and re-read only when it moved.
"""

from __future__ import annotations

import secrets
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import delete, func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from kultur3 import audit, phases, programmes, versions, workspace
from kultur3.archive_guard import check_writable
from kultur3.errors import InvalidInput, NotFound, PermissionDenied
from kultur3.framework import localized
from kultur3.i18n import t
from kultur3.models import (
    MUNICIPAL_ROLES,
    Action,
    ActionStatus,
    ActionValueArea,
    Answer,
    Gathering,
    GatheringMunicipality,
    GatheringStatus,
    Member,
    Municipality,
    Participant,
    Participation,
    Phase,
    Question,
    Role,
    Score,
    ScoreKind,
    Vote,
)
from kultur3.permissions import Actor, check_read, check_role, check_write
from kultur3.scoring import AreaGap, median

REASON_MAX = 300
VOTE_KINDS = ("action", "area")
QUESTION_PHASES = {Phase.Q1: 1, Phase.Q2: 2, Phase.Q3: 3, Phase.Q4: 4}
RADAR_PHASES = (Phase.SCORING, Phase.Q4, Phase.SUMMARY, Phase.RESCORE, Phase.PRESENT)


# --- Reading the state ------------------------------------------------------------------------


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

    @property
    def input_open(self) -> bool:
        return self.phase.value not in self.locked_phases

    @property
    def revealed(self) -> bool:
        return self.phase.value in self.revealed_phases

    def timer(self, now: int | None = None) -> phases.TimerState:
        return phases.timer_from(self.timer_running, self.timer_ends_ms,
                                 self.timer_remaining_s, now)


def _is_staff(actor: Actor) -> bool:
    return actor.role in (Role.ADMIN, Role.FACILITATOR)


def _gathering(session: Session, gathering_id: int) -> Gathering:
    g = session.get(Gathering, gathering_id)
    if g is None:
        raise NotFound()
    return g


def check_live_read(session: Session, actor: Actor, gathering_id: int) -> Gathering:
    """Staff see every gathering; a viewer or participant only its own; a group a gathering
    it takes part in. Leaders follow the dashboard, not the room."""
    g = _gathering(session, gathering_id)
    if _is_staff(actor):
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
        room_code_open=g.room_code_open, spotlight_answer_id=g.spotlight_answer_id)


def live_state(*, session: Session, actor: Actor, gathering_id: int) -> LiveState:
    """The gathering's live settings, for any screen allowed to follow it."""
    g = check_live_read(session, actor, gathering_id)
    return _state(g, staff=_is_staff(actor))


def phase_version(*, session: Session, gathering_id: int) -> int:
    """One cheap query a group screen polls: did the facilitator change anything?"""
    value = session.exec(select(Gathering.phase_version).where(Gathering.id == gathering_id)
                         ).first()
    return value or 0


def live_version(*, session: Session, gathering_id: int) -> int:
    """One cheap query the projector polls: did anything in the room change?"""
    return versions.current(session, phases.live_counter(gathering_id))


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


# --- The console's writes ---------------------------------------------------------------------


def _changed(session: Session, actor: Actor, g: Gathering, action: str, detail: dict) -> None:
    """Store the console's change (phase_version was bumped when the row was taken) and bump
    the live counter in the same transaction."""
    session.add(g)
    session.flush()
    phases.touch(session, g.id)
    audit.record(session, actor=actor, action=f"live.{action}", entity="gathering",
                 entity_id=g.id, detail=detail)


def _staff_gathering(session: Session, actor: Actor, gathering_id: int) -> Gathering:
    """The gathering, taken for a console change: the atomic phase_version bump comes first,
    so it holds the row (PostgreSQL) or the write lock (SQLite) until commit, and the row is
    read after it. Two facilitators changing settings at once then apply one after the
    other instead of the later overwriting the earlier (the locked phases are one list)."""
    check_role(actor, Role.ADMIN, Role.FACILITATOR)
    bumped = session.exec(update(Gathering).where(  # type: ignore[call-overload]
        Gathering.id == gathering_id).values(phase_version=Gathering.phase_version + 1))
    if bumped.rowcount != 1:
        raise NotFound()
    g = session.exec(select(Gathering).where(Gathering.id == gathering_id)
                     .execution_options(populate_existing=True)).one()
    # Checked after the bump, inside the write transaction (a read first would start a
    # snapshot SQLite cannot upgrade); a refusal rolls the bump back.
    programmes.check_programme(session=session, actor=actor, programme_id=g.programme_id)
    check_writable(session, g.programme_id)
    return g


def set_phase(*, session: Session, actor: Actor, gathering_id: int, phase: str) -> None:
    """Move the whole room to a phase. A planned gathering becomes active on the first move."""
    g = _staff_gathering(session, actor, gathering_id)
    try:
        new = Phase(phase)
    except ValueError:
        raise InvalidInput(key="error.invalid_input") from None
    if new not in phases.agenda_of(g):
        raise InvalidInput(key="live.not_on_agenda")
    before = g.phase
    g.phase = new.value
    if g.status == GatheringStatus.PLANNED:
        g.status = GatheringStatus.ACTIVE
    _changed(session, actor, g, "phase", {"before": before, "after": new.value})


def set_agenda(*, session: Session, actor: Actor, gathering_id: int, agenda: list[str]) -> None:
    """Adjust this gathering's phases (add, remove, reorder); the console and the group
    screens follow. A room standing in a removed phase moves to the first one."""
    g = _staff_gathering(session, actor, gathering_id)
    clean = phases.check_agenda(list(agenda))
    before = list(phases.agenda_of(g))
    g.agenda = clean
    if g.phase not in clean:
        g.phase = clean[0]
    _changed(session, actor, g, "agenda", {"before": [p.value for p in before], "after": clean})


def set_input_open(*, session: Session, actor: Actor, gathering_id: int, phase: str,
                   is_open: bool) -> None:
    """Open or lock groups' input for one phase."""
    g = _staff_gathering(session, actor, gathering_id)
    phase = Phase(phase).value
    locked = [p for p in (g.locked_phases or []) if p != phase]
    g.locked_phases = locked if is_open else [*locked, phase]
    _changed(session, actor, g, "input", {"phase": phase, "open": is_open})


def set_revealed(*, session: Session, actor: Actor, gathering_id: int, phase: str,
                 revealed: bool) -> None:
    """Show a phase's results on the projector, or hide them again."""
    g = _staff_gathering(session, actor, gathering_id)
    phase = Phase(phase).value
    rest = [p for p in (g.revealed_phases or []) if p != phase]
    g.revealed_phases = [*rest, phase] if revealed else rest
    _changed(session, actor, g, "reveal", {"phase": phase, "revealed": revealed})


def set_anonymous(*, session: Session, actor: Actor, gathering_id: int, anonymous: bool) -> None:
    """Anonymous mode: the projector shows answers without municipality names."""
    g = _staff_gathering(session, actor, gathering_id)
    g.anonymous = bool(anonymous)
    if g.anonymous:
        g.spotlight_municipality_id = None  # a spotlight names a municipality
    _changed(session, actor, g, "anonymous", {"anonymous": g.anonymous})


def set_spotlight(*, session: Session, actor: Actor, gathering_id: int,
                  municipality_id: int | None) -> None:
    """Put one municipality on the big screen (None: the whole room again)."""
    g = _staff_gathering(session, actor, gathering_id)
    if municipality_id is not None:
        if g.anonymous:
            raise InvalidInput(key="live.spotlight_anonymous")
        if municipality_id not in {m for m, _ in gathering_municipalities(
                session=session, gathering_id=gathering_id)}:
            raise NotFound()
    g.spotlight_municipality_id = municipality_id
    _changed(session, actor, g, "spotlight", {"municipality": municipality_id})


def set_dots(*, session: Session, actor: Actor, gathering_id: int, dots: int) -> None:
    """How many dots each person may place when prioritising (1–10)."""
    g = _staff_gathering(session, actor, gathering_id)
    if not 1 <= int(dots) <= 10:
        raise InvalidInput(key="live.dots_range")
    g.dots_per_person = int(dots)
    _changed(session, actor, g, "dots", {"dots": g.dots_per_person})


def set_municipalities(*, session: Session, actor: Actor, gathering_id: int,
                       municipality_ids: list[int]) -> None:
    """Choose the municipalities a joint gathering is run for (empty: every participant)."""
    g = _staff_gathering(session, actor, gathering_id)
    if g.municipality_id is not None:
        raise InvalidInput(key="live.local_gathering")
    allowed = set(session.exec(select(Participation.municipality_id).where(
        Participation.programme_id == g.programme_id)).all())
    wanted = set(municipality_ids)
    if not wanted <= allowed:
        raise NotFound()
    session.exec(delete(GatheringMunicipality).where(  # type: ignore[call-overload]
        GatheringMunicipality.gathering_id == gathering_id))
    for mid in sorted(wanted):
        session.add(GatheringMunicipality(gathering_id=gathering_id, municipality_id=mid))
    _changed(session, actor, g, "municipalities", {"municipalities": sorted(wanted)})


def new_view_token(*, session: Session, actor: Actor, gathering_id: int) -> str:
    """A secret link for a projector that nobody logs in on; a new one revokes the old."""
    g = _staff_gathering(session, actor, gathering_id)
    g.view_token = secrets.token_urlsafe(24)
    _changed(session, actor, g, "view_token", {})
    return g.view_token


def timer(*, session: Session, actor: Actor, gathering_id: int, op: str, seconds: int = 0,
          now: int | None = None) -> None:
    """start (seconds), pause, resume, add (seconds) or reset: on the server's clock."""
    g = _staff_gathering(session, actor, gathering_id)
    now = phases.now_ms() if now is None else now
    if op == "start":
        phases.timer_start(g, seconds, now)
    elif op == "pause":
        phases.timer_pause(g, now)
    elif op == "resume":
        phases.timer_resume(g, now)
    elif op == "add":
        phases.timer_add(g, seconds, now)
    elif op == "reset":
        phases.timer_reset(g)
    else:
        raise InvalidInput(key="error.invalid_input")
    _changed(session, actor, g, "timer", {"op": op, "seconds": seconds})


# --- Moderation -------------------------------------------------------------------------------


def hide_answer(*, session: Session, actor: Actor, answer_id: int, reason: str) -> None:
    """Take an answer off the projector; the group keeps its text and the reason is kept."""
    check_role(actor, Role.ADMIN, Role.FACILITATOR)
    answer = session.get(Answer, answer_id)
    if answer is None:
        raise NotFound()
    reason = " ".join((reason or "").split())
    if not reason:
        raise InvalidInput(key="live.reason_needed")
    if len(reason) > REASON_MAX:
        raise InvalidInput(key="error.too_long", field="grunn", limit=REASON_MAX)
    session.exec(update(Answer).where(Answer.id == answer_id)  # type: ignore[call-overload]
                 .values(hidden=True, hidden_reason=reason))
    phases.touch(session, answer.gathering_id)
    audit.record(session, actor=actor, action="live.hide_answer", entity="answer",
                 entity_id=answer_id, detail={"reason": reason})


def restore_answer(*, session: Session, actor: Actor, answer_id: int) -> None:
    """Put a hidden answer back on the projector (the reason stays in the log)."""
    check_role(actor, Role.ADMIN, Role.FACILITATOR)
    answer = session.get(Answer, answer_id)
    if answer is None:
        raise NotFound()
    session.exec(update(Answer).where(Answer.id == answer_id)  # type: ignore[call-overload]
                 .values(hidden=False))
    phases.touch(session, answer.gathering_id)
    audit.record(session, actor=actor, action="live.restore_answer", entity="answer",
                 entity_id=answer_id, detail={"reason": answer.hidden_reason})


# --- Joining by code --------------------------------------------------------------------------


def participant_actor(session: Session, key: str | None) -> Actor | None:
    """The actor for a participant's key, while code-joining is on and the gathering open."""
    if not key or len(key) > 64:
        return None
    row = session.exec(select(Participant, Gathering, Municipality)
                       .join(Gathering, Gathering.id == Participant.gathering_id)
                       .join(Municipality, Municipality.id == Participant.municipality_id)
                       .where(Participant.key == key)).first()
    if row is None:
        return None
    p, g, m = row
    if not g.code_joining or g.status == GatheringStatus.CLOSED:
        return None
    return Actor(user_id=None, username=f"deltaker-{p.id}", display_name=m.name,
                 role=Role.PARTICIPANT, municipality_id=m.id, gathering_id=g.id,
                 participant_id=p.id)


def viewer_actor(session: Session, token: str | None) -> Actor | None:
    """The read-only actor of a projector opened by its secret view link."""
    if not token or len(token) > 64:
        return None
    g = session.exec(select(Gathering).where(Gathering.view_token == token)).first()
    if g is None:
        return None
    return Actor(user_id=None, username=f"storskjerm-{g.id}", display_name=g.title,
                 role=Role.VIEWER, gathering_id=g.id)


# --- Dot-voting -------------------------------------------------------------------------------


@dataclass(frozen=True)
class VoteTarget:
    kind: str  # "action" or "area"
    target_id: int
    label: str


def voter_key_for(actor: Actor, chosen: str) -> str:
    """Whose dots these are: a participant is always itself; a group device names a member
    ("m<id>") or its own guest key ("g<hex>")."""
    if actor.role == Role.PARTICIPANT:
        return f"p{actor.participant_id}"
    if not chosen or len(chosen) > 40 or chosen[0] not in "mg":
        raise InvalidInput(key="live.pick_voter")
    return chosen


def _check_voter(session: Session, g: Gathering, municipality_id: int, voter_key: str) -> None:
    if voter_key.startswith("m"):
        try:
            member_id = int(voter_key[1:])
        except ValueError:
            raise InvalidInput(key="live.pick_voter") from None
        ok = session.exec(select(Member.id).join(Participation).where(
            Member.id == member_id, Participation.programme_id == g.programme_id,
            Participation.municipality_id == municipality_id)).first()
        if ok is None:
            raise PermissionDenied()


def vote_targets(*, session: Session, actor: Actor, gathering_id: int, municipality_id: int,
                 lang: str = "nb") -> list[VoteTarget]:
    """What a group prioritises: its actions from this gathering and its gaps by value area."""
    check_read(actor, municipality_id, gathering_id)
    g = workspace.check_gathering(session, gathering_id, municipality_id)
    acts = session.exec(select(Action.id, Action.title).where(
        Action.municipality_id == municipality_id, Action.source_gathering_id == gathering_id)
        .order_by(Action.id)).all()
    areas = programmes.value_areas(session=session, programme_id=g.programme_id)
    return ([VoteTarget("action", aid, title) for aid, title in acts]
            + [VoteTarget("area", a.id, localized(a.names, lang)) for a in areas])


def _check_target(session: Session, g: Gathering, municipality_id: int, kind: str,
                  target_id: int) -> None:
    if kind == "action":
        a = session.get(Action, target_id)
        if a is None or a.municipality_id != municipality_id or a.source_gathering_id != g.id:
            raise NotFound()
    elif kind == "area":
        if target_id not in {a.id for a in programmes.value_areas(
                session=session, programme_id=g.programme_id)}:
            raise NotFound()
    else:
        raise InvalidInput(key="error.invalid_input")


def my_dots(*, session: Session, actor: Actor, gathering_id: int, municipality_id: int,
            voter_key: str) -> dict[tuple[str, int], int]:
    """The dots one voter has placed, by target."""
    check_read(actor, municipality_id, gathering_id)
    voter_key = voter_key_for(actor, voter_key)
    rows = session.exec(select(Vote.target_kind, Vote.target_id).where(
        Vote.gathering_id == gathering_id, Vote.voter_key == voter_key,
        Vote.municipality_id == municipality_id)).all()
    return dict(Counter((kind, tid) for kind, tid in rows))


def add_dot(*, session: Session, actor: Actor, gathering_id: int, municipality_id: int,
            voter_key: str, kind: str, target_id: int) -> None:
    """Place one dot. The voter's dots fill slots 1..limit; the unique (gathering, voter,
    slot) makes a dot beyond the limit impossible, even when two clicks race."""
    check_write(actor, municipality_id, gathering_id)
    g = workspace.check_gathering(session, gathering_id, municipality_id)
    phases.check_input_open(actor, g, Phase.PRIORITISING)
    voter_key = voter_key_for(actor, voter_key)
    _check_voter(session, g, municipality_id, voter_key)
    _check_target(session, g, municipality_id, kind, target_id)
    used = set(session.exec(select(Vote.slot).where(Vote.gathering_id == gathering_id,
                                                    Vote.voter_key == voter_key)).all())
    free = [s for s in range(1, g.dots_per_person + 1) if s not in used]
    if not free:
        raise InvalidInput(key="live.no_dots_left", limit=g.dots_per_person)
    try:
        with session.begin_nested():
            session.add(Vote(gathering_id=gathering_id, municipality_id=municipality_id,
                             voter_key=voter_key, slot=free[0], target_kind=kind,
                             target_id=target_id))
    except IntegrityError:  # the same voter's other click took the slot first
        raise InvalidInput(key="live.vote_race") from None
    phases.touch(session, gathering_id)
    audit.record(session, actor=actor, action="live.vote", entity=kind, entity_id=target_id,
                 detail={"gathering": gathering_id, "voter": voter_key})


def remove_dot(*, session: Session, actor: Actor, gathering_id: int, municipality_id: int,
               voter_key: str, kind: str, target_id: int) -> None:
    """Take back one of the voter's dots from a target."""
    check_write(actor, municipality_id, gathering_id)
    g = workspace.check_gathering(session, gathering_id, municipality_id)
    phases.check_input_open(actor, g, Phase.PRIORITISING)
    voter_key = voter_key_for(actor, voter_key)
    slot = session.exec(select(Vote.id).where(
        Vote.gathering_id == gathering_id, Vote.voter_key == voter_key,
        Vote.municipality_id == municipality_id, Vote.target_kind == kind,
        Vote.target_id == target_id).order_by(col(Vote.slot).desc())).first()
    if slot is None:
        return
    session.exec(delete(Vote).where(Vote.id == slot))  # type: ignore[call-overload]
    phases.touch(session, gathering_id)
    audit.record(session, actor=actor, action="live.unvote", entity=kind, entity_id=target_id,
                 detail={"gathering": gathering_id, "voter": voter_key})


# --- What the room has done: the projector and the console ------------------------------------


@dataclass(frozen=True)
class WallCard:
    answer_id: int
    municipality: str | None  # None in anonymous mode
    area: str | None
    text: str
    hidden: bool = False
    hidden_reason: str = ""


@dataclass(frozen=True)
class VoteResult:
    label: str
    municipality: str | None
    dots: int


@dataclass
class RoomView:
    """Everything the projector (and the console's live panel) draws for the current phase."""

    state: LiveState
    question_number: int | None
    question: str
    question_help: str
    total: int
    answered: list[str]
    waiting: list[str]
    wall: list[WallCard] = field(default_factory=list)
    radar: list[AreaGap] = field(default_factory=list)
    band: list[tuple[float, float] | None] = field(default_factory=list)
    radar_title: str = ""
    radar_groups: int = 0
    votes: list[VoteResult] = field(default_factory=list)
    area_votes: list[VoteResult] = field(default_factory=list)
    version: int = 0


def _group_values(session: Session, gathering_id: int) -> dict[tuple[int, int, str], float]:
    """Every municipality's value per (municipality, area, kind): the agreed score when set,
    else the members' median (the workspace's rule), from one query."""
    individual: dict[tuple[int, int, str], list[int | None]] = defaultdict(list)
    agreed: dict[tuple[int, int, str], int | None] = {}
    for mid, area, kind, value, is_group in session.exec(select(
            Score.municipality_id, Score.value_area_id, Score.kind, Score.value, Score.is_group)
            .where(Score.gathering_id == gathering_id)).all():
        key = (mid, area, str(ScoreKind(kind)))
        if is_group:
            agreed[key] = value
        else:
            individual[key].append(value)
    out: dict[tuple[int, int, str], float] = {}
    for key in {*individual, *agreed}:
        value = agreed[key] if key in agreed else median(individual[key])
        if value is not None:
            out[key] = float(value)
    return out


def _quartiles(values: list[float]) -> tuple[float, float] | None:
    if not values:
        return None
    if len(values) == 1:
        return (values[0], values[0])
    q = statistics.quantiles(values, n=4, method="inclusive")
    return (q[0], q[2])


def _radar(session: Session, g: Gathering, names: dict[int, str], lang: str,
           spotlight: int | None):
    areas = programmes.value_areas(session=session, programme_id=g.programme_id)
    values = _group_values(session, g.id)
    if spotlight is not None:
        gaps = [AreaGap(a.id, localized(a.names, lang),
                        values.get((spotlight, a.id, "desired")),
                        values.get((spotlight, a.id, "current"))) for a in areas]
        return gaps, [None] * len(areas), 1
    gaps, band = [], []
    scored = {mid for mid, _, _ in values if mid in names}
    for a in areas:
        desired = [v for (mid, area, kind), v in values.items()
                   if area == a.id and kind == "desired" and mid in names]
        current = [v for (mid, area, kind), v in values.items()
                   if area == a.id and kind == "current" and mid in names]
        gaps.append(AreaGap(a.id, localized(a.names, lang), median(desired), median(current)))
        band.append(_quartiles(current))
    return gaps, band, len(scored)


def room_view(*, session: Session, actor: Actor, gathering_id: int, lang: str = "nb",
              include_hidden: bool = False) -> RoomView:
    """The current phase of the room, for the projector (hidden answers left out, nothing
    shown before it is revealed) or, with include_hidden, for the facilitator's console."""
    g = check_live_read(session, actor, gathering_id)
    if actor.role not in (Role.ADMIN, Role.FACILITATOR, Role.VIEWER):
        raise PermissionDenied()
    staff = _is_staff(actor)
    include_hidden = include_hidden and staff
    state = _state(g, staff=staff)
    munis = gathering_municipalities(session=session, gathering_id=gathering_id)
    names = dict(munis)
    show_names = not g.anonymous or include_hidden
    phase = state.phase
    number = QUESTION_PHASES.get(phase)
    question = session.exec(select(Question).where(
        Question.programme_id == g.programme_id, Question.number == number)).first() \
        if number else None
    view = RoomView(state=state, question_number=number,
                    question=localized(question.texts, lang) if question else "",
                    question_help=localized(question.help_texts, lang) if question else "",
                    total=len(munis), answered=[], waiting=[],
                    version=live_version(session=session, gathering_id=gathering_id))
    done: set[int] = set()
    if question is not None:
        rows = session.exec(select(Answer).where(
            Answer.gathering_id == gathering_id, Answer.question_id == question.id,
            func.length(Answer.text) > 0).order_by(Answer.created_at, Answer.id)).all()
        area_names = {a.id: localized(a.names, lang) for a in programmes.value_areas(
            session=session, programme_id=g.programme_id, include_retired=True)}
        done = {a.municipality_id for a in rows if a.municipality_id in names}
        if state.revealed or include_hidden:
            view.wall = [WallCard(answer_id=a.id,
                                  municipality=names[a.municipality_id] if show_names else None,
                                  area=area_names.get(a.value_area_id), text=a.text,
                                  hidden=a.hidden, hidden_reason=a.hidden_reason)
                         for a in rows if a.municipality_id in names
                         and (include_hidden or not a.hidden)]
    if phase == Phase.SCORING:
        done = set(session.exec(select(Score.municipality_id).distinct().where(
            Score.gathering_id == gathering_id)).all())
    if phase in RADAR_PHASES:
        if state.revealed or include_hidden or phase == Phase.SUMMARY:
            spot = state.spotlight_municipality_id if not g.anonymous else None
            view.radar, view.band, view.radar_groups = _radar(session, g, names, lang, spot)
            view.radar_title = names.get(spot, "") if spot else ""
    if phase == Phase.PRIORITISING:
        votes = session.exec(select(Vote.municipality_id, Vote.target_kind, Vote.target_id,
                                    Vote.voter_key).where(Vote.gathering_id == gathering_id)
                             ).all()
        done = {mid for mid, _, _, _ in votes if mid in names}
        if state.revealed or include_hidden:
            view.votes, view.area_votes = _vote_results(session, g, votes, names, show_names,
                                                        lang)
    view.answered = [names[m] for m in names if m in done]
    view.waiting = [names[m] for m in names if m not in done]
    return view


def _vote_results(session, g, votes, names, show_names, lang):
    dots = Counter((mid, kind, tid) for mid, kind, tid, _ in votes if mid in names)
    titles = dict(session.exec(select(Action.id, Action.title).where(
        col(Action.id).in_([tid for (_, kind, tid) in dots if kind == "action"] or [-1]))).all())
    area_names = {a.id: localized(a.names, lang) for a in programmes.value_areas(
        session=session, programme_id=g.programme_id, include_retired=True)}
    actions = sorted((VoteResult(titles.get(tid, "?"), names[mid] if show_names else None, n)
                      for (mid, kind, tid), n in dots.items() if kind == "action"),
                     key=lambda r: (-r.dots, r.label))
    by_area: Counter = Counter()
    for (_, kind, tid), n in dots.items():
        if kind == "area":
            by_area[tid] += n
    areas = sorted((VoteResult(area_names.get(tid, "?"), None, n) for tid, n in by_area.items()),
                   key=lambda r: (-r.dots, r.label))
    return actions[:12], areas


# --- Export -----------------------------------------------------------------------------------


def export_frames(*, session: Session, actor: Actor, gathering_id: int, lang: str = "nb"
                  ) -> dict[str, pd.DataFrame]:
    """The gathering's answers, scores, votes and actions as tables, at any moment; headings
    and labels in the session's language. Reads only this gathering's rows."""
    check_role(actor, Role.ADMIN, Role.FACILITATOR)
    g = _gathering(session, gathering_id)

    def tr(key: str) -> str:
        return t(f"export.{key}", lang)

    names = {p.municipality_id: p.name for p in programmes.participants(
        session=session, programme_id=g.programme_id)}  # also any dropped from the gathering
    areas = {a.id: localized(a.names, lang) for a in programmes.value_areas(
        session=session, programme_id=g.programme_id, include_retired=True)}
    numbers = dict(session.exec(select(Question.id, Question.number).where(
        Question.programme_id == g.programme_id)).all())
    answers = pd.DataFrame(
        [(names.get(a.municipality_id), numbers.get(a.question_id), areas.get(a.value_area_id, ""),
          a.text, tr("yes") if a.hidden else "", a.hidden_reason if a.hidden else "",
          a.updated_at.strftime("%Y-%m-%d %H:%M"))
         for a in session.exec(select(Answer).where(Answer.gathering_id == gathering_id)
                               .order_by(Answer.municipality_id, Answer.question_id)).all()],
        columns=[tr(k) for k in ("municipality", "question", "value_area", "answer", "hidden",
                                 "reason", "changed")])
    rows = session.exec(select(Score, Member.name).join(Member, isouter=True)
                        .where(Score.gathering_id == gathering_id)
                        .order_by(Score.municipality_id, Score.value_area_id)).all()
    scores = pd.DataFrame(
        [(names.get(s.municipality_id), areas.get(s.value_area_id),
          t(f"common.{ScoreKind(s.kind).value}", lang),
          tr("group") if s.is_group else (member or tr("guest")), s.value) for s, member in rows],
        columns=[tr(k) for k in ("municipality", "value_area", "kind", "who", "value")])
    acts = session.exec(select(Action).where(Action.source_gathering_id == gathering_id)
                        .order_by(Action.municipality_id, Action.id)).all()
    titles = {a.id: a.title for a in acts}  # dots go only to actions made in this gathering
    votes = pd.DataFrame(
        [(names.get(mid), tr("action") if kind == "action" else tr("value_area"),
          titles.get(tid, "") if kind == "action" else areas.get(tid, ""), n)
         for (mid, kind, tid), n in sorted(Counter(session.exec(
             select(Vote.municipality_id, Vote.target_kind, Vote.target_id)
             .where(Vote.gathering_id == gathering_id)).all()).items())],
        columns=[tr(k) for k in ("municipality", "kind", "target", "dots")])
    links: dict[int, list[str]] = defaultdict(list)
    for aid, vid in session.exec(select(ActionValueArea.action_id, ActionValueArea.value_area_id)
                                 .where(col(ActionValueArea.action_id).in_(list(titles) or [-1]))
                                 ).all():
        links[aid].append(areas.get(vid, ""))
    actions_frame = pd.DataFrame(
        [(names.get(a.municipality_id), a.title, ", ".join(links[a.id]), a.owner_text or "",
          a.deadline, t(f"action_status.{ActionStatus(a.status).value}", lang), a.priority,
          a.description) for a in acts],
        columns=[tr(k) for k in ("municipality", "action", "value_areas", "owner", "deadline",
                                 "status", "priority", "description")])
    return {tr("sheet_answers"): answers, tr("sheet_scores"): scores,
            tr("sheet_votes"): votes, tr("sheet_actions"): actions_frame}
