"""Planning gatherings: create one (joint, local, leader follow-up; physical or digital) and
move its status. Running one live (phases, timer, joining) is kultur3.live."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from kultur3.access import audit
from kultur3.access.enrolment import check_enrolled
from kultur3.access.permissions import Actor, check
from kultur3.core.errors import InvalidInput, NotFound
from kultur3.core.validation import build
from kultur3.models import (
    Gathering,
    GatheringKind,
    GatheringStatus,
    Municipality,
)
from kultur3.models.inputs import GatheringCreate
from kultur3.programme import catalogue
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
