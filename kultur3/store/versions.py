"""Named data-version counters. Writes bump them atomically; caches key on their value."""

from __future__ import annotations

import threading

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from kultur3.models import DataVersion

# One counter for everything a programme's screens read; finer counters can come later.
DATA = "data"
USERS = "users"

# How many bumps this process has made, for a reader that keeps a counter's value for one
# script run (kultur3/ui/context.data_version): it reads again once this moves. Under a lock:
# a bare `+=` from two threads could move it back to a value a run already keyed on.
_bumps_here = 0
_BUMPS_LOCK = threading.Lock()


def bumps_here() -> int:
    """The number of bumps this process made so far (it moves with every write here)."""
    return _bumps_here


def bump(session: Session, name: str = DATA) -> None:
    """Add one to a counter in the caller's transaction (UPDATE ... SET value = value + 1)."""
    global _bumps_here
    with _BUMPS_LOCK:
        _bumps_here += 1
    result = session.exec(  # type: ignore[call-overload]
        update(DataVersion).where(DataVersion.name == name).values(value=DataVersion.value + 1)
    )
    if result.rowcount == 0:
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        stmt = insert(DataVersion).values(name=name, value=1)
        stmt = stmt.on_conflict_do_update(
            index_elements=["name"], set_={"value": DataVersion.value + 1}
        )
        session.exec(stmt)  # type: ignore[call-overload]


def current(session: Session, name: str = DATA) -> int:
    """The counter's value now (0 when never bumped)."""
    value = session.exec(select(DataVersion.value).where(DataVersion.name == name)).first()
    return value or 0
