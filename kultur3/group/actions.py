"""Tiltak (actions) and the log of local work between gatherings."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import update
from sqlmodel import Session, col, delete, select

from kultur3.access import audit
from kultur3.access.permissions import Actor, check_read, check_write
from kultur3.core import clock
from kultur3.core.errors import Conflict, InvalidInput, NotFound
from kultur3.core.validation import build
from kultur3.group import membership, workspace
from kultur3.group.scoring import AreaGap
from kultur3.models import (
    Action,
    ActionStatus,
    ActionValueArea,
    Gathering,
    GatheringStatus,
    LogEntry,
    LogKind,
    Phase,
    Role,
    ValueArea,
    utcnow,
)
from kultur3.models.inputs import ActionCreate, ActionUpdate, LogEntryIn
from kultur3.programme import catalogue, phases
from kultur3.programme.templates import localized
from kultur3.store.archive_guard import check_writable
from kultur3.store.changed import changed

# A gap at least this large with no open action linked to it is pointed out.
LARGE_GAP = 1.5
OPEN = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, ActionStatus.ON_HOLD)


@dataclass(frozen=True)
class ActionView:
    id: int
    title: str
    description: str
    value_area_ids: tuple[int, ...]
    value_areas: tuple[str, ...]
    owner: str
    owner_member_id: int | None
    owner_text: str
    deadline: date | None
    status: ActionStatus
    priority: int
    progress_note: str
    source_gathering: str
    version: int
    overdue: bool
    shared: bool = False


def _check_links(session: Session, *, programme_id: int, municipality_id: int,
                 area_ids: list[int], owner_member_id: int | None,
                 source_gathering_id: int | None) -> None:
    """Linked areas, owner and gathering must all belong to this programme and group."""
    if area_ids:
        found = session.exec(select(ValueArea.id).where(
            col(ValueArea.id).in_(area_ids), ValueArea.programme_id == programme_id)).all()
        if len(set(found)) != len(set(area_ids)):
            raise NotFound()
    if owner_member_id is not None and not membership.in_group(
            session, owner_member_id, programme_id, municipality_id):
        raise NotFound()
    if source_gathering_id is not None:
        # A gathering the group takes part in: a joint one run for chosen municipalities
        # admits only those (before, a group could file an action into another's gathering,
        # and it showed in that gathering's export).
        g = workspace.check_gathering(session, source_gathering_id, municipality_id)
        if g.programme_id != programme_id:
            raise NotFound()


def _action_phase(g: Gathering) -> Phase:
    """The phase in which a gathering makes its actions: «Tiltak» on a local gathering's
    agenda, the fourth question on a joint one."""
    return Phase.ACTIONS if Phase.ACTIONS in phases.agenda_of(g) else Phase.Q4


def _check_unlocked(session: Session, actor: Actor, action: Action) -> None:
    """An action made in a gathering is changed or removed only while its phase is open,
    as it is made: a participant joined by code always (it has no other way in), anyone
    else while the gathering runs (afterwards the action plan is the group's own)."""
    if action.source_gathering_id is None:
        return
    g = session.get(Gathering, action.source_gathering_id)
    if actor.role == Role.PARTICIPANT or g.status != GatheringStatus.CLOSED:
        phases.check_input_open(actor, g, _action_phase(g))


def create_action(*, session: Session, actor: Actor, programme_id: int, municipality_id: int,
                  title: str, value_area_ids: list[int], description: str = "",
                  owner_member_id: int | None = None, owner_text: str | None = None,
                  deadline: date | None = None, status: ActionStatus = ActionStatus.NOT_STARTED,
                  priority: int = 2, source_gathering_id: int | None = None) -> int:
    """Create a tiltak linked to value areas; returns its id."""
    check_write(actor, municipality_id, source_gathering_id, session=session,
                programme_id=programme_id)
    data = build(ActionCreate, title=title, description=description or "",
                 owner_text=owner_text, priority=priority)
    if not value_area_ids:
        raise InvalidInput(key="actions.needs_area")
    _check_links(session, programme_id=programme_id, municipality_id=municipality_id,
                 area_ids=value_area_ids, owner_member_id=owner_member_id,
                 source_gathering_id=source_gathering_id)
    if source_gathering_id is not None:
        g = session.get(Gathering, source_gathering_id)
        phases.check_input_open(actor, g, _action_phase(g))
    action = Action(
        programme_id=programme_id, municipality_id=municipality_id, title=data.title,
        description=data.description, owner_member_id=owner_member_id,
        owner_text=data.owner_text or None, deadline=deadline, status=ActionStatus(status),
        priority=data.priority,
        source_gathering_id=source_gathering_id, created_by_id=actor.user_id)
    session.add(action)
    session.flush()
    for area_id in dict.fromkeys(value_area_ids):
        session.add(ActionValueArea(action_id=action.id, value_area_id=area_id))
    changed(session, gathering_id=source_gathering_id)  # the room's projector, if from one
    audit.record(session, actor=actor, action="action.create", entity="action",
                 entity_id=action.id, detail={"title": data.title})
    return action.id


def _writable(session: Session, actor: Actor, action_id: int) -> Action:
    """The action, when the actor may change it now (its group, its gathering's phase)."""
    action = session.get(Action, action_id)
    if action is None:
        raise NotFound()
    check_write(actor, action.municipality_id, action.source_gathering_id, session=session,
                programme_id=action.programme_id)
    _check_unlocked(session, actor, action)
    return action


def update_action(*, session: Session, actor: Actor, action_id: int, base_version: int,
                  status: ActionStatus | None = None, progress_note: str | None = None,
                  deadline: date | None = None, owner_text: str | None = None,
                  owner_member_id: int | None = None, title: str | None = None) -> None:
    """Change an action edited from base_version; Conflict when someone else saved first."""
    action = _writable(session, actor, action_id)
    data = build(ActionUpdate, title=title, progress_note=progress_note, owner_text=owner_text)
    values: dict = {}
    if status is not None:
        values["status"] = ActionStatus(status).value
    if data.progress_note is not None:
        values["progress_note"] = data.progress_note
    if data.title is not None:
        values["title"] = data.title
    if deadline is not None:
        values["deadline"] = deadline
    if data.owner_text is not None:
        values["owner_text"] = data.owner_text or None
    if owner_member_id is not None:
        _check_links(session, programme_id=action.programme_id,
                     municipality_id=action.municipality_id, area_ids=[],
                     owner_member_id=owner_member_id, source_gathering_id=None)
        values["owner_member_id"] = owner_member_id
    before = {k: str(getattr(action, k)) for k in values}
    check_writable(session, action.programme_id)
    result = session.exec(  # type: ignore[call-overload]
        update(Action).where(Action.id == action_id, Action.version == base_version)
        .values(**values, version=Action.version + 1, updated_at=utcnow()))
    if result.rowcount != 1:
        raise Conflict(theirs=action.progress_note, version=action.version)
    changed(session)
    audit.record(session, actor=actor, action="action.update", entity="action",
                 entity_id=action_id, detail={"before": before, "after": values})


def delete_action(*, session: Session, actor: Actor, action_id: int) -> None:
    """Remove an action and its value-area links."""
    action = _writable(session, actor, action_id)
    # The whole row goes into the audit log, so a deletion can be seen and undone by hand.
    row = action.model_dump(mode="json")
    row["value_area_ids"] = sorted(session.exec(select(ActionValueArea.value_area_id).where(
        ActionValueArea.action_id == action_id)).all())
    session.exec(delete(ActionValueArea).where(ActionValueArea.action_id == action_id))
    session.delete(action)
    changed(session)
    audit.record(session, actor=actor, action="action.delete", entity="action",
                 entity_id=action_id, detail={"title": action.title, "row": row})


def list_actions(*, session: Session, actor: Actor, programme_id: int, municipality_id: int,
                 lang: str = "nb", today: date | None = None,
                 gathering_id: int | None = None) -> list[ActionView]:
    """The group's actions, most urgent first, with value areas and owners resolved; only
    those made in one gathering when gathering_id is given."""
    check_read(actor, municipality_id, gathering_id, session=session, programme_id=programme_id)
    today = today or clock.today()
    stmt = select(Action).where(Action.programme_id == programme_id,
                                Action.municipality_id == municipality_id)
    if gathering_id is not None:
        stmt = stmt.where(Action.source_gathering_id == gathering_id)
    rows = session.exec(stmt).all()
    areas = {a.id: localized(a.names, lang) for a in catalogue.value_areas(
        session=session, programme_id=programme_id, include_retired=True)}
    links: dict[int, list[int]] = defaultdict(list)
    ids = [a.id for a in rows]
    if ids:
        for action_id, area_id in session.exec(select(
                ActionValueArea.action_id, ActionValueArea.value_area_id).where(
                col(ActionValueArea.action_id).in_(ids))).all():
            links[action_id].append(area_id)
    people = membership.names(session, programme_id, municipality_id)
    titles = {g.id: g.title for g in catalogue.gatherings_for(
        session=session, programme_id=programme_id, municipality_id=municipality_id)}
    views = [ActionView(
        id=a.id, title=a.title, description=a.description,
        value_area_ids=tuple(links[a.id]), value_areas=tuple(areas.get(i, "?") for i in links[a.id]),
        owner=people.get(a.owner_member_id, "") if a.owner_member_id else (a.owner_text or ""),
        owner_member_id=a.owner_member_id, owner_text=a.owner_text or "",
        deadline=a.deadline, status=ActionStatus(a.status), priority=a.priority,
        progress_note=a.progress_note, source_gathering=titles.get(a.source_gathering_id, ""),
        version=a.version, shared=a.shared,
        overdue=bool(a.deadline and a.deadline < today and a.status in OPEN))
        for a in rows]
    return sorted(views, key=lambda v: (not v.overdue, v.priority, v.deadline or date.max, v.id))


def uncovered_gaps(gaps: list[AreaGap], actions: list[ActionView],
                   threshold: float = LARGE_GAP) -> list[AreaGap]:
    """Value areas with a large gap and no open action meant to change them."""
    covered = {i for a in actions if a.status in OPEN for i in a.value_area_ids}
    return [g for g in gaps if g.gap is not None and g.gap >= threshold
            and g.value_area_id not in covered]


# --- Log of local work ------------------------------------------------------------------------


@dataclass(frozen=True)
class LogView:
    id: int
    kind: LogKind
    text: str
    happened_on: date
    shared: bool = False


def add_log_entry(*, session: Session, actor: Actor, programme_id: int, municipality_id: int,
                  kind: LogKind, text: str, happened_on: date) -> int:
    """Log a step of local work: plan, act, observe or reflect."""
    check_write(actor, municipality_id, session=session, programme_id=programme_id)
    text = build(LogEntryIn, text=text).text
    entry = LogEntry(programme_id=programme_id, municipality_id=municipality_id,
                     kind=LogKind(kind), text=text, happened_on=happened_on,
                     author_id=actor.user_id)
    session.add(entry)
    session.flush()
    changed(session)
    audit.record(session, actor=actor, action="log.add", entity="logentry", entity_id=entry.id)
    return entry.id


def list_log(*, session: Session, actor: Actor, programme_id: int, municipality_id: int
             ) -> list[LogView]:
    """The group's log, newest first."""
    check_read(actor, municipality_id, session=session, programme_id=programme_id)
    rows = session.exec(select(LogEntry).where(
        LogEntry.programme_id == programme_id, LogEntry.municipality_id == municipality_id)
        .order_by(col(LogEntry.happened_on).desc(), col(LogEntry.id).desc())).all()
    return [LogView(id=e.id, kind=LogKind(e.kind), text=e.text, happened_on=e.happened_on,
                    shared=e.shared) for e in rows]
