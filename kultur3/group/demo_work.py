"""One pilot group's invented work in the demo: its members, its answers as they move from one
gathering to the next, scores tied to its focus area, its actions, log and anchoring.

Called from kultur3.seed for each of the 16 pilot municipalities. What it writes follows each
gathering's agenda (kultur3.programme.phases.AGENDAS):
- a fellessamling: the four answers and a full scoring (desired and current, per member and
  agreed); the second one's answers are the same group thinking further, not a copy;
- a lokal samling: log entries on its day, a rescoring of the current state, and the actions
  the group made there;
- a lederoppfølgingsdag: the decisions made there (actions it is the source of) and the
  anchoring the leadership adopted that day.
Scores follow the words: the two value areas the group's focus area works on hardest start
with the widest gaps and close a step where the group has worked; one or two other areas are
at target. Municipalities that write nynorsk (Høyanger, Stranda, Sunnfjord, Ullensvang) get
their answers, log, actions and anchoring in nynorsk.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session

from kultur3.group import scoring
from kultur3.models import (
    Action,
    ActionNote,
    ActionStatus,
    ActionValueArea,
    Anchoring,
    AnchoringKind,
    AnchoringStatus,
    Answer,
    Gathering,
    LogEntry,
    LogKind,
    Member,
    Municipality,
    Participation,
    Score,
    ScoreKind,
    User,
)


@dataclass(frozen=True)
class Meetings:
    """The gatherings one group took part in; None where it has not (yet) had one."""

    first: Gathering                 # fellessamling 1: first answers and scores
    local: Gathering                 # its lokal samling: log, rescore, actions
    second: Gathering | None         # fellessamling 2: answers thought further (not a quiet group)
    leader_day: Gathering | None     # its lederoppfølgingsdag, when it has had one
    live: Gathering | None = None    # today's, only when the room is shown in progress
    late_days: int | None = None     # a quiet group: its first action this many days late


def members(session: Session, part: Participation, rng: random.Random, number: str,
            people: dict, region: str) -> list[Member]:
    """Four to six members with names plausible for the region; a six has a second teacher
    so both sides of the sector view reach three (issue 24); the small group has three."""
    names = people["names"][region]
    core = [tuple(r) for r in people["core"]]
    local = [tuple(r) for r in people["local"]]
    size = rng.randint(4, 6)
    roles = core + rng.sample(local, size - len(core))
    roles = (roles[:-1] + [tuple(people["second_teacher"])] if size == 6 else roles)
    roles = roles[:3 if number == people["small_group"] else 6]
    taken: set[str] = set()
    made = []
    for i, (role, sector) in enumerate(roles):
        name = f"{rng.choice(names['first'])} {rng.choice(names['last'])}"
        while name in taken:
            name = f"{rng.choice(names['first'])} {rng.choice(names['last'])}"
        taken.add(name)
        member = Member(participation_id=part.id, name=name, group_role=role, sector=sector,
                        is_coordinator=(i == 0))
        session.add(member)
        made.append(member)
    session.flush()
    return made


def _clip(value: int) -> int:
    return max(1, min(5, value))


def _targets(rng: random.Random, areas, weak: list[str]) -> tuple[dict, dict]:
    """Desired and first current state per area: the focus's areas widest apart, one or two
    others already at target, the rest a step or two below."""
    others = [a for a in areas if a.key not in weak]
    at_target = {a.id for a in rng.sample(others, rng.choice([1, 1, 2]))}
    desired, current = {}, {}
    for a in areas:
        if a.key in weak:
            desired[a.id], current[a.id] = 5, rng.choice([1, 2, 2])
        else:
            desired[a.id] = rng.choice([4, 4, 5])
            current[a.id] = desired[a.id] if a.id in at_target else \
                desired[a.id] - rng.choice([1, 1, 2])
    return desired, current


def _score(session: Session, rng: random.Random, g: Gathering, muni: Municipality, members_,
           areas, desired: dict, current: dict) -> None:
    """Each member's score near the group's centre (current never above their own desired)
    and the agreed value, the median."""
    for area in areas:
        wished: dict[int, int | None] = {}
        for kind, centre in ((ScoreKind.DESIRED, desired), (ScoreKind.CURRENT, current)):
            values = []
            for m in members_:
                near = _clip(centre[area.id] + rng.choice([-1, 0, 0, 0, 1]))
                if kind == ScoreKind.DESIRED:  # about one in 25 says «vet ikke»
                    v = wished[m.id] = None if rng.random() < 0.04 else near
                else:  # «vet ikke» on both or neither: the medians then keep today at or
                    # below the goal for the group as for each member
                    v = None if wished[m.id] is None else min(near, wished[m.id])
                values.append(v)
                session.add(Score(gathering_id=g.id, municipality_id=muni.id,
                                  value_area_id=area.id, kind=kind, member_id=m.id, value=v))
            agreed = scoring.median(values)
            session.add(Score(gathering_id=g.id, municipality_id=muni.id, value_area_id=area.id,
                              kind=kind, is_group=True,
                              value=None if agreed is None else int(agreed + 0.5)))


def _improve(rng: random.Random, desired: dict, current: dict, weak_ids: set[int],
             steps: tuple[int, ...]) -> dict:
    """The current state a step closer where the group works (never past its goal)."""
    return {k: min(desired[k], v + (rng.choice(steps) if k in weak_ids else rng.choice((0, 0, 0, 1))))
            for k, v in current.items()}


def work(session: Session, rng: random.Random, content: dict, muni: Municipality,
         meet: Meetings, members_: list[Member], areas, questions, focus_key: str,
         users: dict[str, User], today: date) -> None:
    """Answers, scores, log, actions and anchoring of one group across its gatherings."""
    own = content["municipalities"][muni.number]
    author = users[f"kommune-{muni.number}"]
    weak = content["weak_areas"][focus_key]
    weak_ids = {a.id for a in areas if a.key in weak}
    desired, current = _targets(rng, areas, weak)

    def answers(g: Gathering, texts: list[str], since: str = "") -> None:
        for q in questions:
            text = texts[q.number - 1]
            if since and q.number == 3:
                text = f"{text} {since}"
            session.add(Answer(gathering_id=g.id, municipality_id=muni.id, question_id=q.id,
                               text=text, author_id=author.id))

    answers(meet.first, own["answers"])
    _score(session, rng, meet.first, muni, members_, areas, desired, current)
    # The lokal samling: what the group planned, then the current state scored again.
    session.add(LogEntry(programme_id=meet.local.programme_id, municipality_id=muni.id,
                         kind=LogKind.PLAN, text=own["log"][0], happened_on=meet.local.held_on,
                         author_id=author.id))
    current = _improve(rng, desired, current, weak_ids, (0, 1))
    _score(session, rng, meet.local, muni, members_, areas, desired, current)
    if meet.second is not None:
        answers(meet.second, own["answers_later"], own["since"])
        current = _improve(rng, desired, current, weak_ids, (0, 1, 1))
        _score(session, rng, meet.second, muni, members_, areas, desired, current)
        reflected = meet.second.held_on + timedelta(days=rng.randint(10, 60))
        session.add(LogEntry(programme_id=meet.local.programme_id, municipality_id=muni.id,
                             kind=LogKind.REFLECT, text=own["log"][1],
                             happened_on=min(reflected, today - timedelta(days=3)),
                             author_id=author.id, shared=rng.random() < 0.5))
    if meet.live is not None:  # the room in progress (tests, screenshots): the first answers,
        # the lengths the wall's layout was measured with (six cards on a 720-line projector)
        answers(meet.live, own["answers"])
        _score(session, rng, meet.live, muni, members_, areas, desired, current)
    _demo_actions(session, rng, content, muni, meet, members_, areas, author, focus_key, today=today)
    _demo_anchoring(session, rng, own, muni, meet, users, today=today)


# How the actions of a group stand: varied, most under way, some done, one now and then late.
_STATUSES = (ActionStatus.DONE, ActionStatus.IN_PROGRESS, ActionStatus.IN_PROGRESS,
             ActionStatus.NOT_STARTED, ActionStatus.ON_HOLD)
_DONE_NOTE = {"nb": "Gjennomført.", "nn": "Gjennomført."}


def _demo_deadline(rng: random.Random, status: ActionStatus, today: date) -> date:
    days = {ActionStatus.DONE: -rng.randint(20, 150),
            ActionStatus.IN_PROGRESS: rng.choice([-21, 30, 60, 90, 120, 150]),
            ActionStatus.NOT_STARTED: rng.randint(40, 200),
            ActionStatus.ON_HOLD: rng.choice([-30, 60, 120])}[status]
    return today + timedelta(days=days)


def _demo_actions(session: Session, rng: random.Random, content: dict, muni: Municipality,
             meet: Meetings, members_, areas, author: User, focus_key: str, today: date) -> None:
    """Two to six actions from the focus area, in the group's målform; where it has had a
    leader day, its last action is a decision made there."""
    lang = content["municipalities"][muni.number].get("lang", "nb")
    by_key = {a.key: a for a in areas}
    pool = content["actions"][focus_key]
    count = rng.randint(2, min(6, len(pool)))
    statuses = [rng.choice(_STATUSES) for _ in range(count)]
    if ActionStatus.IN_PROGRESS not in statuses:
        statuses[0] = ActionStatus.IN_PROGRESS
    sources = [meet.first, meet.local] + ([meet.second] if meet.second else [])
    for position, (item, status) in enumerate(zip(rng.sample(pool, count), statuses,
                                                  strict=True), 1):
        title, note = item[lang]
        source = meet.leader_day if meet.leader_day and position == count else \
            sources[min(position - 1, len(sources) - 1)]
        if source is meet.leader_day:
            status = ActionStatus.NOT_STARTED if status == ActionStatus.DONE else status
        late = position == 1 and meet.late_days is not None  # what the adviser sees first
        if late:
            status = ActionStatus.IN_PROGRESS
        progress = _DONE_NOTE[lang] if status == ActionStatus.DONE else \
            "" if status == ActionStatus.NOT_STARTED else note
        action = Action(
            programme_id=source.programme_id, municipality_id=muni.id, title=title,
            description="", owner_member_id=rng.choice(members_).id,
            deadline=today - timedelta(days=meet.late_days) if late
            else _demo_deadline(rng, status, today=today), status=status,
            priority=rng.randint(1, 3), progress_note=progress, source_gathering_id=source.id,
            created_by_id=author.id, shared=rng.random() < 0.3, position=position)
        session.add(action)
        session.flush()
        if progress:
            session.add(ActionNote(action_id=action.id, author_id=author.id, text=progress,
                                   status=status))
        for key in item["areas"]:
            session.add(ActionValueArea(action_id=action.id, value_area_id=by_key[key].id))


_OWNERS = {"nb": ("Kulturskoleleder", "Kommunalsjef oppvekst og kultur", "Kommunedirektørens stab"),
           "nn": ("Kulturskuleleiar", "Kommunalsjef oppvekst og kultur", "Staben til kommunedirektøren")}


def _demo_anchoring(session: Session, rng: random.Random, own: dict, muni: Municipality,
               meet: Meetings, users: dict[str, User], today: date) -> None:
    """The municipality's own anchoring; what was adopted at its leader day is dated that day
    and approved by the leader who wrote the comment."""
    leader = users[f"kommuneleder-{muni.number}"]
    plan = f"{today.year + 1}–{today.year + 4}"
    for kind, title, status, note, comment in own["anchoring"]:
        status = AnchoringStatus(status)
        decided = None
        if status != AnchoringStatus.PROPOSED:
            decided = meet.leader_day.held_on if meet.leader_day else \
                today - timedelta(days=rng.randint(20, 150))
        approved = bool(comment) and decided is not None
        session.add(Anchoring(
            programme_id=meet.first.programme_id, municipality_id=muni.id,
            kind=AnchoringKind(kind), title=title.format(plan=plan), status=status,
            note=note.format(plan=plan),
            case_ref=f"{(decided or today).year}/{rng.randint(100, 2999)}"
            if kind == AnchoringKind.POLITICAL.value else "",
            decided_on=decided, owner=rng.choice(_OWNERS[own.get("lang", "nb")]),
            leader_comment=comment, approved_by_id=leader.id if approved else None,
            approved_at=datetime.combine(decided, datetime.min.time(), UTC)
            + timedelta(days=rng.randint(1, 6)) if approved else None))
