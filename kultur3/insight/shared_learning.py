"""Learning across municipalities: actions and log entries a group chooses to share form a
programme-wide library, with the municipality named; and each group sees its learning
partners (others who rate themselves high where it has its largest gaps)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from kultur3.access import audit
from kultur3.access.permissions import Actor, check_read, check_write
from kultur3.core.errors import InvalidInput, NotFound, PermissionDenied
from kultur3.insight import dashboard
from kultur3.models import (
    Action,
    ActionStatus,
    ActionValueArea,
    LogEntry,
    LogKind,
    Municipality,
    Role,
)
from kultur3.programme import catalogue
from kultur3.programme.templates import localized
from kultur3.store.changed import changed

KINDS = {"action": Action, "log": LogEntry}


def set_shared(*, session: Session, actor: Actor, kind: str, item_id: int, shared: bool) -> None:
    """The group (or staff on its behalf) shares an action or log entry, or takes it back."""
    model = KINDS.get(kind)
    if model is None:
        raise InvalidInput(key="error.invalid_input", field=kind)
    row = session.get(model, item_id)
    if row is None or getattr(row, "deleted_at", None) is not None:  # a removed action
        raise NotFound()
    check_write(actor, row.municipality_id, session=session, programme_id=row.programme_id)
    if actor.role == Role.PARTICIPANT:
        raise PermissionDenied()
    row.shared = shared
    session.add(row)
    session.flush()
    changed(session)
    audit.record(session, actor=actor, action=f"{kind}.share", entity=kind, entity_id=item_id,
                 detail={"shared": shared})


@dataclass(frozen=True)
class LibraryItem:
    kind: str  # action or log
    id: int
    municipality: str
    focus_area: str
    title: str
    text: str
    value_areas: tuple[str, ...]
    value_area_ids: tuple[int, ...]
    status: str  # an action's status, or a log entry's kind (plan, act, observe, reflect)
    when: date | None


def library(*, session: Session, actor: Actor, programme_id: int, value_area_id: int | None = None,
            focus_area: str = "", lang: str = "nb") -> list[LibraryItem]:
    """Everything shared in the programme, newest first; for everyone who takes part in it."""
    catalogue.check_programme(session=session, actor=actor, programme_id=programme_id)
    focus = {p.municipality_id: p.focus_area for p in catalogue.participants(
        session=session, programme_id=programme_id, lang=lang)}
    names = dict(session.exec(select(Municipality.id, Municipality.name).where(
        col(Municipality.id).in_(list(focus)))).all())
    areas = {a.id: localized(a.names, lang) for a in catalogue.value_areas(
        session=session, programme_id=programme_id, include_retired=True)}
    acts = session.exec(select(Action).where(Action.programme_id == programme_id,
                                             col(Action.shared),
                                             col(Action.deleted_at).is_(None))).all()
    links: dict[int, list[int]] = defaultdict(list)
    for action_id, area_id in session.exec(select(ActionValueArea.action_id,
                                                  ActionValueArea.value_area_id).where(
            col(ActionValueArea.action_id).in_([a.id for a in acts]))).all():
        links[action_id].append(area_id)
    items = [LibraryItem(kind="action", id=a.id, municipality=names.get(a.municipality_id, ""),
                         focus_area=focus.get(a.municipality_id, ""), title=a.title,
                         text=a.progress_note or a.description,
                         value_areas=tuple(areas.get(i, "") for i in links[a.id]),
                         value_area_ids=tuple(links[a.id]), status=ActionStatus(a.status).value,
                         when=a.deadline) for a in acts]
    logs = session.exec(select(LogEntry).where(LogEntry.programme_id == programme_id,
                                               col(LogEntry.shared))).all()
    items += [LibraryItem(kind="log", id=e.id, municipality=names.get(e.municipality_id, ""),
                          focus_area=focus.get(e.municipality_id, ""), title="", text=e.text,
                          value_areas=(), value_area_ids=(), status=LogKind(e.kind).value,
                          when=e.happened_on) for e in logs]
    if value_area_id:
        items = [i for i in items if value_area_id in i.value_area_ids]
    if focus_area:
        items = [i for i in items if i.focus_area == focus_area]
    return sorted(items, key=lambda i: (i.when or date.min, i.id), reverse=True)


@dataclass(frozen=True)
class Partner:
    value_area: str
    gap: float
    partners: tuple[str, ...]


def partners_for(*, session: Session, actor: Actor, programme_id: int, municipality_id: int,
                 lang: str = "nb") -> list[Partner]:
    """For the group's largest gaps: which municipalities rate themselves highest there now.
    Only names and areas reach the group, never another group's scores."""
    check_read(actor, municipality_id, session=session, programme_id=programme_id)
    frame = dashboard._frame(session, programme_id, lang)  # noqa: SLF001 - checked above
    if frame.empty:
        return []
    table = dashboard.learning_partners(frame, municipality_id)
    return [Partner(value_area=area, gap=float(rows["gap"].iloc[0]),
                    partners=tuple(rows["partner"]))
            for area, rows in table.groupby("value_area", sort=False)]
