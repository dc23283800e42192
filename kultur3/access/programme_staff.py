"""The staff who take part in a programme (facilitators and leaders with a ProgrammeAccess
row), and taking one person's access to one programme away without touching their account.

Only an administrator revokes, as only an administrator grants (programme_admin.grant_access):
a facilitator removing a fellow facilitator from a programme would be power over a peer that
nobody reviews. Revoking works on an archived programme too: it takes access away and
changes none of the programme's data.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from kultur3.access import audit
from kultur3.access.permissions import Actor, check
from kultur3.core.errors import NotFound
from kultur3.models import (
    PROGRAMME_ROLES,
    AdviserAssignment,
    Invitation,
    InvitationKind,
    Programme,
    ProgrammeAccess,
    Role,
    User,
    utcnow,
)
from kultur3.store.changed import changed


@dataclass(frozen=True)
class StaffRow:
    """A person with access to a programme (a read model)."""

    user_id: int
    username: str
    display_name: str
    role: Role
    active: bool


def programme_staff(*, session: Session, actor: Actor, programme_id: int) -> list[StaffRow]:
    """Everyone given access to the programme, by name."""
    check(actor, "programme.staff")
    rows = session.exec(select(User).join(ProgrammeAccess, ProgrammeAccess.user_id == User.id)
                        .where(ProgrammeAccess.programme_id == programme_id)
                        .order_by(User.display_name, User.username)).all()
    return [StaffRow(user_id=u.id, username=u.username, display_name=u.display_name,
                     role=Role(u.role), active=u.active) for u in rows]


def staff_without_access(*, session: Session, actor: Actor, programme_id: int
                         ) -> list[StaffRow]:
    """Active facilitators and leaders not (or no longer) in the programme: whom to add."""
    check(actor, "programme.staff")
    inside = select(ProgrammeAccess.user_id).where(ProgrammeAccess.programme_id == programme_id)
    rows = session.exec(select(User).where(
        col(User.role).in_(PROGRAMME_ROLES), col(User.active), col(User.id).not_in(inside))
        .order_by(User.display_name, User.username)).all()
    return [StaffRow(user_id=u.id, username=u.username, display_name=u.display_name,
                     role=Role(u.role), active=u.active) for u in rows]


def revoke_access(*, session: Session, actor: Actor, programme_id: int,
                  user_id: int) -> None:
    """The person no longer takes part in the programme: every service that checks the
    programme (kultur3.programme.catalogue.check_programme) refuses them from the next request on.
    Their pending invitations to it are expired too, or one would give the access back, and
    the municipalities they advised in it have their adviser no more."""
    check(actor, "programme.staff")
    if session.get(Programme, programme_id) is None:
        raise NotFound()
    row = session.get(ProgrammeAccess, (programme_id, user_id))
    if row is None:
        raise NotFound()
    user = session.get(User, user_id)
    # Statements, not session.delete: the archive guard refuses every flushed change to an
    # archived programme, and taking access away must stay possible there.
    session.exec(delete(ProgrammeAccess).where(  # type: ignore[call-overload]
        ProgrammeAccess.programme_id == programme_id, ProgrammeAccess.user_id == user_id))
    session.exec(delete(AdviserAssignment).where(  # type: ignore[call-overload]
        AdviserAssignment.programme_id == programme_id, AdviserAssignment.user_id == user_id))
    now = utcnow()
    session.exec(update(Invitation).where(  # type: ignore[call-overload]
        Invitation.email == user.username, Invitation.programme_id == programme_id,
        Invitation.kind == InvitationKind.INVITE, col(Invitation.used_at).is_(None),
        Invitation.expires_at > now).values(expires_at=now))
    session.expunge(row)  # gone from the table: not to be found in this session either
    changed(session)
    audit.record(session, actor=actor, action="programme.revoke_access", entity="programme",
                 entity_id=programme_id, detail={"user_id": user_id, "role": user.role})
