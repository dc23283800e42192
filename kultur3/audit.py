"""The audit log: who did what, when."""

from __future__ import annotations

from sqlmodel import Session

from kultur3.models import AuditEvent
from kultur3.permissions import Actor


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
        username=actor.username if actor else "",
        action=action, entity=entity, entity_id=entity_id, detail=detail or {},
    ))
