"""Do our partners see us as we see ourselves? Members' scores in two bins: the culture
school's own people against its partners (every other sector of kultur3/models/sectors.py).
Eight sectors in a group of 4–6 left every sector below three people (in the demo, no group
ever reached it), so two bins it is. A bin is shown only with at least MIN_PER_SECTOR people
who scored in it, and an area's median in it only from that many number answers, so no one
person's score can be read off; a hidden bin is named with its count, never its scores.
Members without a sector are counted, in neither bin."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import tuple_
from sqlmodel import Session, col, select

from kultur3.access.permissions import Actor, check, check_read
from kultur3.group import scoring
from kultur3.models import Gathering, Member, Score, ScoreKind, sector_bin
from kultur3.models.sectors import PARTNER_BIN, SCHOOL_BIN
from kultur3.programme import catalogue
from kultur3.programme.templates import localized

MIN_PER_SECTOR = 3
BINS = (SCHOOL_BIN, PARTNER_BIN)  # in this order on the screen: us, then them


@dataclass(frozen=True)
class SectorSplit:
    sectors: tuple[tuple[str, int], ...]  # shown bins (BINS) with how many people scored
    hidden: tuple[tuple[str, int], ...]   # bins below the threshold, with how many scored
    unstated: int                         # people who scored without a sector: in no bin
    # (value area, bin, median desired, median current)
    rows: tuple[tuple[str, str, float | None, float | None], ...]

    @property
    def hidden_people(self) -> int:
        return sum(n for _, n in self.hidden)


def _median(values: list) -> float | None:
    """A bin's median in one area and kind, only from MIN_PER_SECTOR number answers: a bin
    of three where two said «vet ikke» would otherwise show the third person's score."""
    known = [v for v in values if v is not None]
    return scoring.median(known) if len(known) >= MIN_PER_SECTOR else None


def _split(rows, areas: dict[int, str]) -> SectorSplit:
    """rows: (member_id, sector, value_area_id, kind, value)."""
    people: dict[str | None, set[int]] = defaultdict(set)
    values: dict[tuple[int, str, ScoreKind], list] = defaultdict(list)
    for member_id, sector, area_id, kind, value in rows:
        if area_id not in areas:
            continue
        side = sector_bin(sector)
        people[side].add(member_id)
        if side is not None:
            values[(area_id, side, ScoreKind(kind))].append(value)
    shown = [b for b in BINS if len(people[b]) >= MIN_PER_SECTOR]
    out = [(areas[a], b, _median(values.get((a, b, ScoreKind.DESIRED), [])),
            _median(values.get((a, b, ScoreKind.CURRENT), [])))
           for a in areas for b in shown]
    return SectorSplit(sectors=tuple((b, len(people[b])) for b in shown),
                       hidden=tuple((b, len(people[b])) for b in BINS if b not in shown),
                       unstated=len(people[None]), rows=tuple(out))


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
