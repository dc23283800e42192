"""A group runs its own house: its coordinator manages the member list; every member edits
the group's development project. Staff (admins, facilitators) may do both for any group."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, col, select

from kultur3.access import audit
from kultur3.access.permissions import Actor, Resource, check, check_read, check_write
from kultur3.core.errors import Conflict, NotFound, PermissionDenied
from kultur3.core.validation import build
from kultur3.models import FocusArea, Member, Municipality, Participation, Role
from kultur3.models.inputs import MemberUpdate, ProjectIn
from kultur3.programme import catalogue
from kultur3.store.archive_guard import check_writable
from kultur3.store.changed import changed

PROJECT_FIELDS = ("project_goal", "project_target_groups", "project_partners",
                  "project_in_a_year")


def participation(session: Session, programme_id: int, municipality_id: int) -> Participation:
    """The municipality's enrolment in the programme; NotFound when it is not enrolled."""
    part = session.exec(select(Participation).where(
        Participation.programme_id == programme_id,
        Participation.municipality_id == municipality_id)).first()
    if part is None:
        raise NotFound()
    return part


def is_coordinator(session: Session, actor: Actor, programme_id: int, municipality_id: int
                   ) -> bool:
    """True when the actor is the active coordinator of this group in this programme."""
    if actor.role != Role.GROUP or actor.municipality_id != municipality_id or not actor.user_id:
        return False
    return session.exec(select(Member.id).join(
        Participation, Participation.id == Member.participation_id).where(
        Participation.programme_id == programme_id,
        Participation.municipality_id == municipality_id, Member.user_id == actor.user_id,
        col(Member.is_coordinator), col(Member.active))).first() is not None


def check_manage_members(session: Session, actor: Actor, programme_id: int,
                         municipality_id: int) -> None:
    """Staff, or the group's own coordinator; PermissionDenied for anyone else."""
    check(actor, "members.manage", Resource(municipality_id=municipality_id))
    if actor.role == Role.GROUP:  # its own group: the coordinator only
        if not is_coordinator(session, actor, programme_id, municipality_id):
            raise PermissionDenied()
    elif actor.role != Role.ADMIN:  # staff of this programme only
        catalogue.check_programme(session=session, actor=actor, programme_id=programme_id)


def _member(session: Session, member_id: int) -> tuple[Member, Participation]:
    row = session.get(Member, member_id)
    part = session.get(Participation, row.participation_id) if row else None
    if row is None or part is None:
        raise NotFound()
    return row, part


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


@dataclass(frozen=True)
class ProjectView:
    goal: str
    target_groups: str
    partners: str
    in_a_year: str
    version: int


def project(*, session: Session, actor: Actor, programme_id: int, municipality_id: int
            ) -> ProjectView:
    """The group's development project."""
    check_read(actor, municipality_id, session=session, programme_id=programme_id)
    p = participation(session, programme_id, municipality_id)
    return ProjectView(goal=p.project_goal, target_groups=p.project_target_groups,
                       partners=p.project_partners, in_a_year=p.project_in_a_year,
                       version=p.project_version)


def save_project(*, session: Session, actor: Actor, programme_id: int, municipality_id: int,
                 texts: dict[str, str], base_version: int) -> ProjectView:
    """Save the project as edited from base_version; Conflict when someone saved in between."""
    check_write(actor, municipality_id, session=session, programme_id=programme_id)
    if actor.role == Role.PARTICIPANT:
        raise PermissionDenied()
    part = participation(session, programme_id, municipality_id)
    check_writable(session, programme_id)
    values = build(ProjectIn, **{f: texts.get(f) or "" for f in PROJECT_FIELDS}).model_dump()
    before = {f: getattr(part, f) for f in PROJECT_FIELDS}
    result = session.exec(update(Participation).where(  # type: ignore[call-overload]
        Participation.id == part.id, Participation.project_version == base_version)
        .values(**values, project_version=Participation.project_version + 1))
    if result.rowcount != 1:
        session.refresh(part)
        raise Conflict(key="team.project_conflict")
    session.expire(part)  # the statement bypassed the ORM: later reads load the new texts
    changed(session)
    audit.record(session, actor=actor, action="project.save", entity="participation",
                 entity_id=part.id, detail={"before": before, "after": values})
    return ProjectView(goal=values["project_goal"], target_groups=values["project_target_groups"],
                       partners=values["project_partners"], in_a_year=values["project_in_a_year"],
                       version=base_version + 1)


@dataclass(frozen=True)
class TeamView:
    municipality_name: str
    number: str
    focus_key: str | None
    focus_text: str
    members: tuple[catalogue.MemberRow, ...]
    can_manage: bool
    project: ProjectView


def team_view(*, session: Session, actor: Actor, programme_id: int, municipality_id: int
              ) -> TeamView:
    """Everything the group's own page shows: members, focus area, development project, and
    whether this person may change the member list."""
    check_read(actor, municipality_id, session=session, programme_id=programme_id)
    part = participation(session, programme_id, municipality_id)
    muni = session.get(Municipality, municipality_id)
    focus = session.get(FocusArea, part.focus_area_id) if part.focus_area_id else None
    rows = session.exec(select(Member).where(Member.participation_id == part.id,
                                             col(Member.active))
                        .order_by(col(Member.is_coordinator).desc(), Member.name)).all()
    manage = actor.role in (Role.ADMIN, Role.FACILITATOR) or is_coordinator(
        session, actor, programme_id, municipality_id)
    return TeamView(
        municipality_name=muni.name, number=muni.number,
        focus_key=focus.key if focus else None, focus_text=part.focus_area_text or "",
        members=tuple(catalogue.member_row(m) for m in rows),
        can_manage=manage,
        project=project(session=session, actor=actor, programme_id=programme_id,
                        municipality_id=municipality_id))
