"""What the privacy page (/personvern) says that is not the same for every install: who is
responsible for the data (set by an admin) and how long guests' data is kept."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from kultur3.access import audit
from kultur3.access.permissions import Actor, check
from kultur3.core.config import current
from kultur3.core.validation import build
from kultur3.models import Setting, utcnow
from kultur3.models.inputs import ControllerIn
from kultur3.store.changed import changed

CONTROLLER = "privacy.controller"


@dataclass(frozen=True)
class Notice:
    controller: str  # "" until an admin names one
    guest_days: int


def guest_retention_days() -> int:
    """KULTUR3_GUEST_RETENTION_DAYS: what `purge-guests` keeps by default (365)."""
    return current().guest_retention_days


def notice(*, session: Session) -> Notice:
    """The privacy page's own facts; public (the page is read before anyone logs in)."""
    row = session.get(Setting, CONTROLLER)
    return Notice(controller=row.value if row else "", guest_days=guest_retention_days())


def set_controller(*, session: Session, actor: Actor, value: str) -> None:
    """Name who is responsible for the data (the municipality or the organisation that runs
    the programme, with a way to reach them). Admins only; audited."""
    check(actor, "privacy.notice")
    value = build(ControllerIn, value=value or "").value
    row = session.get(Setting, CONTROLLER) or Setting(key=CONTROLLER)
    before = row.value
    row.value, row.updated_at = value, utcnow()
    session.add(row)
    session.flush()
    changed(session)
    audit.record(session, actor=actor, action="privacy.controller", entity="setting",
                 detail={"before": before, "after": value})
