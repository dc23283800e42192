"""One value per (gathering, municipality, value area, kind): what the leaders' pages read.

The value is kultur3.group.scoring.group_value: the group's agreed score when one is set (None
when they agreed on «vet ikke»), else the median of the members' scores (None when nobody gave
a number); the room's scores («Deltakere i rommet») join that median only in a gathering whose
facilitator counts them (Gathering.room_scores_counted; refresh_gathering when it flips). The
projector (kultur3/live/room.py) reads these cells too. The dashboard used to read every score
row and take medians in pandas on every data change (~200,000 rows at national scale, ~640 ms
after each write, bench/pages.py); the cells are ~1/6 of those rows and need no grouping.

Every score write refreshes its own cell in the same transaction, after taking the cell's
row lock (PostgreSQL): the recount then runs in a statement that starts after any other
writer of the same cell has committed, so two people scoring the same area at once cannot
leave a cell that misses one of them. SQLite serialises writers anyway.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import delete
from sqlmodel import Session, col, select

from kultur3.group.scoring import group_value
from kultur3.models import Gathering, Score, ScoreCell, ScoreKind
from kultur3.store.changed import cells_name, changed

Key = tuple[int, int, int, str]  # gathering, municipality, value area, kind


def cell_value(rows: Iterable[tuple[bool, bool, int | None]], room_counted: bool = False
               ) -> float | None:
    """(is_group, is_room, value) rows of one cell -> its value: agreed first, else the
    members' median; the room's scores (guest_key rows: people joined by code, guests on a
    shared device) join the median only when the gathering counts them."""
    rows = list(rows)
    agreed = [value for is_group, _, value in rows if is_group]
    return group_value([value for is_group, is_room, value in rows
                        if not is_group and (room_counted or not is_room)],
                       agreed_set=bool(agreed), agreed=agreed[0] if agreed else None)


def _room_counted(session: Session, gathering_ids: Iterable[int]) -> set[int]:
    """The gatherings among these whose room scores count in the group value."""
    return set(session.exec(select(Gathering.id).where(
        col(Gathering.id).in_(set(gathering_ids)), col(Gathering.room_scores_counted))).all())


def refresh(session: Session, keys: Iterable[Key]) -> None:
    """Recount these cells from their score rows (a handful each), in the caller's
    transaction, each under its row lock; a cell with no score rows left is removed. Bumps the
    counter of each municipality whose cells it touched, in the same transaction."""
    keys = sorted(set(keys))
    counted = _room_counted(session, {g for g, _, _, _ in keys})
    for g, m, a, kind in keys:
        kind = ScoreKind(kind).value
        where = (Score.gathering_id == g, Score.municipality_id == m, Score.value_area_id == a,
                 Score.kind == ScoreKind(kind))
        _lock(session, g, m, a, kind)
        rows = session.exec(select(Score.is_group, col(Score.guest_key).is_not(None),
                                   Score.value).where(*where)).all()
        cell = session.get(ScoreCell, (g, m, a, kind), populate_existing=True)
        if not rows:
            if cell is not None:
                session.delete(cell)
            continue
        if cell is None:
            cell = ScoreCell(gathering_id=g, municipality_id=m, value_area_id=a, kind=kind)
        cell.value = cell_value(rows, g in counted)
        session.add(cell)
    session.flush()
    _bump(session, {(g, m) for g, m, _, _ in keys})


def _bump(session: Session, touched: set[tuple[int, int | None]]) -> None:
    """Record which cells changed: (gathering, municipality) -> that municipality's cells in
    the gathering's programme; (gathering, None) -> the programme's cells as a whole. The
    caller records its write itself (the data counter, the projector)."""
    if not touched:
        return
    programme_of = dict(session.exec(select(Gathering.id, Gathering.programme_id).where(
        col(Gathering.id).in_({g for g, _ in touched}))).all())
    # In name order, as changed() bumps: one order for every writer, no lock cycle.
    for p, m in sorted({(programme_of[g], m) for g, m in touched if g in programme_of},
                       key=lambda pm: cells_name(*pm)):
        changed(session, programme_id=p, municipality_id=m, cells=True, data=False)


def _lock(session: Session, g: int, m: int, a: int, kind: str) -> None:
    """Take the cell's row lock, making the row first when it is missing (PostgreSQL)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    from sqlalchemy.dialects.postgresql import insert
    session.exec(insert(ScoreCell).values(  # type: ignore[call-overload]
        gathering_id=g, municipality_id=m, value_area_id=a, kind=kind, value=None)
        .on_conflict_do_nothing())
    session.exec(select(ScoreCell).where(  # type: ignore[call-overload]
        ScoreCell.gathering_id == g, ScoreCell.municipality_id == m,
        ScoreCell.value_area_id == a, ScoreCell.kind == kind).with_for_update())


def refresh_gathering(session: Session, gathering_id: int) -> int:
    """Recount the cells of one gathering that hold a room score (its room setting flipped;
    the other cells cannot change); returns how many."""
    keys = keys_of(session, Score.gathering_id == gathering_id, col(Score.guest_key).is_not(None))
    refresh(session, keys)
    return len(keys)


def keys_of(session: Session, *where) -> list[Key]:
    """The cells that score rows matching `where` belong to (before a bulk delete)."""
    rows = session.exec(select(Score.gathering_id, Score.municipality_id, Score.value_area_id,
                               Score.kind).where(*where).distinct()).all()
    return [(g, m, a, ScoreKind(k).value) for g, m, a, k in rows]


def rebuild(session: Session, programme_id: int | None = None) -> int:
    """Recount every cell (of one programme) from the score rows: after seeding, a migration,
    or a bulk purge. Returns the number of cells."""
    scope = select(Gathering.id)
    if programme_id is not None:
        scope = scope.where(Gathering.programme_id == programme_id)
    ids = list(session.exec(scope).all())
    session.exec(delete(ScoreCell).where(col(ScoreCell.gathering_id).in_(ids)))  # type: ignore[call-overload]
    grouped: dict[Key, list] = defaultdict(list)
    for g, m, a, kind, is_group, is_room, value in session.exec(select(
            Score.gathering_id, Score.municipality_id, Score.value_area_id, Score.kind,
            Score.is_group, col(Score.guest_key).is_not(None), Score.value).where(
                col(Score.gathering_id).in_(ids))).all():
        grouped[(g, m, a, ScoreKind(kind).value)].append((is_group, is_room, value))
    counted = _room_counted(session, ids)
    for (g, m, a, kind), rows in grouped.items():
        session.add(ScoreCell(gathering_id=g, municipality_id=m, value_area_id=a, kind=kind,
                              value=cell_value(rows, g in counted)))
    session.flush()
    _bump(session, {(g, None) for g in ids})
    return len(grouped)
