"""A programme's cell values (kultur3/group/score_cells.py) as one frame per process, patched per
municipality: a write re-reads only the cells of the municipality it touched. kept() does the
same for any other read of a programme's scores that splits by municipality (the overview).

Reading every cell again after each write cost 107 ms of the dashboard's 138 ms frame at
national scale (33,500 cells: 49 ms for SQLite to hand over the rows, the rest to build the
frame; /tmp profile of kultur3.insight.dashboard._frame, reproduced by bench/pages.py). Now a call
reads the programme's cell counters (one small query), then the cells of the municipalities
whose counter moved since this process last looked (a few dozen rows), and swaps those rows.

The counters are read before the cells, so the cells read are never older than the counters
kept: at worst a municipality is read again on the next call. A rebuild of the programme's
cells bumps its own counter and the frame is read whole.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

import pandas as pd
from sqlalchemy import Engine
from sqlmodel import Session, col, or_, select

from kultur3.models import DataVersion, Gathering, ScoreCell
from kultur3.store.changed import cells_name

KEY = ["municipality_id", "gathering_id", "value_area_id"]
COLUMNS = [*KEY, "desired", "current", "gap"]


T = TypeVar("T")
Read = Callable[[Session, int, "set[int] | None"], T]  # (session, programme, municipalities)
Patch = Callable[[T, "set[int]", T], T]  # (kept, changed municipalities, their fresh part)


@dataclass(frozen=True)
class _Kept(Generic[T]):
    epoch: int
    versions: dict[int, int]
    data: T


_LOCK = threading.Lock()
# Per engine (a test's fresh database must never see another's data), then per programme and
# what is kept.
_KEPT: weakref.WeakKeyDictionary[Engine, dict[tuple[int, str], _Kept]] = (
    weakref.WeakKeyDictionary())


def kept(session: Session, programme_id: int, name: str, read: Read[T], patch: Patch[T]) -> T:
    """What `read` makes of the programme's cells, kept per process: read whole the first time
    (or after a rebuild), then re-read only for the municipalities whose counter moved, and
    merged in with `patch`. The caller must not change what it gets."""
    epoch, counters = _counters(session, programme_id)
    engine = session.get_bind().engine
    with _LOCK:
        before = _KEPT.get(engine, {}).get((programme_id, name))
    if before is None or before.epoch != epoch:
        data = read(session, programme_id, None)
    else:
        changed = ({m for m, v in counters.items() if before.versions.get(m) != v}
                   | (set(before.versions) - set(counters)))
        if not changed:
            return before.data
        data = patch(before.data, changed, read(session, programme_id, changed))
    with _LOCK:
        _KEPT.setdefault(engine, {})[(programme_id, name)] = _Kept(epoch, counters, data)
    return data


def values(session: Session, programme_id: int) -> pd.DataFrame:
    """municipality × gathering × value area with desired, current and gap (NaN when unknown),
    as of now; the caller must not change the frame it gets."""
    return kept(session, programme_id, "values", _read, _patch)


def _patch(frame: pd.DataFrame, changed: set[int], fresh: pd.DataFrame) -> pd.DataFrame:
    others = frame[~frame["municipality_id"].isin(changed)]
    return pd.concat([others, fresh], ignore_index=True) if len(fresh) else others


def forget() -> None:
    """Drop every kept frame (tests that compare with a recomputation)."""
    with _LOCK:
        _KEPT.clear()


def _counters(session: Session, programme_id: int) -> tuple[int, dict[int, int]]:
    whole = cells_name(programme_id)
    rows = session.exec(select(DataVersion.name, DataVersion.value).where(or_(
        DataVersion.name == whole, col(DataVersion.name).startswith(f"{whole}:")))).all()
    epoch = next((v for name, v in rows if name == whole), 0)
    return epoch, {int(name.rsplit(":", 1)[1]): v for name, v in rows if name != whole}


def _read(session: Session, programme_id: int, municipalities: set[int] | None
          ) -> pd.DataFrame:
    """The cells (of some municipalities) as one row per municipality, gathering and area."""
    # Core rows handed to pandas column by column: the ORM's per-row loading and pandas'
    # inspection of whole Row objects each cost more than the query (bench/pages.py).
    stmt = (select(ScoreCell.municipality_id, ScoreCell.gathering_id, ScoreCell.value_area_id,
                   ScoreCell.kind, ScoreCell.value)
            .join(Gathering, Gathering.id == ScoreCell.gathering_id)
            .where(Gathering.programme_id == programme_id))
    if municipalities is not None:
        stmt = stmt.where(col(ScoreCell.municipality_id).in_(sorted(municipalities)))
    rows = session.connection().execute(stmt).all()
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype="float64" if c in ("desired", "current", "gap")
                                          else "int64") for c in COLUMNS})
    names = [*KEY, "kind", "value"]
    cells = pd.DataFrame(dict(zip(names, zip(*rows, strict=True), strict=True)))
    frame = (cells.set_index([*KEY, "kind"])["value"].unstack("kind")
             .reindex(columns=["desired", "current"]).reset_index())
    frame.columns.name = None
    frame[["desired", "current"]] = frame[["desired", "current"]].astype("float64")
    frame["gap"] = frame["desired"] - frame["current"]
    return frame[COLUMNS]
