"""The audit log: who did what, when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from kultur3.access.permissions import Actor, check
from kultur3.models import AuditEvent


def record(
    session: Session,
    *,
    actor: Actor | None,
    action: str,
    entity: str = "",
    entity_id: int | None = None,
    detail: dict | None = None,
) -> None:
    """Add an audit event to the caller's transaction."""
    session.add(AuditEvent(
        user_id=actor.user_id if actor else None,
        username=actor.username if actor else (detail or {}).get("username", ""),
        action=action, entity=entity, entity_id=entity_id, detail=detail or {},
    ))


@dataclass(frozen=True)
class EventRow:
    at: datetime
    username: str
    action: str
    entity: str
    entity_id: int | None
    detail: dict


def list_events(*, session: Session, actor: Actor, username: str = "", action: str = "",
                limit: int = 1000) -> list[EventRow]:
    """The newest audit events, optionally for one user or one kind of action. Admins only."""
    check(actor, "audit.read")
    stmt = select(AuditEvent).order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
    if username:
        stmt = stmt.where(AuditEvent.username == username)
    if action:
        stmt = stmt.where(col(AuditEvent.action).startswith(action))
    return [EventRow(at=e.at, username=e.username, action=e.action, entity=e.entity,
                     entity_id=e.entity_id, detail=e.detail)
            for e in session.exec(stmt.limit(limit)).all()]
