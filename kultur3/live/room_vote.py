"""The room-wide vote: the whole room spends its dots on every group's answer to a question,
every group's top action, or a question's themes; the projector ranks them live.

Voters are who votes in a group's own vote (kultur3/live/voting.py): a phone joined by code
or table card is itself («p<id>»); a group's login names a member («m<id>») or its guest key.
A voter's dots fill numbered slots under a unique key, so a dot beyond the limit cannot be
stored even when taps race.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from kultur3.access import audit
from kultur3.access.permissions import Actor, Resource, check, check_read, check_write
from kultur3.core.errors import InvalidInput, NotFound
from kultur3.group import workspace
from kultur3.live.console import staff_gathering
from kultur3.live.state import check_live_read, gathering_municipalities
from kultur3.live.themes import _question
from kultur3.live.voting import _check_voter, place_in_free_slot, voter_key_for
from kultur3.models import (
    ROOM_VOTE_KINDS,
    Action,
    Answer,
    Gathering,
    RoomDot,
    RoomVote,
    Theme,
    Vote,
)
from kultur3.store.archive_guard import check_writable
from kultur3.store.changed import changed

# What the projector lists: at 1280x720 twelve rows fit under the title at the projector's
# type size (the group vote's top list holds 12 too, kultur3/live/room.py).
SHOWN_ROWS = 12


@dataclass(frozen=True)
class RoomTarget:
    target_id: int
    label: str
    municipality: str | None  # None for a theme, and in anonymous mode


@dataclass(frozen=True)
class Ballot:
    """What a voter sees: the vote, its targets, and the voter's own dots by target."""

    vote_id: int
    kind: str
    is_open: bool
    dots: int
    targets: tuple[RoomTarget, ...]
    mine: dict[int, int]

    @property
    def left(self) -> int:
        return self.dots - sum(self.mine.values())


@dataclass(frozen=True)
class RankRow:
    rank: int  # equal dots, equal rank (1, 1, 3)
    label: str
    municipality: str | None
    dots: int


@dataclass(frozen=True)
class Ranking:
    vote_id: int
    kind: str
    is_open: bool
    on_screen: bool
    dots: int
    voters: int
    rows: tuple[RankRow, ...]


def _current(session: Session, gathering_id: int) -> RoomVote | None:
    return session.exec(select(RoomVote).where(RoomVote.gathering_id == gathering_id)
                        .order_by(col(RoomVote.id).desc())).first()


def _top_actions(session: Session, g: Gathering, munis: dict[int, str]) -> list[Action]:
    """Each group's top action from this gathering: most dots in its own vote, then its
    priority (1 first), then the first made."""
    acts = session.exec(select(Action).where(
        Action.source_gathering_id == g.id, col(Action.deleted_at).is_(None),
        col(Action.municipality_id).in_(list(munis) or [-1]))).all()
    dots = Counter(session.exec(select(Vote.target_id).where(
        Vote.gathering_id == g.id, Vote.target_kind == "action")).all())
    best: dict[int, Action] = {}
    for a in sorted(acts, key=lambda a: (-dots[a.id], a.priority, a.id)):
        best.setdefault(a.municipality_id, a)
    return [best[m] for m in munis if m in best]


def _targets(session: Session, g: Gathering, rv: RoomVote) -> list[RoomTarget]:
    munis = dict(gathering_municipalities(session=session, gathering_id=g.id))

    def who(mid: int) -> str | None:
        return None if g.anonymous else munis.get(mid)

    if rv.kind == "answers":
        rows = session.exec(select(Answer).where(
            Answer.gathering_id == g.id, Answer.question_id == rv.question_id,
            col(Answer.hidden).is_(False), func.length(Answer.text) > 0).order_by(Answer.id)
        ).all()
        return [RoomTarget(a.id, a.text, who(a.municipality_id)) for a in rows
                if a.municipality_id in munis]
    if rv.kind == "actions":
        return [RoomTarget(a.id, a.title, who(a.municipality_id))
                for a in _top_actions(session, g, munis)]
    themes = session.exec(select(Theme).where(Theme.gathering_id == g.id,
                                              Theme.question_id == rv.question_id)
                          .order_by(Theme.id)).all()
    return [RoomTarget(th.id, th.label, None) for th in themes]


def _console_done(session: Session, actor: Actor, g: Gathering, action: str, rv: RoomVote,
                  detail: dict) -> None:
    session.flush()
    changed(session, gathering_id=g.id, phase=True)  # the phones show or leave the ballot
    audit.record(session, actor=actor, action=f"room_vote.{action}", entity="room_vote",
                 entity_id=rv.id, detail={"gathering": g.id, **detail})


def start_room_vote(*, session: Session, actor: Actor, gathering_id: int, kind: str,
                    question_number: int | None = None, dots: int = 3) -> int:
    """Start a room-wide vote (the one before is closed and kept); its id."""
    g = staff_gathering(session, actor, gathering_id)  # refuses a cancelled gathering too
    if kind not in ROOM_VOTE_KINDS:
        raise InvalidInput(key="error.invalid_input")
    if not 1 <= int(dots) <= 10:
        raise InvalidInput(key="live.dots_range")
    question_id = None
    if kind != "actions":
        if question_number is None:
            raise InvalidInput(key="room_vote.pick_question")
        question_id = _question(session, g, question_number).id
    rv = RoomVote(gathering_id=g.id, kind=kind, question_id=question_id, dots=int(dots))
    if not _targets(session, g, rv):
        raise InvalidInput(key=f"room_vote.nothing_{kind}")
    session.exec(update(RoomVote).where(  # type: ignore[call-overload]
        RoomVote.gathering_id == g.id).values(is_open=False, on_screen=False))
    session.add(rv)
    session.flush()
    _console_done(session, actor, g, "start", rv, {"kind": kind, "question": question_number,
                                                    "dots": rv.dots})
    return rv.id


def set_room_vote(*, session: Session, actor: Actor, gathering_id: int,
                  is_open: bool | None = None, on_screen: bool | None = None) -> None:
    """Open or close the current vote, put it on the big screen or take it off."""
    g = staff_gathering(session, actor, gathering_id)
    rv = _current(session, g.id)
    if rv is None:
        raise NotFound()
    if is_open is not None:
        rv.is_open = bool(is_open)
    if on_screen is not None:
        rv.on_screen = bool(on_screen)
    session.add(rv)
    _console_done(session, actor, g, "set", rv, {"open": rv.is_open, "on_screen": rv.on_screen})


def room_ballot(*, session: Session, actor: Actor, gathering_id: int, municipality_id: int,
                voter_key: str = "") -> Ballot | None:
    """The current vote as one voter sees it, while it is open; None when there is none."""
    check_read(actor, municipality_id, gathering_id, session=session)
    # check_read knows the programme, not the gathering: a group enrolled in the programme
    # reads no ballot (every group's answers) of a gathering run for others.
    g = workspace.check_gathering(session, gathering_id, municipality_id)
    rv = _current(session, gathering_id)
    if rv is None or not rv.is_open:
        return None
    mine: dict[int, int] = {}
    if voter_key or actor.participant_id is not None:
        key = _room_voter(session, actor, g, municipality_id, voter_key)
        mine = dict(Counter(session.exec(select(RoomDot.target_id).where(
            RoomDot.room_vote_id == rv.id, RoomDot.voter_key == key,
            RoomDot.municipality_id == municipality_id)).all()))
    return Ballot(rv.id, rv.kind, rv.is_open, rv.dots, tuple(_targets(session, g, rv)), mine)


def _room_voter(session: Session, actor: Actor, g: Gathering, municipality_id: int,
                voter_key: str) -> str:
    """Whose dots: a participant itself, a member of this group («m<id>»), or a screen's
    guest («g<hex>») counted per municipality («g<hex>@<id>»): one browser voting as a guest
    for two groups (a facilitator's) is two voters, each with its own dots."""
    key = voter_key_for(actor, voter_key)
    _check_voter(session, g, municipality_id, key)  # a member of this group only
    return f"{key}@{int(municipality_id)}" if key.startswith("g") else key


def _voting(session: Session, actor: Actor, gathering_id: int, municipality_id: int,
            vote_id: int, voter_key: str) -> tuple[Gathering, RoomVote, str]:
    check_write(actor, municipality_id, gathering_id, session=session)
    g = session.get(Gathering, gathering_id)
    # A dot names its vote, not its gathering: the archive's flush guard cannot place it.
    check_writable(session, g.programme_id)
    if municipality_id not in {m for m, _ in gathering_municipalities(
            session=session, gathering_id=gathering_id)}:
        raise NotFound()
    rv = _current(session, gathering_id)
    if rv is None or rv.id != vote_id:  # a ballot of a vote since replaced
        raise InvalidInput(key="room_vote.replaced")
    if not rv.is_open:
        raise InvalidInput(key="room_vote.closed")
    return g, rv, _room_voter(session, actor, g, municipality_id, voter_key)


def spend_dot(*, session: Session, actor: Actor, gathering_id: int, municipality_id: int,
              vote_id: int, target_id: int, voter_key: str = "") -> None:
    """Place one dot on a target of the open vote, in the voter's lowest free slot
    (voting.place_in_free_slot: racing taps lose no dot and pass no limit)."""
    g, rv, key = _voting(session, actor, gathering_id, municipality_id, vote_id, voter_key)
    if target_id not in {t.target_id for t in _targets(session, g, rv)}:
        raise NotFound()
    place_in_free_slot(
        session, rv.dots,
        used=lambda: session.exec(select(RoomDot.slot).where(
            RoomDot.room_vote_id == rv.id, RoomDot.voter_key == key)).all(),
        make=lambda slot: RoomDot(room_vote_id=rv.id, municipality_id=municipality_id,
                                  voter_key=key, slot=slot, target_id=target_id))
    changed(session, gathering_id=gathering_id)
    audit.record(session, actor=actor, action="room_vote.dot", entity="room_vote",
                 entity_id=rv.id, detail={"target": target_id, "voter": key})


def take_back_dot(*, session: Session, actor: Actor, gathering_id: int, municipality_id: int,
                  vote_id: int, target_id: int, voter_key: str = "") -> None:
    """Take one of the voter's dots back from a target."""
    g, rv, key = _voting(session, actor, gathering_id, municipality_id, vote_id, voter_key)
    dot = session.exec(select(RoomDot.id).where(
        RoomDot.room_vote_id == rv.id, RoomDot.voter_key == key,
        RoomDot.municipality_id == municipality_id,  # a guest key names no other group's dot
        RoomDot.target_id == target_id).order_by(col(RoomDot.slot).desc())).first()
    if dot is None:
        return
    session.exec(delete(RoomDot).where(RoomDot.id == dot))  # type: ignore[call-overload]
    changed(session, gathering_id=gathering_id)
    audit.record(session, actor=actor, action="room_vote.undot", entity="room_vote",
                 entity_id=rv.id, detail={"target": target_id, "voter": key})


def rank(counts: list[tuple[RoomTarget, int]]) -> list[RankRow]:
    """Most dots first; equal dots share a rank and the next rank skips (1, 1, 3)."""
    ordered = sorted(counts, key=lambda item: (-item[1], item[0].label, item[0].target_id))
    rows: list[RankRow] = []
    for n, (target, dots) in enumerate(ordered):
        place = rows[-1].rank if rows and rows[-1].dots == dots else n + 1
        rows.append(RankRow(place, target.label, target.municipality, dots))
    return rows


def room_ranking(*, session: Session, actor: Actor, gathering_id: int) -> Ranking | None:
    """The current vote ranked, for the projector and the console; None when there is none."""
    g = check_live_read(session, actor, gathering_id)
    check(actor, "live.project", Resource(gathering_id=gathering_id))
    rv = _current(session, gathering_id)
    if rv is None:
        return None
    dots = session.exec(select(RoomDot.target_id, RoomDot.voter_key).where(
        RoomDot.room_vote_id == rv.id)).all()
    by_target = Counter(tid for tid, _ in dots)
    rows = rank([(t, by_target[t.target_id]) for t in _targets(session, g, rv)])
    return Ranking(rv.id, rv.kind, rv.is_open, rv.on_screen, rv.dots,
                   len({key for _, key in dots}), tuple(rows))


def vote_rows(session: Session, gathering_id: int) -> list[tuple[int, str, str, int, int]]:
    """(vote id, kind, target, dots, voters) of every room vote of a gathering, for the
    export (the caller checked who asks)."""
    g = session.get(Gathering, gathering_id)
    out = []
    for rv in session.exec(select(RoomVote).where(RoomVote.gathering_id == gathering_id)
                           .order_by(RoomVote.id)).all():
        dots = session.exec(select(RoomDot.target_id, RoomDot.voter_key).where(
            RoomDot.room_vote_id == rv.id)).all()
        by_target = Counter(tid for tid, _ in dots)
        voters = len({key for _, key in dots})
        for row in rank([(t, by_target[t.target_id]) for t in _targets(session, g, rv)]):
            out.append((rv.id, rv.kind, row.label, row.dots, voters))
    return out
