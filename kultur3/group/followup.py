"""«Siden sist»: what changed since the previous gathering, what is overdue, what is left."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from kultur3.access.permissions import Actor, check_read
from kultur3.group import actions, workspace
from kultur3.group.scoring import AreaGap
from kultur3.models import Gathering, Score


@dataclass(frozen=True)
class Change:
    label: str
    before: float | None
    after: float | None


@dataclass(frozen=True)
class SinceLast:
    latest_title: str | None
    previous_title: str | None
    changes: list[Change]
    overdue: list[actions.ActionView]
    biggest_gaps: list[AreaGap]
    uncovered: list[AreaGap]


def scored_gatherings(*, session: Session, actor: Actor, programme_id: int, municipality_id: int
                      ) -> list[Gathering]:
    """Gatherings where this group has scores, newest first."""
    check_read(actor, municipality_id, session=session, programme_id=programme_id)
    return list(session.exec(
        select(Gathering).where(Gathering.programme_id == programme_id,
                                col(Gathering.id).in_(select(Score.gathering_id).where(
                                    Score.municipality_id == municipality_id)))
        .order_by(col(Gathering.held_on).desc(), col(Gathering.id).desc())).all())


def since_last(*, session: Session, actor: Actor, programme_id: int, municipality_id: int,
               lang: str = "nb", today: date | None = None, top: int = 3) -> SinceLast:
    """Current-state scores that moved between the last two gatherings, overdue actions and
    the largest remaining gaps."""
    done = scored_gatherings(session=session, actor=actor, programme_id=programme_id,
                             municipality_id=municipality_id)
    sheets = [workspace.gaps_from(workspace.score_sheet(
        session=session, actor=actor, gathering_id=g.id, municipality_id=municipality_id,
        lang=lang)) for g in done[:2]]
    latest = sheets[0] if sheets else []
    changes = []
    if len(sheets) == 2:
        before = {g.value_area_id: g.current for g in sheets[1]}
        changes = [Change(g.label, before.get(g.value_area_id), g.current) for g in latest
                   if before.get(g.value_area_id) != g.current]
    acts = actions.list_actions(session=session, actor=actor, programme_id=programme_id,
                                municipality_id=municipality_id, lang=lang, today=today)
    known = sorted((g for g in latest if g.gap is not None), key=lambda g: -g.gap)
    return SinceLast(
        latest_title=done[0].title if done else None,
        previous_title=done[1].title if len(done) > 1 else None,
        changes=changes, overdue=[a for a in acts if a.overdue],
        biggest_gaps=[g for g in known[:top] if g.gap > 0],
        uncovered=actions.uncovered_gaps(latest, acts))
