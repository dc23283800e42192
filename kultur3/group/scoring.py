"""Scores and gaps: the one place where desired − current is computed.

«Vet ikke / ikke relevant» (N/A, stored as None) is left out, never counted as zero.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass


def gap(desired: int | float | None, current: int | float | None) -> float | None:
    """Desired minus current; None when either side is N/A or missing."""
    if desired is None or current is None:
        return None
    return float(desired) - float(current)


def median(values: Iterable[int | float | None]) -> float | None:
    """Median of the given scores, N/A left out; None when nothing is left."""
    known = [v for v in values if v is not None]
    return float(statistics.median(known)) if known else None


def group_value(individual: Iterable[int | float | None], *, agreed_set: bool = False,
                agreed: int | float | None = None) -> float | None:
    """The group's value for one area and kind, the one rule every screen shows: the agreed
    score when the group set one (None when they agreed on «vet ikke»), else the median of the
    members' scores, and the room's where the facilitator counts them (None when nobody gave a
    number). The score cells store it
    (kultur3/group/score_cells.py), the workspace's sheet and the projector read it."""
    if agreed_set:
        return None if agreed is None else float(agreed)
    return median(individual)


def spread(values: Iterable[int | float | None]) -> tuple[float, float] | None:
    """(lowest, highest) of the known scores; None when nothing is known."""
    known = [v for v in values if v is not None]
    return (float(min(known)), float(max(known))) if known else None


def mean_gap(gaps: Iterable[float | None]) -> tuple[float | None, int]:
    """The mean of the known gaps, and how many there are. Rankings use this, not the sum:
    a group that answers «vet ikke» on three areas would otherwise look better than one that
    answered them all."""
    known = [g for g in gaps if g is not None]
    return (float(sum(known)) / len(known) if known else None), len(known)


def total_gap(gaps: Iterable[float | None]) -> float | None:
    """Sum of the known gaps; None when no value area has a gap."""
    known = [g for g in gaps if g is not None]
    return float(sum(known)) if known else None


@dataclass(frozen=True)
class AreaGap:
    """One radar axis: a value area with its desired, current and gap."""

    value_area_id: int
    label: str
    desired: float | None
    current: float | None

    @property
    def gap(self) -> float | None:
        return gap(self.desired, self.current)
