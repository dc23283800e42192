"""Is this municipality enrolled in this programme: the one query every service asks it with.

A municipality takes part in a programme through its Participation row (unique per pair).
Services ask through check_enrolled (or enrolment, for the row itself); the permission checks
and the member queries build on the statement `enrolled` makes, so the question is written once.
"""

from __future__ import annotations

from sqlmodel import Session, select

from kultur3.core.errors import Kultur3Error, NotFound
from kultur3.models import Participation


def _of(municipality_id: int, programme_id: int | None) -> list:
    where = [Participation.municipality_id == municipality_id]
    if programme_id is not None:
        where.append(Participation.programme_id == programme_id)
    return where


def enrolled(municipality_id: int, programme_id: int | None = None):
    """The statement selecting the id of the municipality's enrolment: in the programme when
    one is named (at most one row), else in every programme it takes part in."""
    return select(Participation.id).where(*_of(municipality_id, programme_id))


def _first(session: Session, what, municipality_id: int | None, programme_id: int,
           error: Kultur3Error | None):
    row = None if municipality_id is None else session.exec(
        select(what).where(*_of(municipality_id, programme_id))).first()
    if row is None:
        raise error if error is not None else NotFound()
    return row


def check_enrolled(session: Session, programme_id: int, municipality_id: int | None, *,
                   error: Kultur3Error | None = None) -> int:
    """The id of the municipality's enrolment in the programme; raises `error` (NotFound()
    unless the caller names another) when it is not enrolled in it, or none is named."""
    return _first(session, Participation.id, municipality_id, programme_id, error)


def enrolment(session: Session, programme_id: int, municipality_id: int | None, *,
              error: Kultur3Error | None = None) -> Participation:
    """The enrolment row itself (its focus area, its project), checked as check_enrolled.
    Not for a check alone: with the group's four project texts a row holds up to 16 kB, and
    on SQLite with the texts full the row cost 808 µs a call against the id's 663 µs (best of
    7 rounds of 1000 on a busy 2-core machine); check_gathering runs on every workshop read."""
    return _first(session, Participation, municipality_id, programme_id, error)


def enrolled_ids(session: Session, programme_id: int) -> set[int]:
    """The ids of every municipality enrolled in the programme."""
    return set(session.exec(select(Participation.municipality_id).where(
        Participation.programme_id == programme_id)).all())
