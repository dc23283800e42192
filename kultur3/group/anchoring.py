"""Anchoring (forankring): where a municipality's work stands in its plans, budget and
politics. The group (and staff on its behalf) records entries; the municipality's own
leadership (kommuneleder) comments on and approves them; leaders read them all.

Level 5 of every value area says «written into plans and budgets», so a group that rates
itself high with nothing adopted behind it is flagged (high_without_anchoring)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from kultur3.access import audit
from kultur3.access.permissions import (
    Actor,
    Resource,
    check,
    check_read,
    check_write,
    is_staff,
)
from kultur3.core.errors import Conflict, NotFound, PermissionDenied
from kultur3.core.validation import build
from kultur3.models import (
    Anchoring,
    AnchoringKind,
    AnchoringStatus,
    Role,
    User,
    utcnow,
)
from kultur3.models.inputs import AnchoringIn, LeaderCommentIn
from kultur3.programme import catalogue
from kultur3.store.archive_guard import check_writable
from kultur3.store.changed import changed

ANCHORED = (AnchoringStatus.ADOPTED, AnchoringStatus.DONE)
# A current score at or above this, with nothing adopted behind it, is flagged.
HIGH_SCORE = 4.0


@dataclass(frozen=True)
class AnchoringInput:
    kind: AnchoringKind
    title: str
    case_ref: str = ""
    decided_on: date | None = None
    status: AnchoringStatus = AnchoringStatus.PROPOSED
    owner: str = ""
    note: str = ""


@dataclass(frozen=True)
class AnchoringView:
    id: int
    kind: str
    title: str
    case_ref: str
    decided_on: date | None
    status: str
    owner: str
    note: str
    leader_comment: str
    approved_by: str
    approved_at: datetime | None
    version: int
    entered_by_staff: bool = False  # recorded by staff on the group's behalf


def _checked(data: AnchoringInput) -> dict:
    values = build(AnchoringIn, title=data.title or "", case_ref=data.case_ref or "",
                   owner=data.owner or "", note=data.note or "").model_dump()
    return {**values, "kind": AnchoringKind(data.kind), "status": AnchoringStatus(data.status),
            "decided_on": data.decided_on}


def _writer(session: Session, actor: Actor, programme_id: int, municipality_id: int) -> None:
    """The group itself, or staff of the programme on its behalf (never a participant joined
    by code)."""
    check_write(actor, municipality_id, session=session, programme_id=programme_id)
    if actor.role == Role.PARTICIPANT:
        raise PermissionDenied()


def add_entry(*, session: Session, actor: Actor, programme_id: int, municipality_id: int,
              data: AnchoringInput) -> int:
    """Record where the work is anchored."""
    _writer(session, actor, programme_id, municipality_id)  # also: enrolled in the programme
    row = Anchoring(programme_id=programme_id, municipality_id=municipality_id,
                    created_by_id=actor.user_id,
                    entered_by_id=actor.user_id if is_staff(actor) else None, **_checked(data))
    session.add(row)
    session.flush()
    changed(session)
    audit.record(session, actor=actor, action="anchoring.add", entity="anchoring",
                 entity_id=row.id, detail={"title": row.title, "status": row.status.value})
    return row.id


def _entry(session: Session, entry_id: int) -> Anchoring:
    row = session.get(Anchoring, entry_id)
    if row is None:
        raise NotFound()
    return row


def update_entry(*, session: Session, actor: Actor, entry_id: int, base_version: int,
                 data: AnchoringInput) -> None:
    """Change an entry as edited from base_version; Conflict when someone saved in between."""
    row = _entry(session, entry_id)
    _writer(session, actor, row.programme_id, row.municipality_id)
    check_writable(session, row.programme_id)
    values = _checked(data)
    before = {k: str(getattr(row, k)) for k in values}
    result = session.exec(update(Anchoring).where(  # type: ignore[call-overload]
        Anchoring.id == entry_id, Anchoring.version == base_version)
        .values(**values, version=Anchoring.version + 1, updated_at=utcnow()))
    if result.rowcount != 1:
        raise Conflict(key="anchoring.conflict")
    session.expire(row)
    changed(session)
    audit.record(session, actor=actor, action="anchoring.update", entity="anchoring",
                 entity_id=entry_id, detail={"before": before,
                                             "after": {k: str(v) for k, v in values.items()}})


def delete_entry(*, session: Session, actor: Actor, entry_id: int) -> None:
    """Remove an entry recorded by mistake."""
    row = _entry(session, entry_id)
    _writer(session, actor, row.programme_id, row.municipality_id)
    session.delete(row)
    changed(session)
    audit.record(session, actor=actor, action="anchoring.delete", entity="anchoring",
                 entity_id=entry_id, detail={"title": row.title})


def review(*, session: Session, actor: Actor, entry_id: int, comment: str,
           approve: bool) -> None:
    """The municipality's own leadership (or an admin) comments and approves, or takes the
    approval back. Nobody else does: not the group, not another municipality's leader."""
    row = _entry(session, entry_id)
    check(actor, "anchoring.approve", Resource(municipality_id=row.municipality_id))
    text = build(LeaderCommentIn, comment=comment or "").comment
    before = {"comment": row.leader_comment, "approved": row.approved_at is not None}
    row.leader_comment = text
    row.approved_by_id, row.approved_at = (actor.user_id, utcnow()) if approve else (None, None)
    session.add(row)
    session.flush()
    changed(session)
    audit.record(session, actor=actor, action="anchoring.review", entity="anchoring",
                 entity_id=entry_id, detail={"before": before,
                                             "after": {"comment": text, "approved": approve}})


def entries(*, session: Session, actor: Actor, programme_id: int, municipality_id: int
            ) -> list[AnchoringView]:
    """A municipality's anchoring, adopted and done first, then by date."""
    check_read(actor, municipality_id, session=session, programme_id=programme_id)
    rows = session.exec(select(Anchoring, User.display_name).join(
        User, User.id == Anchoring.approved_by_id, isouter=True).where(
        Anchoring.programme_id == programme_id, Anchoring.municipality_id == municipality_id)
        .order_by(col(Anchoring.decided_on).desc(), Anchoring.id)
    ).all()
    order = {AnchoringStatus.DONE: 0, AnchoringStatus.ADOPTED: 1, AnchoringStatus.PROPOSED: 2}
    views = [AnchoringView(id=a.id, kind=str(a.kind), title=a.title, case_ref=a.case_ref,
                           decided_on=a.decided_on, status=str(a.status), owner=a.owner,
                           note=a.note, leader_comment=a.leader_comment,
                           approved_by=name or "", approved_at=a.approved_at, version=a.version,
                           entered_by_staff=a.entered_by_id is not None)
             for a, name in rows]
    return sorted(views, key=lambda v: order[AnchoringStatus(v.status)])


def counts(*, session: Session, programme_id: int) -> dict[int, dict[str, int]]:
    """Per municipality: how many entries in each status (for the leaders' overview)."""
    rows = session.exec(select(Anchoring.municipality_id, Anchoring.status, func.count())
                        .where(Anchoring.programme_id == programme_id)
                        .group_by(Anchoring.municipality_id, Anchoring.status)).all()
    out: dict[int, dict[str, int]] = {}
    for municipality_id, status, n in rows:
        out.setdefault(municipality_id, {})[str(status)] = n
    return out


@dataclass(frozen=True)
class MunicipalityAnchoring:
    municipality: str
    proposed: int
    adopted: int
    done: int


def programme_counts(*, session: Session, actor: Actor, programme_id: int
                     ) -> list[MunicipalityAnchoring]:
    """Every enrolled municipality's anchoring by status, for the leaders' dashboard."""
    check(actor, "dashboard.read")
    catalogue.check_programme(session=session, actor=actor, programme_id=programme_id)
    by = counts(session=session, programme_id=programme_id)
    return [MunicipalityAnchoring(
        municipality=p.name, proposed=by.get(p.municipality_id, {}).get("foreslatt", 0),
        adopted=by.get(p.municipality_id, {}).get("vedtatt", 0),
        done=by.get(p.municipality_id, {}).get("gjennomfort", 0))
        for p in catalogue.participants(session=session, programme_id=programme_id)]


def anchored(entries_or_counts) -> int:
    """How many entries are adopted or done (from entries() or one municipality's counts)."""
    if isinstance(entries_or_counts, dict):
        return sum(entries_or_counts.get(s.value, 0) for s in ANCHORED)
    return sum(1 for e in entries_or_counts if AnchoringStatus(e.status) in ANCHORED)


def high_without_anchoring(gaps, anchored_count: int) -> list[str]:
    """The value areas rated high today with nothing adopted behind them."""
    if anchored_count:
        return []
    return [g.label for g in gaps if g.current is not None and g.current >= HIGH_SCORE]
