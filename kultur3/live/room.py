"""What the room has done, for the projector and the console: the answer wall, the room's
radar (median per area with the interquartile band), and the dot results."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import Session, col, select

from kultur3.access.permissions import Actor, Resource, check, is_staff
from kultur3.group.scoring import AreaGap, median
from kultur3.live import activity_results
from kultur3.live.state import (
    QUESTION_PHASES,
    RADAR_PHASES,
    LiveState,
    _state,
    check_live_read,
    gathering_municipalities,
)
from kultur3.models import (
    Action,
    ActivityEntry,
    Answer,
    Gathering,
    Phase,
    Question,
    Score,
    ScoreCell,
    ScoreKind,
    Vote,
)
from kultur3.programme import catalogue
from kultur3.programme.templates import localized


@dataclass(frozen=True)
class WallCard:
    answer_id: int
    municipality: str | None  # None in anonymous mode
    area: str | None
    text: str
    hidden: bool = False
    hidden_reason: str = ""


@dataclass(frozen=True)
class VoteResult:
    label: str
    municipality: str | None
    dots: int


@dataclass
class RoomView:
    """Everything the projector (and the console's live panel) draws for the current phase."""

    state: LiveState
    question_number: int | None
    question: str
    question_help: str
    total: int
    answered: list[str]
    waiting: list[str]
    wall: list[WallCard] = field(default_factory=list)
    radar: list[AreaGap] = field(default_factory=list)
    band: list[tuple[float, float] | None] = field(default_factory=list)
    radar_title: str = ""
    radar_groups: int = 0
    votes: list[VoteResult] = field(default_factory=list)
    area_votes: list[VoteResult] = field(default_factory=list)
    # «Deltakere i rommet»: the median of the scores of people who joined by code (and guests
    # on a shared device), per radar axis, beside the groups' values; how many people gave
    # them; whether the facilitator counts them in the groups' values.
    room: list[AreaGap] = field(default_factory=list)
    room_people: int = 0
    room_counted: bool = False
    # The facilitator's own activity on screen in the «Aktivitet» phase, with its results.
    activity: activity_results.ActivityView | None = None


def _group_values(session: Session, gathering_id: int) -> dict[tuple[int, int, str], float]:
    """Every municipality's value per (municipality, area, kind), from the gathering's score
    cells: the value every score write already keeps (kultur3.group.scoring.group_value,
    the workspace's rule), so the projector no longer recounts medians from every score row.
    Cells are per gathering, as the room's radar is; a «vet ikke» cell (None) is left out."""
    return {(mid, area, ScoreKind(kind).value): float(value)
            for mid, area, kind, value in session.exec(select(
                ScoreCell.municipality_id, ScoreCell.value_area_id, ScoreCell.kind,
                ScoreCell.value).where(ScoreCell.gathering_id == gathering_id)).all()
            if value is not None}


def _quartiles(values: list[float]) -> tuple[float, float] | None:
    if not values:
        return None
    if len(values) == 1:
        return (values[0], values[0])
    q = statistics.quantiles(values, n=4, method="inclusive")
    return (q[0], q[2])


def _radar(session: Session, g: Gathering, names: dict[int, str], lang: str,
           spotlight: int | None):
    areas = catalogue.value_areas(session=session, programme_id=g.programme_id)
    values = _group_values(session, g.id)
    if spotlight is not None:
        gaps = [AreaGap(a.id, localized(a.names, lang),
                        values.get((spotlight, a.id, "desired")),
                        values.get((spotlight, a.id, "current"))) for a in areas]
        return gaps, [None] * len(areas), 1
    gaps, band = [], []
    scored = {mid for mid, _, _ in values if mid in names}
    for a in areas:
        desired = [v for (mid, area, kind), v in values.items()
                   if area == a.id and kind == "desired" and mid in names]
        current = [v for (mid, area, kind), v in values.items()
                   if area == a.id and kind == "current" and mid in names]
        gaps.append(AreaGap(a.id, localized(a.names, lang), median(desired), median(current)))
        band.append(_quartiles(current))
    return gaps, band, len(scored)


def _room_stream(session: Session, g: Gathering, names: dict[int, str], lang: str,
                 spotlight: int | None) -> tuple[list[AreaGap], int]:
    """The room's own stream: the median of the room's scores per area and kind, and how
    many people gave them (of the municipalities shown, or the one in the spotlight)."""
    shown = {spotlight} if spotlight is not None else set(names)
    rows = session.exec(select(Score.municipality_id, Score.value_area_id, Score.kind,
                               Score.guest_key, Score.value).where(
        Score.gathering_id == g.id, col(Score.guest_key).is_not(None))).all()
    rows = [r for r in rows if r[0] in shown]
    if not rows:
        return [], 0
    by: dict[tuple[int, str], list] = {}
    for _, area, kind, _, value in rows:
        by.setdefault((area, ScoreKind(kind).value), []).append(value)
    areas = catalogue.value_areas(session=session, programme_id=g.programme_id)
    return ([AreaGap(a.id, localized(a.names, lang), median(by.get((a.id, "desired"), [])),
                     median(by.get((a.id, "current"), []))) for a in areas],
            len({(m, key) for m, _, _, key, _ in rows}))


def room_view(*, session: Session, actor: Actor, gathering_id: int, lang: str = "nb",
              include_hidden: bool = False) -> RoomView:
    """The current phase of the room, for the projector (hidden answers left out, nothing
    shown before it is revealed) or, with include_hidden, for the facilitator's console."""
    g = check_live_read(session, actor, gathering_id)
    check(actor, "live.project", Resource(gathering_id=gathering_id))
    staff = is_staff(actor)
    include_hidden = include_hidden and staff
    state = _state(g, staff=staff)
    munis = gathering_municipalities(session=session, gathering_id=gathering_id)
    names = dict(munis)
    show_names = not g.anonymous or include_hidden
    phase = state.phase
    number = QUESTION_PHASES.get(phase)
    question = session.exec(select(Question).where(
        Question.programme_id == g.programme_id, Question.number == number)).first() \
        if number else None
    view = RoomView(state=state, question_number=number,
                    question=localized(question.texts, lang) if question else "",
                    question_help=localized(question.help_texts, lang) if question else "",
                    total=len(munis), answered=[], waiting=[])
    done: set[int] = set()
    if question is not None:
        rows = session.exec(select(Answer).where(
            Answer.gathering_id == gathering_id, Answer.question_id == question.id,
            func.length(Answer.text) > 0).order_by(Answer.created_at, Answer.id)).all()
        area_names = {a.id: localized(a.names, lang) for a in catalogue.value_areas(
            session=session, programme_id=g.programme_id, include_retired=True)}
        done = {a.municipality_id for a in rows if a.municipality_id in names}
        if state.revealed or include_hidden:
            view.wall = [WallCard(answer_id=a.id,
                                  municipality=names[a.municipality_id] if show_names else None,
                                  area=area_names.get(a.value_area_id), text=a.text,
                                  hidden=a.hidden, hidden_reason=a.hidden_reason)
                         for a in rows if a.municipality_id in names
                         and (include_hidden or not a.hidden)]
    if phase == Phase.SCORING:
        done = set(session.exec(select(Score.municipality_id).distinct().where(
            Score.gathering_id == gathering_id)).all())
    if phase in RADAR_PHASES:
        if state.revealed or include_hidden or phase == Phase.SUMMARY:
            spot = state.spotlight_municipality_id if not g.anonymous else None
            view.radar, view.band, view.radar_groups = _radar(session, g, names, lang, spot)
            view.radar_title = names.get(spot, "") if spot else ""
            view.room, view.room_people = _room_stream(session, g, names, lang, spot)
            view.room_counted = g.room_scores_counted
    if phase == Phase.PRIORITISING:
        votes = session.exec(select(Vote.municipality_id, Vote.target_kind, Vote.target_id,
                                    Vote.voter_key).where(Vote.gathering_id == gathering_id)
                             ).all()
        done = {mid for mid, _, _, _ in votes if mid in names}
        if state.revealed or include_hidden:
            view.votes, view.area_votes = _vote_results(session, g, votes, names, show_names,
                                                        lang)
    if phase == Phase.ACTIVITY:
        view.activity = activity_results.current_view(
            session, gathering_id, names, show_names=show_names, include_hidden=include_hidden)
        done = set(session.exec(select(ActivityEntry.municipality_id).distinct().where(
            ActivityEntry.activity_id == view.activity.activity.id)).all()) \
            if view.activity else set()
    view.answered = [names[m] for m in names if m in done]
    view.waiting = [names[m] for m in names if m not in done]
    return view


def _vote_results(session, g, votes, names, show_names, lang):
    dots = Counter((mid, kind, tid) for mid, kind, tid, _ in votes if mid in names)
    titles = dict(session.exec(select(Action.id, Action.title).where(
        col(Action.id).in_([tid for (_, kind, tid) in dots if kind == "action"] or [-1]),
        col(Action.deleted_at).is_(None))).all())  # a removed action's dots are not shown
    area_names = {a.id: localized(a.names, lang) for a in catalogue.value_areas(
        session=session, programme_id=g.programme_id, include_retired=True)}
    actions = sorted((VoteResult(titles.get(tid, "?"), names[mid] if show_names else None, n)
                      for (mid, kind, tid), n in dots.items()
                      if kind == "action" and tid in titles),
                     key=lambda r: (-r.dots, r.label))
    by_area: Counter = Counter()
    for (_, kind, tid), n in dots.items():
        if kind == "area":
            by_area[tid] += n
    areas = sorted((VoteResult(area_names.get(tid, "?"), None, n) for tid, n in by_area.items()),
                   key=lambda r: (-r.dots, r.label))
    return actions[:12], areas
