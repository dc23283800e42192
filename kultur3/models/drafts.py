"""What a browser's draft last wrote: a typing-safe field (kultur3/ui/typing_field.py) sends
its text with a random key per draft, and the service keeps here which row and version that
draft's last save made. A re-send of a save whose confirmation never reached the browser
(network cut, server restart) is then known as this draft's own write, not someone else's:
it is neither saved twice nor shown as a conflict with itself. No personal data: a random
key, a row id and a version."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from kultur3.models.base import utcnow

# 32 hex characters (128 random bits, crypto.randomUUID() without dashes in the browser).
DRAFT_KEY_MAX = 32


class DraftReceipt(SQLModel, table=True):
    draft_key: str = Field(primary_key=True, max_length=DRAFT_KEY_MAX)
    entity: str = Field(max_length=20)
    entity_id: int
    version: int
    # The browser numbers its sends of a draft; a send numbered at or below the last one
    # applied arrived late (queued while the network was down) and is not applied over newer
    # words.
    seq: int = 0
    saved_at: datetime = Field(default_factory=utcnow, index=True)
