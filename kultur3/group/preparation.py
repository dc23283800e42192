"""What is next for a group: its next gathering (date, time, place, the preparation task and
whether the group has done it) and its open actions due before it; and the group's tick on
the preparation task."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from sqlmodel import Session, delete

from kultur3.access import audit
from kultur3.access.permissions import Actor, check_read, check_write
from kultur3.core import clock
from kultur3.core.errors import InvalidInput, NotFound
from kultur3.group import actions
from kultur3.models import GatheringStatus, PrepTick
from kultur3.programme import catalogue
from kultur3.store.archive_guard import check_writable
from kultur3.store.changed import changed


@dataclass(frozen=True)
class DueAction:
    id: int
    title: str
    deadline: date
    overdue: bool


@dataclass(frozen=True)
class NextGathering:
    id: int
    title: str
    kind: str
    held_on: date
    starts_at: time | None
    ends_at: time | None
    place: str
    video_link: str
    is_digital: bool
    prep_task: str
    prep_done: bool
    due: tuple[DueAction, ...]  # the group's open actions with a deadline on or before it


def _upcoming(gatherings: list[catalogue.GatheringInfo], today: date):
    return [g for g in gatherings if g.held_on >= today and not g.cancelled
            and g.status != GatheringStatus.CLOSED.value]


def next_gathering(*, session: Session, actor: Actor, programme_id: int, municipality_id: int,
                   today: date | None = None) -> NextGathering | None:
    """The group's next gathering that is not cancelled or closed, from today on; None when
    none is planned."""
    check_read(actor, municipality_id, session=session, programme_id=programme_id)
    today = today or clock.today()
    coming = _upcoming(catalogue.gatherings_for(session=session, programme_id=programme_id,
                                                municipality_id=municipality_id), today=today)
    if not coming:
        return None
    g = coming[0]
    done = session.get(PrepTick, (g.id, municipality_id)) is not None
    due = tuple(DueAction(id=a.id, title=a.title, deadline=a.deadline, overdue=a.overdue)
                for a in actions.list_actions(session=session, actor=actor,
                                              programme_id=programme_id,
                                              municipality_id=municipality_id, today=today)
                if a.status in actions.OPEN and a.deadline and a.deadline <= g.held_on)
    return NextGathering(id=g.id, title=g.title, kind=g.kind, held_on=g.held_on,
                         starts_at=g.starts_at, ends_at=g.ends_at, place=g.place,
                         video_link=g.video_link, is_digital=g.is_digital,
                         prep_task=g.prep_task, prep_done=done,
                         due=tuple(sorted(due, key=lambda a: (a.deadline, a.id))))


def tick_preparation(*, session: Session, actor: Actor, programme_id: int,
                     municipality_id: int, gathering_id: int, done: bool = True) -> None:
    """The group has done (or not yet) the preparation task of a gathering it is invited
    to; the facilitator sees it on /samlinger."""
    check_write(actor, municipality_id, session=session, programme_id=programme_id)
    mine = {g.id: g for g in catalogue.gatherings_for(
        session=session, programme_id=programme_id, municipality_id=municipality_id)}
    g = mine.get(gathering_id)
    if g is None:
        raise NotFound()
    if not g.prep_task or g.cancelled:
        raise InvalidInput(key="preparation.none")
    check_writable(session, programme_id)
    have = session.get(PrepTick, (gathering_id, municipality_id))
    if done and have is None:
        session.add(PrepTick(gathering_id=gathering_id, municipality_id=municipality_id))
    elif not done and have is not None:
        session.exec(delete(PrepTick).where(PrepTick.gathering_id == gathering_id,
                                            PrepTick.municipality_id == municipality_id))
    else:
        return
    session.flush()
    changed(session)
    audit.record(session, actor=actor, action="preparation.done" if done
                 else "preparation.undone", entity="gathering", entity_id=gathering_id,
                 detail={"municipality_id": municipality_id})
