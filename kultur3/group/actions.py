"""Tiltak (actions) and the log of local work between gatherings."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, delete, func, select

from kultur3.access import audit
from kultur3.access.permissions import Actor, check_read, check_write, is_staff
from kultur3.core import clock
from kultur3.core.errors import Conflict, InvalidInput, NotFound
from kultur3.core.validation import build
from kultur3.group import membership, workspace
from kultur3.group.scoring import AreaGap
from kultur3.models import (
    Action,
    ActionNote,
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
from kultur3.store import drafts
from kultur3.store.archive_guard import check_writable
from kultur3.store.changed import changed

# A gap at least this large with no open action linked to it is pointed out.
LARGE_GAP = 1.5
OPEN = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, ActionStatus.ON_HOLD)
# «Snart» and «stille» on the action plan and an adviser's «Mine kommuner» (issue 23): due in
# the next two weeks (a fortnight is the advisers' follow-up rhythm), and open with no
# progress for six weeks (about the time between two gatherings of a half-year with 3-4).
DUE_SOON_DAYS = 14
QUIET_DAYS = 42


class _Unchanged:
    """update_action's default: the field is left as it is (None clears a deadline or an
    owner, so it cannot mean «unchanged»)."""

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED = _Unchanged()


def present(*where):
    """Actions not removed: every read of actions selects through this (a removed action is
    kept for staff to restore, and hidden everywhere else)."""
    return select(Action).where(col(Action.deleted_at).is_(None), *where)


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
    description_version: int = 1
    shared: bool = False
    position: int = 0
    due_soon: bool = False  # open, due today or within DUE_SOON_DAYS
    quiet: bool = False  # open, not changed for QUIET_DAYS (as «Mine kommuner» counts it)
    entered_by_staff: bool = False  # made by staff on the group's behalf (marked where shown)


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
    last = session.exec(select(func.max(Action.position)).where(
        Action.programme_id == programme_id, Action.municipality_id == municipality_id)).one()
    action = Action(
        programme_id=programme_id, municipality_id=municipality_id, title=data.title,
        description=data.description, owner_member_id=owner_member_id,
        owner_text=(data.owner_text or None) if owner_member_id is None else None,
        deadline=deadline, status=ActionStatus(status), priority=data.priority,
        position=(last or 0) + 1,
        source_gathering_id=source_gathering_id, created_by_id=actor.user_id,
        entered_by_id=actor.user_id if is_staff(actor) else None)
    session.add(action)
    session.flush()
    for area_id in dict.fromkeys(value_area_ids):
        session.add(ActionValueArea(action_id=action.id, value_area_id=area_id))
    changed(session, gathering_id=source_gathering_id)  # the room's projector, if from one
    audit.record(session, actor=actor, action="action.create", entity="action",
                 entity_id=action.id, detail={"title": data.title})
    return action.id


def _writable(session: Session, actor: Actor, action_id: int) -> Action:
    """The action, when the actor may change it now (its group, its gathering's phase); a
    removed action is not there to change."""
    action = session.get(Action, action_id)
    if action is None or action.deleted_at is not None:
        raise NotFound()
    check_write(actor, action.municipality_id, action.source_gathering_id, session=session,
                programme_id=action.programme_id)
    _check_unlocked(session, actor, action)
    return action


def _area_ids(session: Session, action_id: int) -> list[int]:
    return sorted(session.exec(select(ActionValueArea.value_area_id).where(
        ActionValueArea.action_id == action_id)).all())


def update_action(*, session: Session, actor: Actor, action_id: int, base_version: int,
                  status: ActionStatus | None = None, progress_note: str | None = None,
                  deadline: date | None | _Unchanged = UNCHANGED,
                  owner_text: str | None | _Unchanged = UNCHANGED,
                  owner_member_id: int | None | _Unchanged = UNCHANGED,
                  title: str | None = None, description: str | None = None,
                  priority: int | None = None, value_area_ids: list[int] | None = None,
                  draft_key: str | None = None, draft_seq: int = 0) -> int:
    """Change an action edited from base_version; Conflict when someone else saved first
    (with their text: the description when only it is edited, else the progress note).
    Returns the new version. `draft_key`, `draft_seq`: a typing-safe field's draft and the
    number of this send of it (kultur3/store/drafts.py).

    None leaves status, note, title, description, priority and areas as they are; deadline
    and owner are left unless given, and None clears them. An owner is a member or a name:
    setting one takes the other away. A new progress note is kept in the history with the
    status it was written at; the audit has before and after of every field that changed."""
    action = _writable(session, actor, action_id)
    data = build(ActionUpdate, title=title, progress_note=progress_note, description=description,
                 owner_text=None if isinstance(owner_text, _Unchanged) else owner_text,
                 priority=priority)
    wanted: dict = {"title": data.title, "description": data.description,
                    "priority": data.priority, "progress_note": data.progress_note,
                    "status": None if status is None else ActionStatus(status).value}
    values = {k: v for k, v in wanted.items() if v is not None}
    if not isinstance(deadline, _Unchanged):
        values["deadline"] = deadline
    if not isinstance(owner_member_id, _Unchanged) and owner_member_id is not None:
        _check_links(session, programme_id=action.programme_id,
                     municipality_id=action.municipality_id, area_ids=[],
                     owner_member_id=owner_member_id, source_gathering_id=None)
        values.update(owner_member_id=owner_member_id, owner_text=None)
    elif not isinstance(owner_text, _Unchanged) and data.owner_text:
        values.update(owner_text=data.owner_text, owner_member_id=None)
    elif not (isinstance(owner_member_id, _Unchanged) and isinstance(owner_text, _Unchanged)):
        values.update(owner_member_id=None, owner_text=None)  # cleared
    values = {k: v for k, v in values.items() if getattr(action, k) != v}
    before = {k: _plain(getattr(action, k)) for k in values}
    after = {k: _plain(v) for k, v in values.items()}
    areas = None
    if value_area_ids is not None:
        if not value_area_ids:
            raise InvalidInput(key="actions.needs_area")
        _check_links(session, programme_id=action.programme_id,
                     municipality_id=action.municipality_id, area_ids=value_area_ids,
                     owner_member_id=None, source_gathering_id=None)
        old, areas = _area_ids(session, action_id), sorted(set(value_area_ids))
        if old != areas:
            before["value_area_ids"], after["value_area_ids"] = old, areas
        else:
            areas = None
    check_writable(session, action.programme_id)
    # The description alone (its typing-safe field) is checked against its own version, the
    # form against the rest's: each the same person may save in one run. Which one is named
    # by what the caller passed, never by what happened to change.
    only_text = description is not None
    if only_text and (any(v is not None for v in (title, progress_note, status, priority,
                                                   value_area_ids))
                      or not all(isinstance(v, _Unchanged)
                                 for v in (deadline, owner_text, owner_member_id))):
        raise ValueError("an action's description is saved on its own, from its own version")
    if draft_key is not None and not only_text:
        raise ValueError("a draft is a typing-safe field's: the description's only")
    theirs = action.description if only_text else action.progress_note
    column = Action.description_version if only_text else Action.version
    version = action.description_version if only_text else action.version
    own = drafts.own_base(session, actor, draft_key, draft_seq, "action", action_id, version,
                          base_version)
    if own is None:
        return version  # a late send of this draft: newer words are saved
    base_version = own
    if only_text and not values:
        return version  # the text it already has (a re-send): nothing to save twice
    result = session.exec(  # type: ignore[call-overload]
        update(Action).where(Action.id == action_id, column == base_version)
        .values(**values, **{column.key: column + 1}, updated_at=utcnow()))
    if result.rowcount != 1:
        raise Conflict(theirs=theirs, version=version,
                       **({"mine": description} if only_text else {}))
    if areas is not None:
        session.exec(delete(ActionValueArea).where(ActionValueArea.action_id == action_id))
        for area_id in areas:
            session.add(ActionValueArea(action_id=action_id, value_area_id=area_id))
    if "progress_note" in values:
        session.add(ActionNote(action_id=action_id, author_id=actor.user_id,
                               text=values["progress_note"],
                               status=values.get("status", action.status)))
    session.flush()
    session.expire(action)
    drafts.keep(session, actor, draft_key, draft_seq, "action", action_id, version + 1)
    changed(session)
    audit.record(session, actor=actor, action="action.update", entity="action",
                 entity_id=action_id, detail={"before": before, "after": after})
    return version + 1


def _plain(value) -> object:
    """A value as the audit's JSON holds it."""
    return value.isoformat() if isinstance(value, date) else value


def delete_action(*, session: Session, actor: Actor, action_id: int, now=None) -> None:
    """Remove an action: hidden from every read, kept for staff to restore for
    RESTORE_DAYS (kultur3/group/action_edit.py), then purged by retention."""
    action = _writable(session, actor, action_id)
    check_writable(session, action.programme_id)
    # The whole row goes into the audit log too, so a removal can be seen after the purge.
    row = action.model_dump(mode="json")
    row["value_area_ids"] = _area_ids(session, action_id)
    action.deleted_at, action.deleted_by_id = now or utcnow(), actor.user_id
    session.add(action)
    session.flush()
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
    stmt = present(Action.programme_id == programme_id, Action.municipality_id == municipality_id)
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
    soon = today + timedelta(days=DUE_SOON_DAYS)
    # The same «stille» as an adviser's «Mine kommuner» (insight/adviser_home.py), whose
    # figure links here: open, and not changed (a note, a field) since midnight in Oslo
    # QUIET_DAYS days ago.
    quiet = datetime.combine(today - timedelta(days=QUIET_DAYS), datetime.min.time(),
                             tzinfo=clock.OSLO)
    views = [ActionView(
        id=a.id, title=a.title, description=a.description,
        value_area_ids=tuple(links[a.id]), value_areas=tuple(areas.get(i, "?") for i in links[a.id]),
        owner=people.get(a.owner_member_id, "") if a.owner_member_id else (a.owner_text or ""),
        owner_member_id=a.owner_member_id, owner_text=a.owner_text or "",
        deadline=a.deadline, status=ActionStatus(a.status), priority=a.priority,
        progress_note=a.progress_note, source_gathering=titles.get(a.source_gathering_id, ""),
        version=a.version, description_version=a.description_version, shared=a.shared,
        position=a.position,
        overdue=bool(a.deadline and a.deadline < today and a.status in OPEN),
        due_soon=bool(a.deadline and today <= a.deadline <= soon and a.status in OPEN),
        quiet=a.status in OPEN and _aware(a.updated_at) < quiet,
        entered_by_staff=a.entered_by_id is not None)
        for a in rows]
    return sorted(views, key=lambda v: (not v.overdue, v.priority, v.deadline or date.max, v.id))


def _aware(at: datetime) -> datetime:
    """A stored instant as UTC-aware (SQLite gives it back naive)."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)


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
    entered_by_staff: bool = False


def add_log_entry(*, session: Session, actor: Actor, programme_id: int, municipality_id: int,
                  kind: LogKind, text: str, happened_on: date) -> int:
    """Log a step of local work: plan, act, observe or reflect."""
    check_write(actor, municipality_id, session=session, programme_id=programme_id)
    text = build(LogEntryIn, text=text).text
    entry = LogEntry(programme_id=programme_id, municipality_id=municipality_id,
                     kind=LogKind(kind), text=text, happened_on=happened_on,
                     author_id=actor.user_id,
                     entered_by_id=actor.user_id if is_staff(actor) else None)
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
                    shared=e.shared, entered_by_staff=e.entered_by_id is not None)
            for e in rows]
