"""Who sees what, by sector: members' scores split by their sector (kulturskolen, skole,
barnehage, helse, frivillighet …), to show when partners rate the culture school lower than
its own staff do. A sector is shown only with at least MIN_PER_SECTOR members in it, so no
one person's score can be read off; the rest are counted, never shown."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import tuple_
from sqlmodel import Session, col, select

from kultur3.access.permissions import Actor, check, check_read
from kultur3.group import scoring
from kultur3.models import Gathering, Member, Score, ScoreKind
from kultur3.programme import catalogue
from kultur3.programme.templates import localized

MIN_PER_SECTOR = 3


@dataclass(frozen=True)
class SectorSplit:
    sectors: tuple[tuple[str, int], ...]  # shown sectors with how many members scored
    hidden_people: int                    # members in sectors below the threshold
    # (value area, sector, median desired, median current)
    rows: tuple[tuple[str, str, float | None, float | None], ...]


def _label(sector: str) -> str:
    """One spelling per sector: «kulturskolen» and «Kulturskolen » are the same."""
    clean = " ".join((sector or "").split())
    return clean[:1].upper() + clean[1:] if clean else ""


def _split(rows, areas: dict[int, str]) -> SectorSplit:
    """rows: (member_id, sector, value_area_id, kind, value)."""
    people: dict[str, set[int]] = defaultdict(set)
    values: dict[tuple[int, str, ScoreKind], list] = defaultdict(list)
    for member_id, sector, area_id, kind, value in rows:
        label = _label(sector)
        if not label or area_id not in areas:
            continue
        people[label].add(member_id)
        values[(area_id, label, ScoreKind(kind))].append(value)
    shown = sorted(s for s, who in people.items() if len(who) >= MIN_PER_SECTOR)
    hidden = sum(len(who) for s, who in people.items() if s not in shown)
    out = [(areas[a], s, scoring.median(values.get((a, s, ScoreKind.DESIRED), [])),
            scoring.median(values.get((a, s, ScoreKind.CURRENT), [])))
           for a in areas for s in shown]
    return SectorSplit(sectors=tuple((s, len(people[s])) for s in shown), hidden_people=hidden,
                       rows=tuple(out))


def _areas(session: Session, programme_id: int, lang: str) -> dict[int, str]:
    return {a.id: localized(a.names, lang)
            for a in catalogue.value_areas(session=session, programme_id=programme_id)}


def group_split(*, session: Session, actor: Actor, gathering_id: int, municipality_id: int,
                lang: str = "nb") -> SectorSplit:
    """One group's members' scores in one gathering, by sector."""
    check_read(actor, municipality_id, gathering_id, session=session)
    g = session.get(Gathering, gathering_id)
    rows = session.exec(select(Score.member_id, Member.sector, Score.value_area_id, Score.kind,
                               Score.value)
                        .join(Member, Member.id == Score.member_id)
                        .where(Score.gathering_id == gathering_id,
                               Score.municipality_id == municipality_id)).all()
    return _split(rows, _areas(session, g.programme_id, lang) if g else {})


def programme_split(*, session: Session, actor: Actor, programme_id: int, lang: str = "nb"
                    ) -> SectorSplit:
    """Every member's score in the programme, each group at its latest scored gathering."""
    check(actor, "dashboard.read")
    catalogue.check_programme(session=session, actor=actor, programme_id=programme_id)
    # First which gathering is each group's latest with members' scores (distinct pairs,
    # answered from the score index), then only those scores: a sixth of the rows. Reading
    # every member score and filtering here took 900 ms at national scale (bench/pages.py).
    pairs = session.exec(select(Score.municipality_id, Gathering.id, Gathering.held_on)
                         .join(Gathering, Gathering.id == Score.gathering_id)
                         .where(Gathering.programme_id == programme_id,
                                col(Score.member_id).is_not(None)).distinct()).all()
    latest: dict[int, tuple] = {}
    for municipality_id, gathering_id, held_on in pairs:
        latest[municipality_id] = max(latest.get(municipality_id, (held_on, gathering_id)),
                                      (held_on, gathering_id))
    if not latest:
        return _split([], _areas(session, programme_id, lang))
    wanted = [(m, g) for m, (_, g) in latest.items()]
    kept = session.exec(select(Score.member_id, Member.sector, Score.value_area_id, Score.kind,
                               Score.value)
                        .join(Member, Member.id == Score.member_id)
                        .where(tuple_(Score.municipality_id, Score.gathering_id).in_(wanted),
                               col(Score.member_id).is_not(None))).all()
    return _split(kept, _areas(session, programme_id, lang))
