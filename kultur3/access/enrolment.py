"""Is this municipality enrolled in this programme: the one query every service asks it with.

A municipality takes part in a programme through its Participation row (unique per pair).
Services ask through check_enrolled; the permission checks and the member queries build on
the statement `enrolled` makes, so the question is written once.
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


def check_enrolled(session: Session, programme_id: int, municipality_id: int | None, *,
                   error: Kultur3Error | None = None) -> Participation:
    """The municipality's enrolment in the programme; raises `error` (NotFound() unless the
    caller names another) when the municipality is not enrolled in it, or none is named."""
    part = None if municipality_id is None else session.exec(
        select(Participation).where(*_of(municipality_id, programme_id))).first()
    if part is None:
        raise error if error is not None else NotFound()
    return part


def enrolled_ids(session: Session, programme_id: int) -> set[int]:
    """The ids of every municipality enrolled in the programme."""
    return set(session.exec(select(Participation.municipality_id).where(
        Participation.programme_id == programme_id)).all())
