"""An archived programme is read-only everywhere: one check on every flush, whatever service
writes. It runs after the flush's statements, inside the write transaction: a SELECT before
them would start a read snapshot on SQLite, and a writer whose snapshot is older than another
writer's commit fails at once with «database is locked» (found by tests/test_concurrency.py).
Raising there rolls the whole transaction back. Rows that belong to a programme name it
directly (programme_id) or through their gathering, participation or action; the flush is
refused when any of them is archived.

Privacy erasure must still reach archived data: it sets session.info["allow_archived"].
"""

from __future__ import annotations

from sqlalchemy import event
from sqlmodel import Session, col, select

from kultur3.core.errors import InvalidInput
from kultur3.models import Action, Gathering, Participation, Programme, ProgrammeStatus

_PARENTS = (("gathering_id", Gathering), ("participation_id", Participation),
            ("action_id", Action))


def _programme_of(session: Session, obj: object) -> int | None:
    if isinstance(obj, Programme):
        return None  # the status change itself (and un-archiving) must stay possible
    pid = getattr(obj, "programme_id", None)
    if pid is not None:
        return pid
    for attr, model in _PARENTS:
        parent_id = getattr(obj, attr, None)
        if parent_id is not None:
            parent = session.get(model, parent_id)
            return getattr(parent, "programme_id", None) if parent is not None else None
    return None


@event.listens_for(Session, "after_flush")
def _refuse_archived(session: Session, _context) -> None:
    if session.info.get("allow_archived"):
        return
    changed = [*session.new, *session.dirty, *session.deleted]
    if not changed:
        return
    with session.no_autoflush:
        touched = {pid for obj in changed if (pid := _programme_of(session, obj)) is not None}
        if touched and session.exec(select(Programme.id).where(
                col(Programme.id).in_(touched),
                Programme.status == ProgrammeStatus.ARCHIVED)).first() is not None:
            raise InvalidInput(key="error.programme_archived")


def check_writable(session: Session, programme_id: int) -> None:
    """For writes that bypass the ORM flush (atomic UPDATE / upsert statements)."""
    status = session.exec(select(Programme.status).where(Programme.id == programme_id)).first()
    if status is not None and ProgrammeStatus(status) == ProgrammeStatus.ARCHIVED:
        raise InvalidInput(key="error.programme_archived")
