"""Idempotent re-sends of a typing-safe field: which row and version a browser's draft last
saved, and which of its numbered sends that was (kultur3/models/drafts.py). A service that
takes a `draft_key` asks `own_base` before its compare-and-set and calls `keep` after it.

A draft is one person's: the row is kept under a hash of the person and the browser's key, so
another account or participant sending under the same key (read from a shared browser's
storage, say) finds no receipt and gets the conflict check anyone's old base gets."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import delete
from sqlmodel import Session

from kultur3.models import DRAFT_KEY_MAX, DraftReceipt
from kultur3.models.base import utcnow


class Actor(Protocol):
    """Who sends (kultur3.access.permissions.Actor; the store sits below access)."""

    participant_id: int | None
    user_id: int | None
    role: object


# A receipt matters until its browser hears back: minutes, days for a laptop left offline.
KEEP = timedelta(days=30)
SEQ_MAX = 2**31 - 1  # what the integer column holds on PostgreSQL


def _key(draft_key: str | None, seq: int) -> str | None:
    """The key, when it and the send's number are ones a browser makes."""
    return valid(draft_key) if isinstance(seq, int) and 0 <= seq <= SEQ_MAX else None


def valid(draft_key: str | None) -> str | None:
    """The key if it is one a browser makes (hex, at most DRAFT_KEY_MAX), else None: an odd
    key only loses the idempotency, never the save."""
    if not draft_key or len(draft_key) > DRAFT_KEY_MAX:
        return None
    return draft_key if all(c in "0123456789abcdef" for c in draft_key) else None


def owner(actor: Actor) -> str:
    """Whose drafts: «p<participant>», «u<user>», else «r<role>». The server binds its
    receipts to it; the browser keeps its drafts under it (kultur3/ui/typing_field.py)."""
    return (f"p{actor.participant_id}" if actor.participant_id is not None
            else f"u{actor.user_id}" if actor.user_id is not None else f"r{actor.role}")


def _stored(actor: Actor, key: str) -> str:
    """The receipt's key: the browser's key bound to the person who sends it."""
    return hashlib.sha256(f"{owner(actor)}:{key}".encode()).hexdigest()[:DRAFT_KEY_MAX]


def own_base(session: Session, actor: Actor, draft_key: str | None, seq: int, entity: str,
             entity_id: int, current_version: int, base_version: int) -> int | None:
    """The version to compare against: `current_version` when this draft made it (its save
    went through but the browser never heard, so it still sends the older base), else the
    base the browser sent; someone else's newer save is still a conflict. None when this
    send is one of this draft's that arrives after a later one was applied (queued while
    the network was down): the caller saves nothing."""
    key = _key(draft_key, seq)
    if key is None:
        return base_version
    receipt = session.get(DraftReceipt, _stored(actor, key))
    if receipt is None or receipt.entity != entity or receipt.entity_id != entity_id:
        return base_version
    if receipt.version == current_version:
        return None if seq and seq <= receipt.seq else current_version
    return base_version


def keep(session: Session, actor: Actor, draft_key: str | None, seq: int, entity: str,
         entity_id: int, version: int) -> None:
    """Remember that this draft's send number `seq` made `version` of the row."""
    key = _key(draft_key, seq)
    if key is None:
        return
    key = _stored(actor, key)
    receipt = session.get(DraftReceipt, key)
    if receipt is None:
        session.add(DraftReceipt(draft_key=key, entity=entity, entity_id=entity_id,
                                 version=version, seq=seq))
    else:
        receipt.entity, receipt.entity_id, receipt.version = entity, entity_id, version
        receipt.seq, receipt.saved_at = max(seq, receipt.seq), utcnow()
        session.add(receipt)


def purge(session: Session, now: datetime | None = None) -> int:
    """Delete the receipts older than KEEP; returns how many. Run daily by
    `python -m kultur3 purge-guests`, so the table does not grow with every draft ever typed."""
    result = session.exec(delete(DraftReceipt).where(  # type: ignore[call-overload]
        DraftReceipt.saved_at < (now or utcnow()) - KEEP))
    return result.rowcount or 0
