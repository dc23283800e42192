"""«Mine kommuner»: the municipalities one adviser follows, the one that most needs a call
first, with the reason in words.

One row per municipality: its last activity (the latest write by the group: an answer, a
score, an action, a log entry, its development project, an anchoring entry) and the days
since; its open actions overdue, due in the next SOON_DAYS days and without progress for
STALLED_DAYS; its latest log entry; its anchoring; its next gathering. Every figure is
aggregated in SQL, one grouped query per source table over all the adviser's municipalities
(never a query per municipality): ten queries for 40 municipalities, whatever their size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import case
from sqlmodel import Session, col, func, or_, select

from kultur3.access.permissions import Actor
from kultur3.core import clock
from kultur3.group.actions import OPEN
from kultur3.group.anchoring import ANCHORED
from kultur3.models import (
    Action,
    Anchoring,
    Answer,
    AuditEvent,
    Gathering,
    GatheringMunicipality,
    GatheringStatus,
    LogEntry,
    Municipality,
    Participation,
    Score,
)
from kultur3.programme import advisers

# An action due within two weeks is the next thing to ask about: a gathering is 6-8 weeks
# apart in the pilot's plan, and two weeks is what the action plan's own «snart» shows.
SOON_DAYS = 14
# Six weeks without a change to an open action: most of a mellomperiode gone without a word.
STALLED_DAYS = 42
# Silence becomes a reason after three weeks: the pilot's groups met or wrote at least every
# second week while their work ran (the demo's log: 9 to 16 days between entries).
QUIET_DAYS = 21
# The weights that order the list (the call most needed first). One overdue action weighs as
# much as ten days of silence, a stalled one as five, one due soon as two: an overdue action
# is a promise already missed, silence only a sign of one.
WEIGHT_OVERDUE, WEIGHT_STALLED, WEIGHT_SOON = 10, 5, 2
NEVER_ACTIVE = 1000  # no write at all yet: first, above any count


@dataclass(frozen=True)
class Reason:
    """Why the municipality may need a call: a translation key and its count."""

    key: str  # adviser.reason_quiet, _never, _overdue, _stalled, _soon
    n: int


@dataclass(frozen=True)
class FollowedMunicipality:
    """One row of «Mine kommuner» (a read model: safe to cache)."""

    municipality_id: int
    number: str
    name: str
    last_activity: date | None  # the Oslo date of the group's latest write
    days_since: int | None
    overdue: int
    due_soon: int
    stalled: int
    last_log_text: str
    last_log_on: date | None
    anchored: int
    anchoring_total: int
    next_gathering: str | None
    next_gathering_on: date | None
    reasons: tuple[Reason, ...]
    weight: int


@dataclass(frozen=True)
class AdviserHome:
    adviser_id: int
    rows: tuple[FollowedMunicipality, ...]


def adviser_home(*, session: Session, actor: Actor, programme_id: int, today: date | None = None,
                 adviser_id: int | None = None) -> AdviserHome:
    """The municipalities the adviser (the actor, unless an admin names another) follows in
    the programme, the one that most needs a call first."""
    today = today or clock.today()
    who = actor.user_id if adviser_id is None else adviser_id
    # Checked before anything else, an actor with no account (a participant) included.
    ids = advisers.municipalities_of(session=session, actor=actor, programme_id=programme_id,
                                     user_id=who)
    if who is None or not ids:
        return AdviserHome(adviser_id=who or 0, rows=())
    names = {mid: (number, name, part) for mid, number, name, part in session.exec(
        select(Municipality.id, Municipality.number, Municipality.name, Participation.id)
        .join(Participation, Municipality.id == Participation.municipality_id)
        .where(Participation.programme_id == programme_id, col(Municipality.id).in_(ids)))}
    latest = _activity(session, programme_id, ids, {v[2]: k for k, v in names.items()})
    acts = _action_counts(session, programme_id, ids, today=today)
    logs = _last_logs(session, programme_id, ids)
    anchors = _anchoring(session, programme_id, ids)
    nexts = _next_gatherings(session, programme_id, ids, today=today)
    for mid, (_n, _t, _o, at) in logs.items():
        latest[mid] = max(filter(None, (latest.get(mid), at)))
    for mid, (*_counts, at) in acts.items():
        if at is not None:
            latest[mid] = max(filter(None, (latest.get(mid), at)))
    for mid, (_a, _t, at) in anchors.items():
        if at is not None:
            latest[mid] = max(filter(None, (latest.get(mid), at)))
    rows = []
    for mid, (number, name, _part) in names.items():
        last = latest.get(mid)
        last_day = last.astimezone(clock.OSLO).date() if last is not None else None
        days = (today - last_day).days if last_day is not None else None
        overdue, soon, stalled, _at = acts.get(mid, (0, 0, 0, None))
        text, happened, _id, _created = logs.get(mid, ("", None, None, None))
        anchored, total, _at = anchors.get(mid, (0, 0, None))
        upcoming = nexts.get(mid)
        reasons, weight = _reasons(days, overdue, stalled, soon)
        rows.append(FollowedMunicipality(
            municipality_id=mid, number=number, name=name, last_activity=last_day,
            days_since=days, overdue=overdue, due_soon=soon, stalled=stalled,
            last_log_text=text, last_log_on=happened, anchored=anchored,
            anchoring_total=total, next_gathering=upcoming[0] if upcoming else None,
            next_gathering_on=upcoming[1] if upcoming else None, reasons=reasons,
            weight=weight))
    rows.sort(key=lambda r: (-r.weight, r.name.casefold(), r.number))
    return AdviserHome(adviser_id=who, rows=tuple(rows))


def _reasons(days: int | None, overdue: int, stalled: int, soon: int
             ) -> tuple[tuple[Reason, ...], int]:
    """The reasons to call, weightiest first, and the row's weight."""
    weighed: list[tuple[int, Reason]] = []
    if days is None:
        weighed.append((NEVER_ACTIVE, Reason("adviser.reason_never", 0)))
    elif days >= QUIET_DAYS:
        weighed.append((days, Reason("adviser.reason_quiet", days // 7)))
    if overdue:
        weighed.append((WEIGHT_OVERDUE * overdue, Reason("adviser.reason_overdue", overdue)))
    if stalled:
        weighed.append((WEIGHT_STALLED * stalled, Reason("adviser.reason_stalled", stalled)))
    if soon:
        weighed.append((WEIGHT_SOON * soon, Reason("adviser.reason_soon", soon)))
    weighed.sort(key=lambda pair: -pair[0])
    return tuple(r for _w, r in weighed), sum(w for w, _r in weighed)


def _activity(session: Session, programme_id: int, ids: list[int],
              by_participation: dict[int, int]) -> dict[int, datetime]:
    """The latest answer, score and project save per municipality (three grouped queries)."""
    latest: dict[int, datetime] = {}

    def keep(rows) -> None:
        for mid, at in rows:
            if at is not None and (mid not in latest or at > latest[mid]):
                latest[mid] = at
    for model in (Answer, Score):
        keep(session.exec(
            select(model.municipality_id, func.max(model.updated_at))
            .join(Gathering, Gathering.id == model.gathering_id)
            .where(Gathering.programme_id == programme_id, col(model.municipality_id).in_(ids))
            .group_by(model.municipality_id)).all())
    # The development project keeps no time of its own; its saves are in the audit log.
    saves = session.exec(
        select(AuditEvent.entity_id, func.max(AuditEvent.at))
        .where(AuditEvent.action == "project.save", AuditEvent.entity == "participation",
               col(AuditEvent.entity_id).in_(list(by_participation)))
        .group_by(AuditEvent.entity_id)).all()
    keep((by_participation[pid], at) for pid, at in saves)
    return latest


def _action_counts(session: Session, programme_id: int, ids: list[int], *, today: date
                   ) -> dict[int, tuple[int, int, int, datetime | None]]:
    """(overdue, due soon, stalled, latest change) of the open actions, per municipality."""
    is_open = col(Action.status).in_(OPEN)
    stalled_before = datetime.combine(today - timedelta(days=STALLED_DAYS), datetime.min.time(),
                                      tzinfo=clock.OSLO)

    def count(condition):
        return func.sum(case((is_open & condition, 1), else_=0))
    rows = session.exec(
        select(Action.municipality_id,
               count(col(Action.deadline) < today),
               count(col(Action.deadline).between(today, today + timedelta(days=SOON_DAYS))),
               count(col(Action.updated_at) < stalled_before),
               func.max(Action.updated_at))
        .where(Action.programme_id == programme_id, col(Action.municipality_id).in_(ids),
               col(Action.deleted_at).is_(None))  # a removed action (actions.delete_action)
        .group_by(Action.municipality_id)).all()
    return {mid: (int(o or 0), int(s or 0), int(st or 0), at) for mid, o, s, st, at in rows}


def _last_logs(session: Session, programme_id: int, ids: list[int]
               ) -> dict[int, tuple[str, date, int, datetime]]:
    """The latest log entry per municipality: (text, happened on, id, written at)."""
    newest = (select(func.max(LogEntry.id))
              .where(LogEntry.programme_id == programme_id, col(LogEntry.municipality_id).in_(ids))
              .group_by(LogEntry.municipality_id))
    rows = session.exec(select(LogEntry.municipality_id, LogEntry.text, LogEntry.happened_on,
                               LogEntry.id, LogEntry.created_at)
                        .where(col(LogEntry.id).in_(newest))).all()
    return {mid: (text, on, lid, at) for mid, text, on, lid, at in rows}


def _anchoring(session: Session, programme_id: int, ids: list[int]
               ) -> dict[int, tuple[int, int, datetime | None]]:
    """(adopted or done, all entries, latest change) per municipality."""
    rows = session.exec(
        select(Anchoring.municipality_id,
               func.sum(case((col(Anchoring.status).in_(ANCHORED), 1), else_=0)),
               func.count(), func.max(Anchoring.updated_at))
        .where(Anchoring.programme_id == programme_id, col(Anchoring.municipality_id).in_(ids))
        .group_by(Anchoring.municipality_id)).all()
    return {mid: (int(a or 0), int(n), at) for mid, a, n, at in rows}


def _next_gatherings(session: Session, programme_id: int, ids: list[int], *, today: date
                     ) -> dict[int, tuple[str, date]]:
    """The next gathering each municipality takes part in (as catalogue.gatherings_for: its
    own local ones, and joint ones run for everybody or chosen for it), neither cancelled nor
    closed (as the group's own «Neste samling», group/preparation.py): two queries."""
    upcoming = session.exec(
        select(Gathering.id, Gathering.title, Gathering.held_on, Gathering.municipality_id)
        .where(Gathering.programme_id == programme_id, Gathering.held_on >= today,
               col(Gathering.cancelled_at).is_(None),
               Gathering.status != GatheringStatus.CLOSED,
               or_(col(Gathering.municipality_id).is_(None),
                   col(Gathering.municipality_id).in_(ids)))
        .order_by(Gathering.held_on, Gathering.id)).all()
    if not upcoming:
        return {}
    chosen: dict[int, set[int]] = {}
    for gid, mid in session.exec(select(GatheringMunicipality.gathering_id,
                                        GatheringMunicipality.municipality_id).where(
            col(GatheringMunicipality.gathering_id).in_([g[0] for g in upcoming]))):
        chosen.setdefault(gid, set()).add(mid)
    found: dict[int, tuple[str, date]] = {}
    for gid, title, held_on, own in upcoming:
        for mid in ids:
            if mid in found or (own is not None and own != mid):
                continue
            if gid in chosen and mid not in chosen[gid]:
                continue
            found[mid] = (title, held_on)
    return found
