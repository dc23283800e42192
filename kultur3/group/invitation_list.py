"""The invitations into a programme that staff, or a group's coordinator, can see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from kultur3.access.permissions import Actor, check
from kultur3.group import team
from kultur3.group.invitations import state_of
from kultur3.models import Invitation, InvitationKind, Municipality, Role, utcnow
from kultur3.programme import catalogue


@dataclass(frozen=True)
class PendingRow:
    email: str
    role: str
    municipality: str
    expires_at: datetime
    state: str


def pending(*, session: Session, actor: Actor, programme_id: int,
            municipality_id: int | None = None, now: datetime | None = None) -> list[PendingRow]:
    """Invitations into a programme (a group's own for its coordinator), newest first."""
    now = now or utcnow()
    if municipality_id is None or actor.role in (Role.ADMIN, Role.FACILITATOR):
        check(actor, "invitations.list")
        catalogue.check_programme(session=session, actor=actor, programme_id=programme_id)
    else:
        team.check_manage_members(session, actor, programme_id, municipality_id)
    stmt = select(Invitation, Municipality.name).join(
        Municipality, Municipality.id == Invitation.municipality_id, isouter=True).where(
        Invitation.programme_id == programme_id, Invitation.kind == InvitationKind.INVITE)
    if municipality_id is not None:
        stmt = stmt.where(Invitation.municipality_id == municipality_id)
    rows = session.exec(stmt.order_by(col(Invitation.id).desc()).limit(200)).all()
    return [PendingRow(email=i.email, role=str(i.role), municipality=name or "",
                       expires_at=i.expires_at, state=state_of(i, now)) for i, name in rows]
