"""A group runs its own house: every member edits the group's development project, and the
group's page shows its members (kept by membership, where its coordinator manages them). Staff
(admins, facilitators) may do both for any group."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session

from kultur3.access import audit
from kultur3.access.enrolment import enrolment
from kultur3.access.permissions import Actor, check_read, check_write, is_staff
from kultur3.core.errors import Conflict, PermissionDenied
from kultur3.core.validation import build
from kultur3.group import membership
from kultur3.models import FocusArea, Municipality, Participation, Role, Sector
from kultur3.models.inputs import ProjectIn
from kultur3.store.archive_guard import check_writable
from kultur3.store.changed import changed

# The call (DOMAIN.md, «Kommunegruppe»): 4–6 people, at least one local actor from outside
# the culture school.
GROUP_SIZE = (4, 6)
PROJECT_FIELDS = ("project_goal", "project_target_groups", "project_partners",
                  "project_in_a_year")


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
    p = enrolment(session, programme_id, municipality_id)
    return ProjectView(goal=p.project_goal, target_groups=p.project_target_groups,
                       partners=p.project_partners, in_a_year=p.project_in_a_year,
                       version=p.project_version)


def save_project(*, session: Session, actor: Actor, programme_id: int, municipality_id: int,
                 texts: dict[str, str], base_version: int) -> ProjectView:
    """Save the project as edited from base_version; Conflict when someone saved in between."""
    check_write(actor, municipality_id, session=session, programme_id=programme_id)
    if actor.role == Role.PARTICIPANT:
        raise PermissionDenied()
    part = enrolment(session, programme_id, municipality_id)
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
    members: tuple[membership.MemberRow, ...]
    can_manage: bool
    project: ProjectView

    @property
    def composition(self) -> Composition:
        return composition(self.members)


@dataclass(frozen=True)
class Composition:
    """The call's rules for the group, checked on its active members."""

    size: int
    outside: int    # members whose sector is given and is not the culture school
    unstated: int   # members without a sector
    size_ok: bool
    outside_ok: bool

    @property
    def ok(self) -> bool:
        return self.size_ok and self.outside_ok


def composition(members) -> Composition:
    """4–6 members and at least one from outside the culture school (MemberRow.sector)."""
    size = len(members)
    outside = sum(1 for m in members if m.sector and m.sector != Sector.KULTURSKOLEN)
    return Composition(size=size, outside=outside,
                       unstated=sum(1 for m in members if not m.sector),
                       size_ok=GROUP_SIZE[0] <= size <= GROUP_SIZE[1], outside_ok=outside > 0)


def team_view(*, session: Session, actor: Actor, programme_id: int, municipality_id: int
              ) -> TeamView:
    """Everything the group's own page shows: members, focus area, development project, and
    whether this person may change the member list."""
    check_read(actor, municipality_id, session=session, programme_id=programme_id)
    part = enrolment(session, programme_id, municipality_id)
    muni = session.get(Municipality, municipality_id)
    focus = session.get(FocusArea, part.focus_area_id) if part.focus_area_id else None
    manage = is_staff(actor) or membership.is_coordinator(
        session, actor, programme_id, municipality_id)
    return TeamView(
        municipality_name=muni.name, number=muni.number,
        focus_key=focus.key if focus else None, focus_text=part.focus_area_text or "",
        members=membership.roster(session, part.id),
        can_manage=manage,
        project=project(session=session, actor=actor, programme_id=programme_id,
                        municipality_id=municipality_id))
