"""Read models for the home pages: a group's latest radar, who has answered, every gap."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from sqlalchemy import String, type_coerce
from sqlmodel import Session, col, func, select

from kultur3.access.permissions import Actor, check, check_read
from kultur3.group import anchoring, membership
from kultur3.group.scoring import AreaGap, mean_gap, total_gap
from kultur3.insight import cell_frames
from kultur3.models import Action, ActionStatus, Answer, Gathering, Score, ScoreKind
from kultur3.programme import catalogue
from kultur3.programme.templates import localized


@dataclass(frozen=True)
class GroupHome:
    municipality_name: str
    municipality_number: str
    county: str
    focus_area: str
    members: list[tuple[str, str, str, bool]]  # name, role in group, sector, coordinator
    gathering_title: str | None
    gathering_date: date | None
    gaps: list[AreaGap]


class _Agreed(NamedTuple):
    municipality_id: int
    gathering_id: int
    held_on: date
    value_area_id: int
    kind: str
    value: int | None


def _group_scores(session: Session, programme_id: int, municipality_id: int | None = None
                  ) -> list[_Agreed]:
    """(municipality_id, gathering_id, held_on, value_area_id, kind, value) of agreed scores:
    one municipality's, or (kept per process, kultur3/insight/cell_frames.py) every municipality's.

    Reading all 34,000 agreed scores at national scale took 100 ms of the leaders' overview
    after every write (75 ms of it SQLite handing over the rows); kept, a write re-reads only
    its own municipality's. Gathering dates are joined here, not kept: a date can change
    without a score being written."""
    held = dict(session.exec(select(Gathering.id, Gathering.held_on)
                             .where(Gathering.programme_id == programme_id)).all())
    if municipality_id is not None:
        rows = _agreed(session, programme_id, {municipality_id}).get(municipality_id, [])
    else:
        rows = [r for part in cell_frames.kept(session, programme_id, "agreed", _agreed,
                                               _patch_agreed).values() for r in part]
    return [_Agreed(m, g, held[g], a, k, v) for m, g, a, k, v in rows if g in held]


Row = tuple[int, int, int, str, int | None]  # municipality, gathering, area, kind, value


def _agreed(session: Session, programme_id: int, municipalities: set[int] | None
            ) -> dict[int, list[Row]]:
    """Agreed scores by municipality, as plain ints and strings from Core rows (converting
    dates and enum values row by row took half of the overview, bench/pages.py)."""
    stmt = (select(Score.municipality_id, Score.gathering_id, Score.value_area_id,
                   type_coerce(Score.kind, String), Score.value)
            .join(Gathering, Gathering.id == Score.gathering_id)
            .where(Gathering.programme_id == programme_id, col(Score.is_group)))
    if municipalities is not None:
        stmt = stmt.where(col(Score.municipality_id).in_(sorted(municipalities)))
    out: dict[int, list[Row]] = defaultdict(list)
    for row in session.connection().execute(stmt).all():
        out[row[0]].append(tuple(row))
    return dict(out)


def _patch_agreed(kept: dict[int, list[Row]], changed: set[int], fresh: dict[int, list[Row]]
                  ) -> dict[int, list[Row]]:
    return {**{m: rows for m, rows in kept.items() if m not in changed}, **fresh}


def _latest_gaps(rows, areas, lang: str) -> tuple[int | None, list[AreaGap]]:
    """From one municipality's agreed scores: the latest gathering and its gap per area."""
    if not rows:
        return None, []
    latest = max(rows, key=lambda r: (r.held_on, r.gathering_id)).gathering_id
    values = {(r.value_area_id, r.kind): r.value for r in rows if r.gathering_id == latest}
    gaps = [AreaGap(value_area_id=a.id, label=localized(a.names, lang),
                    desired=values.get((a.id, ScoreKind.DESIRED.value)),
                    current=values.get((a.id, ScoreKind.CURRENT.value))) for a in areas]
    return latest, gaps


def group_home(*, session: Session, actor: Actor, programme_id: int, municipality_id: int,
               lang: str = "nb") -> GroupHome:
    """What a group sees first: who it is, its focus area, and its latest gap radar."""
    check_read(actor, municipality_id, session=session, programme_id=programme_id)
    muni = catalogue.municipality(session=session, municipality_id=municipality_id)
    focus = next((p.focus_area for p in catalogue.participants(
        session=session, programme_id=programme_id, lang=lang)
        if p.municipality_id == municipality_id), "")
    people = membership.members(session=session, actor=actor, programme_id=programme_id,
                                municipality_id=municipality_id)
    areas = catalogue.value_areas(session=session, programme_id=programme_id)
    latest, gaps = _latest_gaps(_group_scores(session, programme_id, municipality_id), areas, lang)
    gathering = session.get(Gathering, latest) if latest else None
    return GroupHome(
        municipality_name=muni.name, municipality_number=muni.number, county=muni.county,
        focus_area=focus,
        members=[(m.name, m.group_role, m.sector, m.is_coordinator) for m in people],
        gathering_title=gathering.title if gathering else None,
        gathering_date=gathering.held_on if gathering else None, gaps=gaps)


@dataclass(frozen=True)
class GatheringProgress:
    gathering_id: int
    title: str
    held_on: date
    kind: str
    status: str
    expected: int
    answered: list[str]
    missing: list[str]


def answer_progress(*, session: Session, actor: Actor, programme_id: int
                    ) -> list[GatheringProgress]:
    """Per gathering: which of its municipalities have written at least one answer."""
    check(actor, "answers.progress")
    catalogue.check_programme(session=session, actor=actor, programme_id=programme_id)
    names = {p.municipality_id: p.name
             for p in catalogue.participants(session=session, programme_id=programme_id)}
    answered: dict[int, set[int]] = defaultdict(set)
    for gathering_id, municipality_id in session.exec(
        select(Answer.gathering_id, Answer.municipality_id).distinct()
        .join(Gathering, Gathering.id == Answer.gathering_id)
        .where(Gathering.programme_id == programme_id, func.length(Answer.text) > 0)
    ).all():
        answered[gathering_id].add(municipality_id)
    out = []
    for g in catalogue.gatherings_for(session=session, programme_id=programme_id):
        expected = [g.municipality_id] if g.municipality_id else sorted(names, key=names.get)
        done = answered.get(g.id, set())
        out.append(GatheringProgress(
            gathering_id=g.id, title=g.title, held_on=g.held_on, kind=g.kind, status=g.status,
            expected=len(expected),
            answered=[names.get(m, "?") for m in expected if m in done],
            missing=[names.get(m, "?") for m in expected if m not in done]))
    return out


@dataclass(frozen=True)
class MunicipalityGap:
    municipality_id: int
    number: str
    name: str
    county: str
    focus_area: str
    latest_gathering_date: date | None
    total_gap: float | None
    largest_gap_area: str | None
    actions_done: int
    actions_total: int
    mean_gap: float | None = None
    areas_answered: int = 0
    areas_total: int = 0
    anchored: int = 0
    anchoring_total: int = 0


def municipality_gaps(*, session: Session, actor: Actor, programme_id: int, lang: str = "nb"
                      ) -> list[MunicipalityGap]:
    """Every municipality in the programme with its latest total gap and action progress."""
    check(actor, "dashboard.read")
    catalogue.check_programme(session=session, actor=actor, programme_id=programme_id)
    areas = catalogue.value_areas(session=session, programme_id=programme_id)
    by_muni = defaultdict(list)
    for row in _group_scores(session, programme_id):
        by_muni[row.municipality_id].append(row)
    actions: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for muni_id, status in session.exec(select(Action.municipality_id, Action.status).where(
            Action.programme_id == programme_id, col(Action.deleted_at).is_(None))).all():
        actions[muni_id][1] += 1
        actions[muni_id][0] += int(ActionStatus(status) == ActionStatus.DONE)
    anchor = anchoring.counts(session=session, programme_id=programme_id)
    out = []
    for p in catalogue.participants(session=session, programme_id=programme_id, lang=lang):
        rows = by_muni.get(p.municipality_id, [])
        latest, gaps = _latest_gaps(rows, areas, lang)
        known = [g for g in gaps if g.gap is not None]
        largest = max(known, key=lambda g: g.gap).label if known else None
        held = max((r.held_on for r in rows if r.gathering_id == latest), default=None)
        mean, answered = mean_gap(g.gap for g in gaps)
        counts = anchor.get(p.municipality_id, {})
        out.append(MunicipalityGap(
            municipality_id=p.municipality_id, number=p.number, name=p.name, county=p.county,
            focus_area=p.focus_area, latest_gathering_date=held,
            total_gap=total_gap(g.gap for g in gaps), largest_gap_area=largest,
            actions_done=actions[p.municipality_id][0],
            actions_total=actions[p.municipality_id][1], mean_gap=mean,
            areas_answered=answered, areas_total=len(areas),
            anchored=anchoring.anchored(counts), anchoring_total=sum(counts.values())))
    return out
