"""The action plan kept over a programme's life: removed actions staff can restore, the
group's own order of its plan, and the history of progress notes.

Removing is actions.delete_action (a mark, not a delete); retention purges what has been
removed longer than RESTORE_DAYS (kultur3/privacy/retention.py purge_deleted_actions).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from kultur3.access import audit
from kultur3.access.permissions import Actor, Resource, check, check_read
from kultur3.core import clock, formatting
from kultur3.core.errors import InvalidInput, NotFound
from kultur3.group.actions import _writable, present
from kultur3.models import Action, ActionNote, ActionStatus, User, utcnow
from kultur3.store.archive_guard import check_writable
from kultur3.store.changed import changed

# How long a removed action can be restored before retention purges it (issue 23: «kept in
# the audit and recoverable by staff for 30 days»).
RESTORE_DAYS = 30


@dataclass(frozen=True)
class RemovedView:
    id: int
    title: str
    deleted_on: date
    deleted_by: str
    days_left: int


@dataclass(frozen=True)
class NoteView:
    id: int
    action_id: int
    text: str
    status: ActionStatus
    author: str
    written_at: datetime


def _check_staff(session: Session, actor: Actor, programme_id: int, municipality_id: int) -> None:
    """Staff of the programme: the named action, then the programme half of a read."""
    check(actor, "actions.restore", Resource(municipality_id=municipality_id))
    check_read(actor, municipality_id, session=session, programme_id=programme_id)


def removed_actions(*, session: Session, actor: Actor, programme_id: int, municipality_id: int,
                    today: date | None = None) -> list[RemovedView]:
    """The group's actions removed in the last RESTORE_DAYS, newest removal first."""
    _check_staff(session, actor, programme_id, municipality_id)
    today = today or clock.today()
    since = datetime.combine(today - timedelta(days=RESTORE_DAYS), datetime.min.time(),
                             tzinfo=clock.OSLO)
    rows = session.exec(select(Action, User.display_name).join(
        User, User.id == Action.deleted_by_id, isouter=True).where(
        Action.programme_id == programme_id, Action.municipality_id == municipality_id,
        col(Action.deleted_at).is_not(None), col(Action.deleted_at) >= since)
        .order_by(col(Action.deleted_at).desc(), col(Action.id).desc())).all()
    return [RemovedView(id=a.id, title=a.title, deleted_on=formatting.local_date(a.deleted_at),
                        deleted_by=name or "",
                        days_left=max(0, RESTORE_DAYS - (today - formatting.local_date(a.deleted_at)).days))
            for a, name in rows]


def restore_action(*, session: Session, actor: Actor, action_id: int,
                   today: date | None = None) -> None:
    """Bring a removed action back to its plan, as it was; staff only, within RESTORE_DAYS."""
    action = session.get(Action, action_id)
    if action is None:
        raise NotFound()
    _check_staff(session, actor, action.programme_id, action.municipality_id)
    if action.deleted_at is None:
        raise NotFound()
    if ((today or clock.today()) - formatting.local_date(action.deleted_at)).days > RESTORE_DAYS:
        raise InvalidInput(key="actions.restore_too_late", days=RESTORE_DAYS)
    check_writable(session, action.programme_id)
    before = {"deleted_at": action.deleted_at.isoformat(), "deleted_by_id": action.deleted_by_id}
    action.deleted_at, action.deleted_by_id = None, None
    action.updated_at = utcnow()
    session.add(action)
    session.flush()
    changed(session)
    audit.record(session, actor=actor, action="action.restore", entity="action",
                 entity_id=action_id, detail={"title": action.title, "before": before})


def move_action(*, session: Session, actor: Actor, action_id: int, up: bool) -> None:
    """Move an action one place up or down the plan, past the next action of the same status
    (the board shows the plan by status). The group's plan is locked before it is read and
    numbered 1..n again, so two moves at once serialise and positions never repeat."""
    action = _writable(session, actor, action_id)
    check_writable(session, action.programme_id)
    group = (Action.programme_id == action.programme_id,
             Action.municipality_id == action.municipality_id)
    # An UPDATE that changes nothing takes the lock first: row locks on PostgreSQL, the write
    # lock on SQLite (where a SELECT ... FOR UPDATE locks nothing: twelve moves of six actions
    # at once left positions [1, 2, 4, 5, 5, 6] before this; tests/test_action_plan.py).
    session.exec(update(Action).where(*group)  # type: ignore[call-overload]
                 .values(position=Action.position))
    # populate_existing: the action itself was read before the lock, and a plain SELECT keeps
    # the stale copy (without it: [1, 2, 3, 4, 6, 6] in one run of four of the same test).
    order = list(session.exec(present(*group).order_by(Action.position, Action.id)
                              .execution_options(populate_existing=True)).all())
    peers = [a for a in order if a.status == action.status]
    i = peers.index(action)
    j = i - 1 if up else i + 1
    if not 0 <= j < len(peers):
        return  # first or last already: nothing moves, nothing is recorded
    a, b = order.index(action), order.index(peers[j])
    order[a], order[b] = order[b], order[a]
    before = action.position
    for number, row in enumerate(order, 1):
        if row.position != number:
            row.position = number
            session.add(row)
    session.flush()
    changed(session)
    audit.record(session, actor=actor, action="action.move", entity="action",
                 entity_id=action_id, detail={"before": {"position": before},
                                              "after": {"position": action.position}})


def action_notes(*, session: Session, actor: Actor, programme_id: int,
                 municipality_id: int) -> list[NoteView]:
    """Every progress note of the group's actions (removed ones left out), newest first."""
    check_read(actor, municipality_id, session=session, programme_id=programme_id)
    ids = select(Action.id).where(col(Action.deleted_at).is_(None),
                                  Action.programme_id == programme_id,
                                  Action.municipality_id == municipality_id)
    rows = session.exec(select(ActionNote, User.display_name).join(
        User, User.id == ActionNote.author_id, isouter=True).where(
        col(ActionNote.action_id).in_(ids))
        .order_by(col(ActionNote.created_at).desc(), col(ActionNote.id).desc())).all()
    return [NoteView(id=n.id, action_id=n.action_id, text=n.text, status=ActionStatus(n.status),
                     author=name or "", written_at=n.created_at) for n, name in rows]
