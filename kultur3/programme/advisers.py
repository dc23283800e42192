"""A programme's advisers (prosessveiledere): which facilitator follows which municipality
between gatherings. A municipality may have several advisers, an adviser many municipalities.

An adviser is an active account with the facilitator role that is staff of the programme (a
ProgrammeAccess row, kultur3/access/programme_staff.py); an admin sees every programme and
needs no adviser of their own. Admins and the programme's facilitators assign
(«advisers.assign»): the facilitators split the municipalities among themselves, as the
programme team does at its planning meeting. Who advises whom is personal data: it is in the
privacy export and goes with the account (kultur3/privacy/personal_data.py), and revoking a
facilitator's access to a programme ends their assignments in it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from kultur3.access import audit
from kultur3.access.enrolment import check_enrolled, enrolled_ids
from kultur3.access.permissions import Actor, check
from kultur3.core.errors import InvalidInput, NotFound
from kultur3.models import (
    AdviserAssignment,
    Municipality,
    Participation,
    ProgrammeAccess,
    Role,
    User,
)
from kultur3.programme.catalogue import check_programme
from kultur3.store.changed import changed


@dataclass(frozen=True)
class AdviserRow:
    """A facilitator of the programme who can advise (a read model)."""

    user_id: int
    name: str
    username: str


@dataclass(frozen=True)
class MunicipalityAdvisers:
    """One enrolled municipality and the advisers following it (a read model)."""

    municipality_id: int
    number: str
    name: str
    advisers: tuple[AdviserRow, ...]


@dataclass(frozen=True)
class AdviserPlan:
    """Who follows whom in a programme: every enrolled municipality with its advisers (none
    for those nobody follows yet), and the facilitators who can be chosen."""

    municipalities: tuple[MunicipalityAdvisers, ...]
    candidates: tuple[AdviserRow, ...]

    def unassigned(self) -> tuple[MunicipalityAdvisers, ...]:
        return tuple(m for m in self.municipalities if not m.advisers)

    def advising(self) -> tuple[AdviserRow, ...]:
        """The advisers with at least one municipality, by name."""
        seen = {a.user_id: a for m in self.municipalities for a in m.advisers}
        return tuple(sorted(seen.values(), key=lambda a: (a.name.casefold(), a.username)))


def _row(u: User) -> AdviserRow:
    return AdviserRow(user_id=u.id, name=u.display_name or u.username, username=u.username)


def _candidates(programme_id: int):
    """The statement of the programme's facilitators who can advise: active, with access."""
    return (select(User).join(ProgrammeAccess, ProgrammeAccess.user_id == User.id)
            .where(ProgrammeAccess.programme_id == programme_id,
                   User.role == Role.FACILITATOR, col(User.active))
            .order_by(User.display_name, User.username))


def _check_adviser(session: Session, programme_id: int, user_id: int) -> User:
    user = session.exec(_candidates(programme_id).where(User.id == user_id)).first()
    if user is None:
        raise InvalidInput(key="advisers.not_staff")
    return user


def _guard(session: Session, actor: Actor, programme_id: int, municipality_id: int) -> None:
    check(actor, "advisers.assign")
    check_programme(session=session, actor=actor, programme_id=programme_id)
    check_enrolled(session, programme_id, municipality_id,
                   error=InvalidInput(key="advisers.not_enrolled"))


def assign(*, session: Session, actor: Actor, programme_id: int, municipality_id: int,
           user_id: int) -> bool:
    """The facilitator follows the municipality in the programme from now on. False (and no
    write) when they already do."""
    _guard(session, actor, programme_id, municipality_id)
    _check_adviser(session, programme_id, user_id)
    if session.get(AdviserAssignment, (programme_id, municipality_id, user_id)) is not None:
        return False
    session.add(AdviserAssignment(programme_id=programme_id, municipality_id=municipality_id,
                                  user_id=user_id, assigned_by_id=actor.user_id))
    session.flush()
    changed(session, programme_id=programme_id)
    audit.record(session, actor=actor, action="advisers.assign", entity="municipality",
                 entity_id=municipality_id,
                 detail={"programme_id": programme_id, "user_id": user_id})
    return True


def unassign(*, session: Session, actor: Actor, programme_id: int, municipality_id: int,
             user_id: int) -> bool:
    """The facilitator no longer follows the municipality. False (and no write) when they
    did not."""
    _guard(session, actor, programme_id, municipality_id)
    row = session.get(AdviserAssignment, (programme_id, municipality_id, user_id))
    if row is None:
        return False
    session.delete(row)
    session.flush()
    changed(session, programme_id=programme_id)
    audit.record(session, actor=actor, action="advisers.unassign", entity="municipality",
                 entity_id=municipality_id,
                 detail={"programme_id": programme_id, "user_id": user_id})
    return True


def set_advisers(*, session: Session, actor: Actor, programme_id: int, municipality_id: int,
                 user_ids: list[int]) -> int:
    """Exactly these facilitators follow the municipality (the /kommunegrupper picker): the
    ones added are assigned, the ones left out unassigned. How many changed."""
    _guard(session, actor, programme_id, municipality_id)
    now = set(session.exec(select(AdviserAssignment.user_id).where(
        AdviserAssignment.programme_id == programme_id,
        AdviserAssignment.municipality_id == municipality_id)).all())
    wanted = set(user_ids)
    moved = 0
    for user_id in sorted(wanted - now):
        moved += assign(session=session, actor=actor, programme_id=programme_id,
                        municipality_id=municipality_id, user_id=user_id)
    for user_id in sorted(now - wanted):
        moved += unassign(session=session, actor=actor, programme_id=programme_id,
                          municipality_id=municipality_id, user_id=user_id)
    return moved


def adviser_plan(*, session: Session, actor: Actor, programme_id: int) -> AdviserPlan:
    """Every enrolled municipality with its advisers, and who can be chosen (two queries)."""
    check(actor, "advisers.assign")
    check_programme(session=session, actor=actor, programme_id=programme_id)
    candidates = tuple(_row(u) for u in session.exec(_candidates(programme_id)).all())
    by_id = {a.user_id: a for a in candidates}
    rows = session.exec(
        select(Municipality.id, Municipality.number, Municipality.name,
               AdviserAssignment.user_id)
        .join(Participation, Municipality.id == Participation.municipality_id)
        .join(AdviserAssignment, (AdviserAssignment.programme_id == programme_id)
              & (AdviserAssignment.municipality_id == Municipality.id), isouter=True)
        .where(Participation.programme_id == programme_id)
        .order_by(Municipality.name)).all()
    grouped: dict[int, tuple[str, str, list[AdviserRow]]] = {}
    for mid, number, name, user_id in rows:
        entry = grouped.setdefault(mid, (number, name, []))
        if user_id in by_id:  # an assignment of someone no longer staff here is not shown
            entry[2].append(by_id[user_id])
    return AdviserPlan(
        municipalities=tuple(MunicipalityAdvisers(
            municipality_id=mid, number=number, name=name,
            advisers=tuple(sorted(advisers, key=lambda a: (a.name.casefold(), a.username))))
            for mid, (number, name, advisers) in grouped.items()),
        candidates=candidates)


def municipalities_of(*, session: Session, actor: Actor, programme_id: int,
                      user_id: int | None) -> list[int]:
    """The ids of the municipalities one adviser follows in the programme: one's own
    («advisers.follow»), or, for an admin, anyone's («advisers.oversee»)."""
    if user_id == actor.user_id:
        check(actor, "advisers.follow")
    else:
        check(actor, "advisers.oversee")
    check_programme(session=session, actor=actor, programme_id=programme_id)
    if user_id is None:  # the operator at the command line advises nobody
        return []
    enrolled = enrolled_ids(session, programme_id)  # an assignment outlives no enrolment
    return [m for m in session.exec(
        select(AdviserAssignment.municipality_id)
        .where(AdviserAssignment.programme_id == programme_id,
               AdviserAssignment.user_id == user_id)
        .order_by(AdviserAssignment.municipality_id)).all() if m in enrolled]


def account_id(session: Session, username: str) -> int:
    """The id of the account with this username (an e-mail address); NotFound without one.
    For the command line, which names advisers by address."""
    found = session.exec(select(User.id).where(User.username == username.strip().lower())
                         ).first()
    if found is None:
        raise NotFound(key="advisers.no_account")
    return found
