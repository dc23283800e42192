"""Who is invited to a gathering, and which gatherings a person is invited to: one rule for
the reminders (kultur3 send-reminders) and the calendar feed, read both ways.

- A gathering is for its municipalities: a local one or a leader follow-up day for the one it
  belongs to; a joint one for those chosen for it, or for every enrolled municipality when
  none is chosen (catalogue.gatherings_for reads the same rule from the group's side).
- From a municipality: its group accounts to every gathering, its own leadership
  (kommuneleder) to the leader follow-up days.
- From the programme team: its facilitators to the joint gatherings, and an adviser
  (kultur3/programme/advisers.py) to the own gatherings of the municipalities they follow.

No actor: these are internal reads for the reminder run and the feed route, which have
authenticated the person by other means; no page calls them.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from kultur3.access.enrolment import enrolled_ids
from kultur3.models import (
    AdviserAssignment,
    Gathering,
    GatheringKind,
    GatheringMunicipality,
    Participation,
    ProgrammeAccess,
    Role,
    User,
)
from kultur3.programme import catalogue


def municipalities_of(session: Session, gathering: Gathering) -> set[int]:
    """The municipalities a gathering is for."""
    if gathering.municipality_id is not None:
        return {gathering.municipality_id}
    chosen = set(session.exec(select(GatheringMunicipality.municipality_id).where(
        GatheringMunicipality.gathering_id == gathering.id)).all())
    return chosen or enrolled_ids(session, gathering.programme_id)


def _roles_for(kind: GatheringKind) -> tuple[Role, ...]:
    if GatheringKind(kind) == GatheringKind.LEDEROPPFOLGING:
        return (Role.GROUP, Role.MUNICIPAL_LEADER)
    return (Role.GROUP,)


def invited_user_ids(session: Session, gathering_id: int) -> list[int]:
    """The active accounts invited to the gathering, in id order; none for an unknown id."""
    g = session.get(Gathering, gathering_id)
    if g is None:
        return []
    ids = set(session.exec(select(User.id).where(
        col(User.active).is_(True), col(User.role).in_(_roles_for(g.kind)),
        col(User.municipality_id).in_(municipalities_of(session, g)))).all())
    if GatheringKind(g.kind) == GatheringKind.FELLESSAMLING:
        ids |= set(session.exec(select(User.id).join(
            ProgrammeAccess, ProgrammeAccess.user_id == User.id).where(
            ProgrammeAccess.programme_id == g.programme_id, col(User.active).is_(True),
            User.role == Role.FACILITATOR)).all())
    else:
        ids |= set(session.exec(select(User.id).join(
            AdviserAssignment, AdviserAssignment.user_id == User.id).where(
            AdviserAssignment.programme_id == g.programme_id,
            AdviserAssignment.municipality_id == g.municipality_id,
            col(User.active).is_(True), User.role == Role.FACILITATOR)).all())
    return sorted(ids)


def gathering_ids_of_user(session: Session, user_id: int) -> list[int]:
    """The gatherings the account is invited to, across its programmes, oldest first."""
    user = session.get(User, user_id)
    if user is None or not user.active:
        return []
    found: list[tuple] = []
    if user.role in (Role.GROUP, Role.MUNICIPAL_LEADER) and user.municipality_id is not None:
        roles_kinds = {k for k in GatheringKind if user.role in _roles_for(k)}
        for programme_id in session.exec(select(Participation.programme_id).where(
                Participation.municipality_id == user.municipality_id)).all():
            found += [(g.held_on, g.id) for g in catalogue.gatherings_for(
                session=session, programme_id=programme_id,
                municipality_id=user.municipality_id) if GatheringKind(g.kind) in roles_kinds]
    elif user.role == Role.FACILITATOR:
        found += session.exec(select(Gathering.held_on, Gathering.id).join(
            ProgrammeAccess, ProgrammeAccess.programme_id == Gathering.programme_id).where(
            ProgrammeAccess.user_id == user_id,
            Gathering.kind == GatheringKind.FELLESSAMLING)).all()
        found += session.exec(select(Gathering.held_on, Gathering.id).join(
            AdviserAssignment, (AdviserAssignment.programme_id == Gathering.programme_id)
            & (AdviserAssignment.municipality_id == Gathering.municipality_id)).where(
            AdviserAssignment.user_id == user_id)).all()
    return [gid for _, gid in sorted(set(found))]
