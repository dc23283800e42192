"""The municipalities in a programme and the members of their kommunegrupper: the one home of
members. Who they are (reads), who may change the list (staff or the group's coordinator),
and every change to it; a member list from a CSV file is member_import on top of this."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from kultur3.access import audit
from kultur3.access.enrolment import enrolled, enrolment
from kultur3.access.permissions import Actor, Resource, check, check_read, is_staff
from kultur3.core.errors import InvalidInput, NotFound, PermissionDenied
from kultur3.core.validation import build
from kultur3.models import FocusArea, Member, Municipality, Participation, Role
from kultur3.models.inputs import FocusIn, MemberIn, MemberUpdate
from kultur3.programme import catalogue
from kultur3.store.changed import changed


def enrolment_by_number(session: Session, programme_id: int, number: str) -> Participation:
    """The enrolment of the municipality with this kommunenummer; NotFound naming it."""
    muni_id = session.exec(select(Municipality.id).where(Municipality.number == number)).first()
    return enrolment(session, programme_id, muni_id,
                     error=NotFound(key="error.unknown_municipality", number=number))


def add_municipality(*, session: Session, actor: Actor, programme_id: int, number: str,
                     focus_key: str | None = None, focus_text: str | None = None) -> int:
    """Let a municipality from the national list join the programme."""
    check(actor, "programme.enrol")
    catalogue.check_programme(session=session, actor=actor, programme_id=programme_id)
    muni = session.exec(select(Municipality).where(Municipality.number == number)).first()
    if muni is None:
        raise NotFound(key="error.unknown_municipality", number=number)
    if session.exec(enrolled(muni.id, programme_id)).first() is not None:
        raise InvalidInput(key="groups.already_in", name=muni.name)
    part = Participation(programme_id=programme_id, municipality_id=muni.id)
    session.add(part)
    session.flush()
    set_focus_area(session=session, actor=actor, programme_id=programme_id, number=number,
                   focus_key=focus_key, focus_text=focus_text)
    audit.record(session, actor=actor, action="participation.add", entity="participation",
                 entity_id=part.id, detail={"municipality": number})
    return part.id


def set_focus_area(*, session: Session, actor: Actor, programme_id: int, number: str,
                   focus_key: str | None = None, focus_text: str | None = None) -> None:
    """Pick a focus area from the programme's list, or write one (staff or the coordinator)."""
    part = enrolment_by_number(session, programme_id, number)
    check_manage_members(session, actor, programme_id, part.municipality_id)
    text = build(FocusIn, focus_text=focus_text or "").focus_text
    focus_id = None
    if focus_key:
        focus_id = session.exec(select(FocusArea.id).where(
            FocusArea.programme_id == programme_id, FocusArea.key == focus_key)).first()
        if focus_id is None:
            raise NotFound()
    before = {"focus_area_id": part.focus_area_id, "focus_area_text": part.focus_area_text}
    part.focus_area_id, part.focus_area_text = focus_id, text or None
    session.add(part)
    changed(session)
    audit.record(session, actor=actor, action="participation.focus", entity="participation",
                 entity_id=part.id, detail={"before": before, "after": {
                     "focus_area_id": focus_id, "focus_area_text": text or None}})


# Reading the list.

@dataclass(frozen=True)
class MemberRow:
    """A group member as read (a read model: safe to cache, never written back)."""

    id: int
    name: str
    group_role: str
    sector: str
    email: str | None
    is_coordinator: bool
    user_id: int | None

    @property
    def has_account(self) -> bool:
        return self.user_id is not None


def member_row(m: Member) -> MemberRow:
    """A member row as read."""
    return MemberRow(id=m.id, name=m.name, group_role=m.group_role, sector=m.sector,
                     email=m.email, is_coordinator=m.is_coordinator, user_id=m.user_id)


def _of_group(programme_id: int, municipality_id: int, *columns):
    """The statement over the group's member rows (former members too)."""
    return select(*(columns or (Member,))).where(
        Member.participation_id == enrolled(municipality_id, programme_id).scalar_subquery())


def members(*, session: Session, actor: Actor, programme_id: int, municipality_id: int
            ) -> list[MemberRow]:
    """Active members of a municipality's group in a programme."""
    check_read(actor, municipality_id, session=session, programme_id=programme_id)
    return [member_row(m) for m in session.exec(
                _of_group(programme_id, municipality_id).where(col(Member.active))
                .order_by(col(Member.is_coordinator).desc(), Member.id)).all()]


def roster(session: Session, participation_id: int) -> tuple[MemberRow, ...]:
    """The group's active members by name, its coordinator first (the caller checked)."""
    return tuple(member_row(m) for m in session.exec(select(Member).where(
        Member.participation_id == participation_id, col(Member.active))
        .order_by(col(Member.is_coordinator).desc(), Member.name)).all())


def names(session: Session, programme_id: int, municipality_id: int) -> dict[int, str]:
    """{member id: name} of everyone ever on the group's list (the caller checked)."""
    return dict(session.exec(_of_group(programme_id, municipality_id,
                                       Member.id, Member.name)).all())


def in_group(session: Session, member_id: int, programme_id: int, municipality_id: int
             ) -> bool:
    """True when the member is (or was) on this group's list in this programme."""
    return session.exec(_of_group(programme_id, municipality_id, Member.id)
                        .where(Member.id == member_id)).first() is not None


# Who may change the list.

def is_coordinator(session: Session, actor: Actor, programme_id: int, municipality_id: int
                   ) -> bool:
    """True when the actor is the active coordinator of this group in this programme."""
    if actor.role != Role.GROUP or actor.municipality_id != municipality_id or not actor.user_id:
        return False
    return session.exec(_of_group(programme_id, municipality_id, Member.id).where(
        Member.user_id == actor.user_id, col(Member.is_coordinator),
        col(Member.active))).first() is not None


def check_manage_members(session: Session, actor: Actor, programme_id: int,
                         municipality_id: int) -> None:
    """Staff, or the group's own coordinator; PermissionDenied for anyone else."""
    check(actor, "members.manage", Resource(municipality_id=municipality_id))
    if actor.role == Role.GROUP:  # its own group: the coordinator only
        if not is_coordinator(session, actor, programme_id, municipality_id):
            raise PermissionDenied()
    elif actor.role != Role.ADMIN:  # staff of this programme only
        catalogue.check_programme(session=session, actor=actor, programme_id=programme_id)


# Changing it.

@dataclass(frozen=True)
class MemberInput:
    name: str
    group_role: str
    sector: str = ""
    email: str | None = None
    is_coordinator: bool = False


def checked(m: MemberInput) -> MemberInput:
    """The input cleaned; InvalidInput naming what is wrong."""
    data = build(MemberIn, name=m.name or "", group_role=m.group_role or "",
                 sector=m.sector or "", email=m.email or None)
    email = data.email or None
    if email and ("@" not in email or " " in email):
        raise InvalidInput(key="groups.bad_email", email=email)
    return MemberInput(name=data.name, group_role=data.group_role, sector=data.sector,
                       email=email, is_coordinator=m.is_coordinator)


def add_rows(session: Session, participation_id: int, rows: list[MemberInput]) -> list[int]:
    """Put checked rows on a group's list (the caller checked who may); their ids."""
    added = [Member(participation_id=participation_id, name=m.name, group_role=m.group_role,
                    sector=m.sector, email=m.email, is_coordinator=m.is_coordinator)
             for m in rows]
    session.add_all(added)
    session.flush()
    return [m.id for m in added]


def add_member(*, session: Session, actor: Actor, programme_id: int, number: str,
               member: MemberInput) -> int:
    """Add one person to a kommunegruppe (staff or the group's coordinator)."""
    part = enrolment_by_number(session, programme_id, number)
    check_manage_members(session, actor, programme_id, part.municipality_id)
    m = checked(member)
    # Staff name coordinators; a coordinator hands its own role over with set_coordinator
    # (one per group), it never makes a second one.
    if m.is_coordinator and not is_staff(actor):
        raise PermissionDenied(key="groups.coordinator_staff_only")
    [member_id] = add_rows(session, part.id, [m])
    changed(session)
    audit.record(session, actor=actor, action="member.add", entity="member", entity_id=member_id,
                 detail={"municipality": number, "name": m.name})
    return member_id


def _member(session: Session, member_id: int) -> tuple[Member, Participation]:
    row = session.get(Member, member_id)
    part = session.get(Participation, row.participation_id) if row else None
    if row is None or part is None:
        raise NotFound()
    return row, part


def deactivate_member(*, session: Session, actor: Actor, member_id: int) -> None:
    """Take a person off the group's list; their earlier scores stay."""
    row, part = _member(session, member_id)
    check_manage_members(session, actor, part.programme_id, part.municipality_id)
    row.active = False
    session.add(row)
    changed(session)
    audit.record(session, actor=actor, action="member.deactivate", entity="member",
                 entity_id=member_id, detail={"name": row.name})


def update_member(*, session: Session, actor: Actor, member_id: int, group_role: str,
                  sector: str) -> None:
    """A member's role in the group and sector."""
    row, part = _member(session, member_id)
    check_manage_members(session, actor, part.programme_id, part.municipality_id)
    data = build(MemberUpdate, group_role=group_role or "", sector=sector or "")
    role, sector = data.group_role, data.sector
    before = {"group_role": row.group_role, "sector": row.sector}
    row.group_role, row.sector = role, sector
    session.add(row)
    changed(session)
    audit.record(session, actor=actor, action="member.update", entity="member",
                 entity_id=row.id, detail={"before": before,
                                           "after": {"group_role": role, "sector": sector}})


def set_coordinator(*, session: Session, actor: Actor, member_id: int) -> None:
    """Make this member the group's coordinator (one per group)."""
    row, part = _member(session, member_id)
    check_manage_members(session, actor, part.programme_id, part.municipality_id)
    if not row.active:
        raise NotFound()
    for other in session.exec(select(Member).where(
            Member.participation_id == part.id, col(Member.is_coordinator))).all():
        other.is_coordinator = False
        session.add(other)
    row.is_coordinator = True
    session.add(row)
    changed(session)
    audit.record(session, actor=actor, action="member.coordinator", entity="member",
                 entity_id=row.id, detail={"name": row.name})


def link_account(session: Session, participation_id: int, user_id: int, email: str,
                 display_name: str, name: str, group_role: str, sector: str) -> int:
    """The account's row on the member list: the one with its address (a CSV import), or a
    new one. Its id; the caller (an invitation already allowed) checked who may."""
    member = session.exec(select(Member).where(
        Member.participation_id == participation_id, col(Member.active),
        (Member.user_id == user_id) | (func.lower(Member.email) == email))).first()
    if member is None:
        member = Member(participation_id=participation_id, name=name or display_name,
                        group_role=group_role or "Medlem", sector=sector, email=email)
    member.user_id = user_id
    session.add(member)
    session.flush()
    return member.id
