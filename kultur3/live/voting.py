"""Dot-voting: each person's dots on actions and value areas, in numbered slots so the limit
holds when clicks race."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from kultur3.access import audit, identity
from kultur3.access.permissions import Actor, check_read, check_write
from kultur3.core.errors import InvalidInput, NotFound, PermissionDenied
from kultur3.group import membership, workspace
from kultur3.models import (
    Action,
    Gathering,
    Phase,
    Role,
    Vote,
)
from kultur3.programme import catalogue, phases
from kultur3.programme.templates import localized
from kultur3.store.archive_guard import check_writable
from kultur3.store.changed import changed

VOTE_KINDS = ("action", "area")

@dataclass(frozen=True)
class VoteTarget:
    kind: str  # "action" or "area"
    target_id: int
    label: str


def voter_key_for(actor: Actor, chosen: str) -> str:
    """Whose dots these are: a participant is always itself; a group device names a member
    ("m<id>") or its own guest key ("g<hex>")."""
    if actor.role == Role.PARTICIPANT:
        return identity.participant_key(actor)
    if not chosen or len(chosen) > 40 or chosen[0] not in "mg":
        raise InvalidInput(key="live.pick_voter")
    return chosen


def _check_voter(session: Session, g: Gathering, municipality_id: int, voter_key: str) -> None:
    if voter_key.startswith("m"):
        try:
            member_id = int(voter_key[1:])
        except ValueError:
            raise InvalidInput(key="live.pick_voter") from None
        if not membership.in_group(session, member_id, g.programme_id, municipality_id):
            raise PermissionDenied()


def vote_targets(*, session: Session, actor: Actor, gathering_id: int, municipality_id: int,
                 lang: str = "nb") -> list[VoteTarget]:
    """What a group prioritises: its actions from this gathering and its gaps by value area."""
    check_read(actor, municipality_id, gathering_id, session=session)
    g = workspace.check_gathering(session, gathering_id, municipality_id)
    acts = session.exec(select(Action.id, Action.title).where(
        Action.municipality_id == municipality_id, Action.source_gathering_id == gathering_id,
        col(Action.deleted_at).is_(None)).order_by(Action.id)).all()
    areas = catalogue.value_areas(session=session, programme_id=g.programme_id)
    return ([VoteTarget("action", aid, title) for aid, title in acts]
            + [VoteTarget("area", a.id, localized(a.names, lang)) for a in areas])


def _check_target(session: Session, g: Gathering, municipality_id: int, kind: str,
                  target_id: int) -> None:
    if kind == "action":
        a = session.get(Action, target_id)
        if (a is None or a.municipality_id != municipality_id or a.source_gathering_id != g.id
                or a.deleted_at is not None):
            raise NotFound()
    elif kind == "area":
        if target_id not in {a.id for a in catalogue.value_areas(
                session=session, programme_id=g.programme_id)}:
            raise NotFound()
    else:
        raise InvalidInput(key="error.invalid_input")


def my_dots(*, session: Session, actor: Actor, gathering_id: int, municipality_id: int,
            voter_key: str) -> dict[tuple[str, int], int]:
    """The dots one voter has placed, by target."""
    check_read(actor, municipality_id, gathering_id, session=session)
    voter_key = voter_key_for(actor, voter_key)
    rows = session.exec(select(Vote.target_kind, Vote.target_id).where(
        Vote.gathering_id == gathering_id, Vote.voter_key == voter_key,
        Vote.municipality_id == municipality_id)).all()
    return dict(Counter((kind, tid) for kind, tid in rows))


def place_in_free_slot(session: Session, limit: int, *, used, make) -> None:
    """Add one dot in the voter's lowest free slot 1..limit (`used()` reads the taken slots,
    `make(slot)` builds the row); InvalidInput when none is free. Two clicks of one voter can
    both find slot 1 free; the unique (…, voter, slot) key lets one in and the other tries the
    next free slot. On PostgreSQL (READ COMMITTED) the losing insert waits for the winner's
    commit, so the re-read sees its slot: 10 racing clicks give exactly the limit
    (tests/test_concurrency.py, tests/test_room_vote.py; before the retry, one run under load
    gave 2 of 3). The group vote and the room-wide vote both place their dots here."""
    for _attempt in range(limit):
        taken = set(used())
        free = [s for s in range(1, limit + 1) if s not in taken]
        if not free:
            raise InvalidInput(key="live.no_dots_left", limit=limit)
        try:
            with session.begin_nested():
                session.add(make(free[0]))
            return
        except IntegrityError:  # the same voter's other click took that slot first
            continue
    raise InvalidInput(key="live.vote_race")


def add_dot(*, session: Session, actor: Actor, gathering_id: int, municipality_id: int,
            voter_key: str, kind: str, target_id: int) -> None:
    """Place one dot. The voter's dots fill slots 1..limit; the unique (gathering, voter,
    slot) makes a dot beyond the limit impossible, even when two clicks race."""
    check_write(actor, municipality_id, gathering_id, session=session)
    g = workspace.check_gathering(session, gathering_id, municipality_id)
    phases.check_input_open(actor, g, Phase.PRIORITISING)
    voter_key = voter_key_for(actor, voter_key)
    _check_voter(session, g, municipality_id, voter_key)
    _check_target(session, g, municipality_id, kind, target_id)
    place_in_free_slot(
        session, g.dots_per_person,
        used=lambda: session.exec(select(Vote.slot).where(
            Vote.gathering_id == gathering_id, Vote.voter_key == voter_key)).all(),
        make=lambda slot: Vote(gathering_id=gathering_id, municipality_id=municipality_id,
                               voter_key=voter_key, slot=slot, target_kind=kind,
                               target_id=target_id))
    changed(session, gathering_id=gathering_id)
    audit.record(session, actor=actor, action="live.vote", entity=kind, entity_id=target_id,
                 detail={"gathering": gathering_id, "voter": voter_key})


def remove_dot(*, session: Session, actor: Actor, gathering_id: int, municipality_id: int,
               voter_key: str, kind: str, target_id: int) -> None:
    """Take back one of the voter's dots from a target."""
    check_write(actor, municipality_id, gathering_id, session=session)
    g = workspace.check_gathering(session, gathering_id, municipality_id)
    phases.check_input_open(actor, g, Phase.PRIORITISING)
    voter_key = voter_key_for(actor, voter_key)
    slot = session.exec(select(Vote.id).where(
        Vote.gathering_id == gathering_id, Vote.voter_key == voter_key,
        Vote.municipality_id == municipality_id, Vote.target_kind == kind,
        Vote.target_id == target_id).order_by(col(Vote.slot).desc())).first()
    if slot is None:
        return
    check_writable(session, g.programme_id)  # a bare DELETE: the flush guard never sees it
    session.exec(delete(Vote).where(Vote.id == slot))  # type: ignore[call-overload]
    changed(session, gathering_id=gathering_id)
    audit.record(session, actor=actor, action="live.unvote", entity=kind, entity_id=target_id,
                 detail={"gathering": gathering_id, "voter": voter_key})
