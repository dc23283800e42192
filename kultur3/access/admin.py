"""Administration reads: counts and the user list (writes come with the admin pages)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, func, select

from kultur3.access.permissions import Actor, check
from kultur3.models import Municipality, Participation, Programme, User


@dataclass(frozen=True)
class UserRow:
    username: str
    display_name: str
    role: str
    municipality: str
    active: bool


@dataclass(frozen=True)
class AdminSummary:
    programmes: int
    participants: int
    users: list[UserRow]


def admin_summary(*, session: Session, actor: Actor) -> AdminSummary:
    """Counts and every account, for the admin home page."""
    check(actor, "users.manage")
    rows = session.exec(
        select(User, Municipality.name).join(Municipality, Municipality.id == User.municipality_id,
                                             isouter=True).order_by(User.role, User.username)
    ).all()
    return AdminSummary(
        programmes=session.exec(select(func.count()).select_from(Programme)).one(),
        participants=session.exec(select(func.count()).select_from(Participation)).one(),
        users=[UserRow(username=u.username, display_name=u.display_name, role=str(u.role),
                       municipality=name or "", active=u.active) for u, name in rows],
    )
