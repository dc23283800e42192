"""The facilitator console's writes: phase, agenda, locks, reveal, anonymity, whether the
room's scores count, spotlight, dots, the gathering's municipalities, the view link and the timer.

Each change takes the gathering row with an atomic phase_version bump (claim_gathering) and
records itself with changed(phase=True) in the same transaction (see staff_gathering)."""

from __future__ import annotations

import secrets

from sqlalchemy import delete
from sqlmodel import Session, select

from kultur3.access import audit
from kultur3.access.enrolment import enrolled_ids
from kultur3.access.permissions import Actor, check
from kultur3.core.errors import InvalidInput, NotFound
from kultur3.group import score_cells
from kultur3.live.state import gathering_municipalities
from kultur3.models import (
    Gathering,
    GatheringMunicipality,
    GatheringStatus,
    Phase,
)
from kultur3.programme import catalogue, phases
from kultur3.store.archive_guard import check_writable
from kultur3.store.changed import changed, claim_gathering


def _changed(session: Session, actor: Actor, g: Gathering, action: str, detail: dict) -> None:
    """Store the console's change and record it: the group screens and the projector follow
    (phase_version moved when the row was taken)."""
    session.add(g)
    session.flush()
    changed(session, gathering_id=g.id, phase=True)
    audit.record(session, actor=actor, action=f"live.{action}", entity="gathering",
                 entity_id=g.id, detail=detail)


def staff_gathering(session: Session, actor: Actor, gathering_id: int) -> Gathering:
    """The gathering, taken for a console change: the atomic phase_version bump comes first,
    so it holds the row (PostgreSQL) or the write lock (SQLite) until commit, and the row is
    read after it. Two facilitators changing settings at once then apply one after the
    other instead of the later overwriting the earlier (the locked phases are one list)."""
    check(actor, "live.run")
    claim_gathering(session, gathering_id)
    g = session.exec(select(Gathering).where(Gathering.id == gathering_id)
                     .execution_options(populate_existing=True)).one()
    # Checked after the bump, inside the write transaction (a read first would start a
    # snapshot SQLite cannot upgrade); a refusal rolls the bump back.
    catalogue.check_programme(session=session, actor=actor, programme_id=g.programme_id)
    check_writable(session, g.programme_id)
    if g.cancelled_at is not None:  # kept and marked, never run (issue 23)
        raise InvalidInput(key="live.cancelled")
    return g


def set_phase(*, session: Session, actor: Actor, gathering_id: int, phase: str) -> None:
    """Move the whole room to a phase. A planned gathering becomes active on the first move."""
    g = staff_gathering(session, actor, gathering_id)
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
    g = staff_gathering(session, actor, gathering_id)
    clean = phases.check_agenda(list(agenda))
    before = list(phases.agenda_of(g))
    g.agenda = clean
    if g.phase not in clean:
        g.phase = clean[0]
    _changed(session, actor, g, "agenda", {"before": [p.value for p in before], "after": clean})


def set_input_open(*, session: Session, actor: Actor, gathering_id: int, phase: str,
                   is_open: bool) -> None:
    """Open or lock groups' input for one phase."""
    g = staff_gathering(session, actor, gathering_id)
    phase = Phase(phase).value
    locked = [p for p in (g.locked_phases or []) if p != phase]
    g.locked_phases = locked if is_open else [*locked, phase]
    _changed(session, actor, g, "input", {"phase": phase, "open": is_open})


def set_revealed(*, session: Session, actor: Actor, gathering_id: int, phase: str,
                 revealed: bool) -> None:
    """Show a phase's results on the projector, or hide them again."""
    g = staff_gathering(session, actor, gathering_id)
    phase = Phase(phase).value
    rest = [p for p in (g.revealed_phases or []) if p != phase]
    g.revealed_phases = [*rest, phase] if revealed else rest
    _changed(session, actor, g, "reveal", {"phase": phase, "revealed": revealed})


def set_anonymous(*, session: Session, actor: Actor, gathering_id: int, anonymous: bool) -> None:
    """Anonymous mode: the projector shows answers without municipality names."""
    g = staff_gathering(session, actor, gathering_id)
    g.anonymous = bool(anonymous)
    if g.anonymous:
        g.spotlight_municipality_id = None  # a spotlight names a municipality
    _changed(session, actor, g, "anonymous", {"anonymous": g.anonymous})


def set_room_scores_counted(*, session: Session, actor: Actor, gathering_id: int,
                            counted: bool) -> None:
    """Whether the scores of people who joined by code («Deltakere i rommet») count in the
    groups' values in this gathering; every cell of the gathering is recounted at once."""
    g = staff_gathering(session, actor, gathering_id)
    before = g.room_scores_counted
    g.room_scores_counted = bool(counted)
    session.add(g)
    session.flush()
    cells = score_cells.refresh_gathering(session, g.id) if before != g.room_scores_counted else 0
    _changed(session, actor, g, "room_scores",
             {"before": before, "after": g.room_scores_counted, "cells": cells})


def set_spotlight(*, session: Session, actor: Actor, gathering_id: int,
                  municipality_id: int | None) -> None:
    """Put one municipality on the big screen (None: the whole room again)."""
    g = staff_gathering(session, actor, gathering_id)
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
    g = staff_gathering(session, actor, gathering_id)
    if not 1 <= int(dots) <= 10:
        raise InvalidInput(key="live.dots_range")
    g.dots_per_person = int(dots)
    _changed(session, actor, g, "dots", {"dots": g.dots_per_person})


def set_municipalities(*, session: Session, actor: Actor, gathering_id: int,
                       municipality_ids: list[int]) -> None:
    """Choose the municipalities a joint gathering is run for (empty: every participant)."""
    g = staff_gathering(session, actor, gathering_id)
    if g.municipality_id is not None:
        raise InvalidInput(key="live.local_gathering")
    allowed = enrolled_ids(session, g.programme_id)
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
    g = staff_gathering(session, actor, gathering_id)
    g.view_token = secrets.token_urlsafe(24)
    _changed(session, actor, g, "view_token", {})
    return g.view_token


def timer(*, session: Session, actor: Actor, gathering_id: int, op: str, seconds: int = 0,
          now: int | None = None) -> None:
    """start (seconds), pause, resume, add (seconds) or reset: on the server's clock."""
    g = staff_gathering(session, actor, gathering_id)
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
