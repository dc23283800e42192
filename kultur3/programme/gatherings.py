"""Planning gatherings: create one (joint, local, leader follow-up; physical or digital), move
its status, edit, reschedule, cancel or delete it, and read the programme's plan. Many at once
and the links: gathering_plan.py. Running one live (phases, timer, joining) is kultur3.live."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from sqlmodel import Session, col, delete, select, update

from kultur3.access import audit
from kultur3.access.enrolment import check_enrolled
from kultur3.access.permissions import Actor, allowed, check
from kultur3.core.errors import Conflict, InvalidInput, NotFound
from kultur3.core.validation import build
from kultur3.models import (
    Action,
    AdviserAssignment,
    Answer,
    Gathering,
    GatheringKind,
    GatheringMunicipality,
    GatheringStatus,
    Municipality,
    Participant,
    PrepTick,
    ProgrammeAccess,
    Score,
    ScoreCell,
    TableCode,
    User,
    Vote,
    utcnow,
)
from kultur3.models.inputs import GatheringCreate, GatheringEdit
from kultur3.programme import catalogue, gathering_plan
from kultur3.store.archive_guard import check_writable
from kultur3.store.changed import changed


def create_gathering(*, session: Session, actor: Actor, programme_id: int, kind: GatheringKind,
                     title: str, held_on: date, is_digital: bool = False,
                     municipality_number: str | None = None) -> int:
    """A gathering; a local one or a leader follow-up day belongs to one municipality."""
    check(actor, "gatherings.manage")
    catalogue.check_programme(session=session, actor=actor, programme_id=programme_id)
    title = build(GatheringCreate, title=title or "").title
    kind = GatheringKind(kind)
    municipality_id = None
    if kind != GatheringKind.FELLESSAMLING:
        municipality_id = session.exec(select(Municipality.id).where(
            Municipality.number == (municipality_number or ""))).first()
        check_enrolled(session, programme_id, municipality_id,
                       error=InvalidInput(key="gatherings.needs_municipality"))
    g = Gathering(programme_id=programme_id, kind=kind, title=title, held_on=held_on,
                  is_digital=is_digital, municipality_id=municipality_id)
    session.add(g)
    session.flush()
    changed(session)
    audit.record(session, actor=actor, action="gathering.create", entity="gathering",
                 entity_id=g.id, detail={"title": title, "kind": kind.value})
    return g.id


def set_status(*, session: Session, actor: Actor, gathering_id: int,
               status: GatheringStatus) -> None:
    """Planned → active → closed (or back, when a mistake is made)."""
    check(actor, "gatherings.manage")
    g = session.get(Gathering, gathering_id)
    if g is None:
        raise NotFound()
    catalogue.check_programme(session=session, actor=actor, programme_id=g.programme_id)
    before = str(g.status)
    g.status = GatheringStatus(status)
    session.add(g)
    changed(session)
    audit.record(session, actor=actor, action="gathering.status", entity="gathering",
                 entity_id=g.id, detail={"before": before, "after": str(g.status)})


# --- Planning: edit, reschedule, cancel, delete (issue 23) -------------------------------------

@dataclass(frozen=True)
class GatheringPlan:
    """One gathering as planned (a read model): what the edit form, the half-year plan and
    the preparation overview show."""

    id: int
    kind: str
    title: str
    held_on: date
    starts_at: time | None
    ends_at: time | None
    place: str
    video_link: str
    description: str
    materials: tuple[tuple[str, str], ...]  # (label, url)
    prep_task: str
    status: str
    cancelled: bool
    municipality_id: int | None
    municipality_name: str
    edit_version: int
    schedule_version: int
    invited: tuple[str, ...]  # the groups' names
    prepared: tuple[str, ...]  # those of them that ticked the preparation task
    has_work: bool
    # The advisers (prosessveiledere) following the invited municipalities; shown to those
    # who may see who follows whom (advisers.assign), empty for the rest.
    advisers: tuple[str, ...] = ()


# What a date, time or place change is: a reminder sent before it gets a change notice.
SCHEDULE = ("held_on", "starts_at", "ends_at", "place", "video_link")


def planned(*, session: Session, actor: Actor, programme_id: int) -> list[GatheringPlan]:
    """Every gathering of the programme in date order, with who is invited, who has done
    the preparation task and whether anything was recorded in it (a fixed number of queries
    whatever the number of gatherings: 741 at national scale, 357 municipalities with a local
    gathering and a leader day each, read in 146–172 ms; /halvarsplan 71–88 ms warm, 109–262
    ms after a write, on a shared, loaded machine: bench/pages.py's national build plus
    gathering_plan.create_for_every_municipality for both local kinds)."""
    check(actor, "gatherings.read")
    catalogue.check_programme(session=session, actor=actor, programme_id=programme_id)
    rows = session.exec(select(Gathering).where(Gathering.programme_id == programme_id)
                        .order_by(Gathering.held_on, Gathering.starts_at, Gathering.id)).all()
    names = {p.municipality_id: p.name for p in catalogue.participants(
        session=session, programme_id=programme_id)}
    ids = [g.id for g in rows]
    chosen: dict[int, list[int]] = {}
    ticked: dict[int, set[int]] = {}
    if ids:
        for gid, mid in session.exec(select(GatheringMunicipality.gathering_id,
                                            GatheringMunicipality.municipality_id)
                                     .where(col(GatheringMunicipality.gathering_id).in_(ids))):
            chosen.setdefault(gid, []).append(mid)
        for gid, mid in session.exec(select(PrepTick.gathering_id, PrepTick.municipality_id)
                                     .where(col(PrepTick.gathering_id).in_(ids))):
            ticked.setdefault(gid, set()).add(mid)
    busy = _with_work(session, ids)
    followed = _followed(session, actor, programme_id)
    plans = []
    for g in rows:
        invited = ([g.municipality_id] if g.municipality_id is not None
                   else chosen.get(g.id) or list(names))
        invited = sorted((m for m in invited if m in names), key=lambda m: names[m])
        plans.append(GatheringPlan(
            id=g.id, kind=str(g.kind), title=g.title, held_on=g.held_on, starts_at=g.starts_at,
            ends_at=g.ends_at, place=g.place, video_link=g.video_link,
            description=g.description,
            materials=tuple((m.get("label", ""), m.get("url", "")) for m in g.materials),
            prep_task=g.prep_task, status=str(g.status), cancelled=g.cancelled_at is not None,
            municipality_id=g.municipality_id,
            municipality_name=names.get(g.municipality_id, "") if g.municipality_id else "",
            edit_version=g.edit_version, schedule_version=g.schedule_version,
            invited=tuple(names[m] for m in invited),
            prepared=tuple(names[m] for m in invited if m in ticked.get(g.id, set())),
            has_work=g.id in busy,
            advisers=tuple(sorted({a for m in invited for a in followed.get(m, ())}))))
    return plans


def _followed(session: Session, actor: Actor, programme_id: int) -> dict[int, set[str]]:
    """{municipality: its advisers' names}, for those who may see who follows whom; who
    advises whom is personal data, so a leader gets {}."""
    if not allowed(actor, "advisers.assign"):
        return {}
    followed: dict[int, set[str]] = {}
    for mid, name, username in session.exec(
            select(AdviserAssignment.municipality_id, User.display_name, User.username)
            .join(User, User.id == AdviserAssignment.user_id)
            .join(ProgrammeAccess, (ProgrammeAccess.user_id == User.id)
                  & (ProgrammeAccess.programme_id == programme_id))
            .where(AdviserAssignment.programme_id == programme_id, col(User.active))):
        followed.setdefault(mid, set()).add(name or username)
    return followed


def _with_work(session: Session, ids: list[int]) -> set[int]:
    """The gatherings among ids in which something was recorded: a participant joined, an
    answer, a score, a dot, or an action made from it."""
    if not ids:
        return set()
    busy: set[int] = set()
    for column in (Participant.gathering_id, Answer.gathering_id, Score.gathering_id,
                   Vote.gathering_id, Action.source_gathering_id):
        busy |= set(session.exec(select(column).where(col(column).in_(ids)).distinct()).all())
    return busy


def _staff_gathering(session: Session, actor: Actor, gathering_id: int) -> Gathering:
    check(actor, "gatherings.manage")
    g = session.get(Gathering, gathering_id)
    if g is None:
        raise NotFound()
    catalogue.check_programme(session=session, actor=actor, programme_id=g.programme_id)
    check_writable(session, g.programme_id)
    return g


def update_gathering(*, session: Session, actor: Actor, gathering_id: int, base_version: int,
                     title: str, kind: GatheringKind, held_on: date,
                     starts_at: time | None = None, ends_at: time | None = None,
                     place: str = "", video_link: str = "", description: str = "",
                     materials: str = "", prep_task: str = "") -> int:
    """Change a gathering edited from base_version (compare-and-set: Conflict when someone
    saved first, nothing overwritten). A joint gathering stays joint and a municipality's
    stays its own. Work recorded in it stays (it hangs on the gathering, not its date).
    A change of date, time or place moves schedule_version. The new edit_version."""
    g = _staff_gathering(session, actor, gathering_id)
    data = build(GatheringEdit, title=title or "", place=place or "",
                 video_link=video_link or "", description=description or "",
                 prep_task=prep_task or "")
    kind = GatheringKind(kind)
    if (kind == GatheringKind.FELLESSAMLING) != (g.municipality_id is None):
        raise InvalidInput(key="gatherings.kind_fixed")
    if starts_at and ends_at and ends_at <= starts_at:
        raise InvalidInput(key="gatherings.ends_before_start")
    values = {"title": data.title, "kind": kind, "held_on": held_on, "starts_at": starts_at,
              "ends_at": ends_at, "place": data.place,
              "video_link": gathering_plan.parse_link(data.video_link),
              "description": data.description,
              "materials": gathering_plan.parse_materials(materials),
              "prep_task": data.prep_task}
    before = {k: getattr(g, k) for k in values}
    moved = any(before[k] != values[k] for k in SCHEDULE)
    result = session.exec(update(Gathering).where(  # type: ignore[call-overload]
        Gathering.id == gathering_id, Gathering.edit_version == base_version).values(
        **values, edit_version=Gathering.edit_version + 1,
        schedule_version=Gathering.schedule_version + (1 if moved else 0)))
    if result.rowcount != 1:
        raise Conflict(key="gatherings.conflict")
    changed(session)
    audit.record(session, actor=actor, action="gathering.update", entity="gathering",
                 entity_id=gathering_id, detail={
                     "before": {k: _plain(v) for k, v in before.items() if v != values[k]},
                     "after": {k: _plain(v) for k, v in values.items() if v != before[k]},
                     "rescheduled": moved})
    return base_version + 1


def _plain(value):
    return value.isoformat() if isinstance(value, date | time) else value


def cancel_gathering(*, session: Session, actor: Actor, gathering_id: int,
                     cancelled: bool = True) -> None:
    """Mark a gathering cancelled (kept, with its work, and shown as cancelled; the live
    console refuses it and its codes stop letting people in), or take the mark off again.
    Either way a change notice is due: schedule_version moves."""
    g = _staff_gathering(session, actor, gathering_id)
    if (g.cancelled_at is not None) == cancelled:
        return
    g.cancelled_at = utcnow() if cancelled else None
    if cancelled:
        g.code_joining = False
    g.schedule_version += 1
    g.edit_version += 1
    session.add(g)
    changed(session)
    audit.record(session, actor=actor, action="gathering.cancel" if cancelled
                 else "gathering.uncancel", entity="gathering", entity_id=gathering_id,
                 detail={"title": g.title, "held_on": g.held_on.isoformat()})


def delete_gathering(*, session: Session, actor: Actor, gathering_id: int) -> None:
    """Remove a gathering in which nothing was recorded; InvalidInput (cancel it instead)
    otherwise. The whole row goes into the audit log."""
    g = _staff_gathering(session, actor, gathering_id)
    if _with_work(session, [gathering_id]):
        raise InvalidInput(key="gatherings.has_work")
    row = g.model_dump(mode="json")
    for table in (GatheringMunicipality, TableCode, PrepTick, ScoreCell):
        session.exec(delete(table).where(table.gathering_id == gathering_id))
    session.delete(g)
    session.flush()
    changed(session)
    audit.record(session, actor=actor, action="gathering.delete", entity="gathering",
                 entity_id=gathering_id, detail={"title": g.title, "row": row})
