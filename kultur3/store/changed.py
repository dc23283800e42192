"""One call records what a write changed: changed(session, ...) at the end of every write.

It bumps the counters the write moved, in the write's own transaction, each with one atomic
UPDATE ... SET value = value + 1 (never a read-modify-write), and announces the hub names
that wake live screens once the transaction commits (kultur3/store/changes.py). What moves,
and who reads it:

==================  ===================================  ======================================
moved               when                                 read by
==================  ===================================  ======================================
``data``            every write                          every cached read in the UI
                                                         (kultur3/ui/context.py cached_read)
``users``           users=True: an account was made,     nothing reads it yet; kept so a cache
                    changed or erased                    of accounts alone can key on it
``cells:p:m``       cells=True with municipality_id:     kultur3/insight/cell_frames.py: re-reads
                    score_cells.refresh of that          only the municipalities whose counter
                    municipality's cells in programme p  moved (the dashboard, the overview)
``cells:p``         cells=True without municipality_id:  cell_frames.py: reads the programme's
                    score_cells.rebuild of programme p   cells whole again
``live:g``          gathering_id=g: anything the         the projector and the console's live
(counter and hub)   projector of gathering g draws       panel (kultur3/live/state.live_version,
                                                         kultur3/ui/live/tickers.py)
``phase_version``   phase=True: the facilitator changed  the group screens
(gathering row)     phase, agenda, locks, reveal, timer  (kultur3/live/state.phase_version)
``phase:g`` (hub)   phase=True                           the group screens' wait (tickers.py)
==================  ===================================  ======================================

Lock order: a write calls changed() once, after its own rows (score_cells.refresh records
its cells with data=False, before its caller's call); the gathering row comes first, then
the counters in sorted name order (cells < data < live < users), so two writers never wait
on each other's counters in opposite orders (PostgreSQL row locks; SQLite has one writer).
"""

from __future__ import annotations

from sqlalchemy import event, update
from sqlmodel import Session

from kultur3.core.errors import NotFound
from kultur3.models import Gathering
from kultur3.store import changes, versions
from kultur3.store.changes import live_name, phase_name

__all__ = ["DATA", "USERS", "cells_name", "changed", "claim_gathering", "live_name",
           "phase_name"]

DATA = versions.DATA
USERS = versions.USERS
_CLAIMED = "kultur3.phase_claimed"  # session.info: gatherings whose phase_version moved already


def cells_name(programme_id: int, municipality_id: int | None = None) -> str:
    """The counter of one municipality's score cells in a programme (moved by every refresh
    of them), or of the programme's cells as a whole (moved by a rebuild)."""
    if municipality_id is None:
        return f"cells:{programme_id}"
    return f"cells:{programme_id}:{municipality_id}"


def changed(session: Session, *, programme_id: int | None = None,
            municipality_id: int | None = None, gathering_id: int | None = None,
            phase: bool = False, users: bool = False, cells: bool = False,
            data: bool = True) -> None:
    """Record, in the caller's transaction, what this write changed (the table above).

    gathering_id: the projector of that gathering shows the change (live:g moves and is
    announced). phase: the facilitator changed the gathering's settings (phase_version moves,
    phase:g is announced; needs gathering_id). users: accounts changed. cells: the score cells
    of programme_id (of municipality_id, when given) were refreshed. data=False only for
    score_cells itself, whose caller records the write."""
    if phase:
        if gathering_id is None:
            raise ValueError("phase=True needs the gathering_id")
        if gathering_id not in session.info.get(_CLAIMED, set()):
            _bump_phase(session, gathering_id)
        session.info.get(_CLAIMED, set()).discard(gathering_id)
        changes.announce(session, phase_name(gathering_id))
    names = set()
    if data:
        names.add(DATA)
    if users:
        names.add(USERS)
    if cells:
        if programme_id is None:
            raise ValueError("cells=True needs the programme_id")
        names.add(cells_name(programme_id, municipality_id))
    if gathering_id is not None:
        names.add(live_name(gathering_id))
    for name in sorted(names):  # one order for every writer: no lock cycle between them
        versions.bump(session, name)
    if gathering_id is not None:
        changes.announce(session, live_name(gathering_id))


def claim_gathering(session: Session, gathering_id: int) -> None:
    """The first statement of a console write: move the gathering's phase_version now (one
    atomic UPDATE), which holds its row (PostgreSQL) or the write lock (SQLite) until commit,
    so two facilitators' changes apply one after the other; NotFound when there is no such
    gathering. The write's changed(gathering_id=…, phase=True) then does not move it again."""
    _bump_phase(session, gathering_id)
    session.info.setdefault(_CLAIMED, set()).add(gathering_id)


def _bump_phase(session: Session, gathering_id: int) -> None:
    bumped = session.exec(update(Gathering).where(  # type: ignore[call-overload]
        Gathering.id == gathering_id).values(phase_version=Gathering.phase_version + 1))
    if bumped.rowcount != 1:
        raise NotFound()


@event.listens_for(Session, "after_transaction_end")
def _forget_claims(session: Session, transaction) -> None:
    if transaction.parent is None:  # the whole transaction, not a savepoint
        session.info.pop(_CLAIMED, None)
