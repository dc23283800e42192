"""Joining a gathering without an account: the room code with its list of municipalities,
and each municipality's own table code, printed on its table card.

A table code joins its municipality at once (one tap from the camera to the group's page).
The room code can be turned off, so nobody can write as a municipality they picked from a
list. Code lookups and joins are counted per client and per code (in the database, so every
replica counts the same). A client is an address and a browser session: a whole room often
reaches us through one school or municipal NAT address, so one phone's typos slow that phone,
not the room; the address as a whole has a far larger allowance that still stops a script.
A join does not bump the room's live counter: sixty phones joining in the first minute must
not rerun every projector sixty times.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, select

from kultur3.access import audit
from kultur3.access.permissions import Actor
from kultur3.core.errors import InvalidInput, NotFound, PermissionDenied
from kultur3.live.console import _changed, staff_gathering
from kultur3.live.state import gathering_municipalities
from kultur3.models import Gathering, GatheringStatus, Participant, TableCode
from kultur3.programme import research
from kultur3.store import ratelimit
from kultur3.store.changed import changed

# Join codes: no 0/O, 1/I/L, so a code read aloud or from the back of a room is typed right.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
FAILED_CODES_PER_MINUTE = 10  # per client (address and browser session)
# Per address: sixty phones behind one NAT each mistyping once still get in; a script that
# opens a new session for every ten guesses tries 100 a minute, and 31^6 codes (a few dozen
# valid at a time) are not guessed at that pace.
FAILED_CODES_PER_ADDRESS_PER_MINUTE = 100
JOINS_PER_CODE_PER_MINUTE = 120  # a full room on one room code fits; a script does not
MINUTE = timedelta(minutes=1)


def normalise_code(code: str) -> str:
    """What a person typed, as a code: case, spaces and dashes ignored."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[:CODE_LENGTH * 2]


def new_code(session: Session) -> str:
    """A code used by no gathering and no table."""
    for _ in range(20):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        taken = (session.exec(select(Gathering.id).where(Gathering.join_code == code)).first()
                 or session.exec(select(TableCode.code).where(TableCode.code == code)).first())
        if taken is None:
            return code
    raise RuntimeError("no free join code")  # 31^6 codes: practically unreachable


# --- The console ------------------------------------------------------------------------------


def set_code_joining(*, session: Session, actor: Actor, gathering_id: int, enabled: bool) -> None:
    """Let participants without an account join by code (a code is made on first use).
    Turning it off shuts out everyone who joined by code at once."""
    g = staff_gathering(session, actor, gathering_id)
    g.code_joining = bool(enabled)
    if g.code_joining and not g.join_code:
        g.join_code = new_code(session)
    _changed(session, actor, g, "code_joining", {"enabled": g.code_joining})


def set_room_code_open(*, session: Session, actor: Actor, gathering_id: int,
                       enabled: bool) -> None:
    """Whether the room code (with its list of municipalities) still lets people in; the
    table codes work either way while code-joining is on."""
    g = staff_gathering(session, actor, gathering_id)
    g.room_code_open = bool(enabled)
    _changed(session, actor, g, "room_code_open", {"enabled": g.room_code_open})


def new_join_code(*, session: Session, actor: Actor, gathering_id: int) -> str:
    """A fresh room code (the old one stops working for new joins)."""
    g = staff_gathering(session, actor, gathering_id)
    g.join_code = new_code(session)
    _changed(session, actor, g, "join_code", {})
    return g.join_code


def ensure_join_code(*, session: Session, actor: Actor, gathering_id: int) -> str:
    """The gathering's room code, made when missing (also for logged-in groups' QR links)."""
    g = staff_gathering(session, actor, gathering_id)
    if not g.join_code:
        g.join_code = new_code(session)
    _changed(session, actor, g, "join_code", {})
    return g.join_code


@dataclass(frozen=True)
class TableCard:
    municipality_id: int
    name: str
    code: str


def table_cards(*, session: Session, actor: Actor, gathering_id: int) -> list[TableCard]:
    """One card per municipality of the gathering, by name; codes are made for those that
    have none (a municipality added later gets its own on the next print)."""
    g = staff_gathering(session, actor, gathering_id)
    have = {row.municipality_id: row.code for row in session.exec(
        select(TableCode).where(TableCode.gathering_id == gathering_id)).all()}
    cards = []
    for mid, name in gathering_municipalities(session=session, gathering_id=gathering_id):
        if mid not in have:
            have[mid] = new_code(session)
            session.add(TableCode(gathering_id=gathering_id, municipality_id=mid,
                                  code=have[mid]))
            session.flush()
        cards.append(TableCard(municipality_id=mid, name=name, code=have[mid]))
    _changed(session, actor, g, "table_cards", {"count": len(cards)})
    return cards


# --- Joining ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class JoinInfo:
    gathering_id: int
    title: str
    open: bool  # code-joining on, the gathering not closed, and this code let in
    municipalities: list[tuple[int, str]]  # to pick from (a room code)
    municipality_id: int | None = None  # a table code: this one, no picking
    closed_key: str = "live.joining_closed"  # why it is not open
    # The programme's research partner and purpose: the consent question is asked when set.
    research_partner: str = ""
    research_purpose: str = ""


def _failure_keys(client: str, device: str) -> dict[str, int]:
    """The counters an unknown code goes into, with their limits per minute."""
    address = client or "unknown-client"
    return {ratelimit.key_for("join-code-failed", f"{address}|{device}"): FAILED_CODES_PER_MINUTE,
            ratelimit.key_for("join-code-failed-address", address):
                FAILED_CODES_PER_ADDRESS_PER_MINUTE}


def find_by_code(*, session: Session, code: str, client: str = "", device: str = ""
                 ) -> JoinInfo | None:
    """The gathering a room or table code belongs to, or None. Public: a person joining has
    no account. `client` is the address, `device` the browser session behind it. A client
    with too many unknown codes in the last minute is refused, and so is an address with
    very many; a right code is refused too then, or the refusal would tell which are right."""
    counters = _failure_keys(client, device)
    for key, limit in counters.items():  # only unknown codes count: a right one is free
        ratelimit.check(session, key, limit=limit, window=MINUTE, message="live.too_many_codes")
    code = normalise_code(code)
    info = _lookup(session, code) if len(code) == CODE_LENGTH else None
    if info is None:
        ratelimit.record(session, *counters)
    return info


def _lookup(session: Session, code: str) -> JoinInfo | None:
    g = session.exec(select(Gathering).where(Gathering.join_code == code)).first()
    table = None
    if g is None:
        table = session.exec(select(TableCode).where(TableCode.code == code)).first()
        if table is None:
            return None
        g = session.get(Gathering, table.gathering_id)
    is_open = g.code_joining and g.status != GatheringStatus.CLOSED
    closed_key = "live.joining_closed"
    if is_open and table is None and not g.room_code_open:
        is_open, closed_key = False, "live.room_code_off"
    names = gathering_municipalities(session=session, gathering_id=g.id)
    if table is not None and table.municipality_id not in {m for m, _ in names}:
        is_open = False  # the municipality was taken off this gathering
    programme = research.asks(session, g.programme_id)
    return JoinInfo(gathering_id=g.id, title=g.title, open=is_open,
                    municipalities=names if is_open and table is None else [],
                    municipality_id=table.municipality_id if table is not None else None,
                    closed_key=closed_key,
                    research_partner=programme.research_partner if programme else "",
                    research_purpose=programme.research_purpose if programme else "")


def join(*, session: Session, code: str, municipality_id: int | None = None,
         client: str = "", device: str = "", previous_key: str | None = None,
         research_consent: bool = False, lang: str = "nb",
         research_shown: tuple[str, str] | None = None) -> str:
    """Join a gathering for one municipality by a code; returns the participant's secret key.
    A table code names the municipality itself; a room code needs one from its list.

    A person's dots and scores are stored under their participant, so each join used to be a
    fresh allowance of dots. The rule: a browser that joins the same gathering for the same
    municipality again gets its earlier participant back (previous_key: the key it was
    given, which the join page keeps in the session and a cookie), not a new one. Only the
    key's holder can name it, so nobody takes over another person's participant this way.

    research_consent: the answer to the research question the page showed in lang (stored
    when the programme has a research partner, for a new participant; not given unless ticked);
    research_shown: the partner and purpose that question named (research.check_shown).
    """
    info = find_by_code(session=session, code=code, client=client, device=device)
    if info is None:
        raise InvalidInput(key="live.unknown_code")
    if not info.open:
        raise PermissionDenied(key=info.closed_key)
    if info.municipality_id is not None:
        municipality_id = info.municipality_id
    elif municipality_id not in {m for m, _ in info.municipalities}:
        raise NotFound()
    again = _earlier(session, previous_key, info.gathering_id, municipality_id)
    if again is not None:
        return again
    research.check_shown(session, session.get(Gathering, info.gathering_id).programme_id,
                         research_consent, research_shown)
    ratelimit.hit(session, ratelimit.key_for("join", normalise_code(code)),
                  limit=JOINS_PER_CODE_PER_MINUTE, window=MINUTE)
    key = secrets.token_urlsafe(24)
    p = Participant(gathering_id=info.gathering_id, municipality_id=municipality_id, key=key)
    session.add(p)
    session.flush()
    changed(session)  # the data counter only: no projector reruns for a join
    research.record(session, programme_id=session.get(Gathering, info.gathering_id).programme_id,
                    given=research_consent, lang=lang, source=research.JOIN, participant_id=p.id)
    audit.record(session, actor=None, action="live.join", entity="participant", entity_id=p.id,
                 detail={"username": f"deltaker-{p.id}", "gathering": info.gathering_id,
                         "municipality": municipality_id})
    return key


def _earlier(session: Session, key: str | None, gathering_id: int, municipality_id: int
             ) -> str | None:
    """The key again when it names a participant of this gathering and municipality."""
    if not key or len(key) > 64:
        return None
    p = session.exec(select(Participant).where(Participant.key == key)).first()
    if p is None or (p.gathering_id, p.municipality_id) != (gathering_id, municipality_id):
        return None
    return p.key
