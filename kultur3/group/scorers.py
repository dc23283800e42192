"""Who may score as whom, and who may set the group's agreed value (issue 24 §1).

- A personal group account scores only as the member row that names it (Member.user_id).
- A shared login (is_shared_login: the demo's «kommune-N», an account an admin made for the
  group's table) keeps the member picker, labelled so, and may give a guest's score.
- A participant joined by code scores only as itself (its join key); its scores and guests'
  are the room's stream («Deltakere i rommet», kultur3.group.score_cells).
- The agreed value is set by members only (a personal account with a member row, a shared
  login, or staff on the group's behalf), and only in a phase the gathering's agenda gives to
  scoring: while the gathering runs live, only while the room is in that phase.
Staff may enter any member's score on the group's behalf; the row is then marked
(Score.entered_by_id).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from kultur3.access.enrolment import enrolled
from kultur3.access.identity import participant_key
from kultur3.access.permissions import Actor, check_read, is_staff
from kultur3.core.errors import InvalidInput, Kultur3Error, NotFound, PermissionDenied
from kultur3.models import Gathering, GatheringStatus, Member, Phase, Role, User
from kultur3.programme import phases

# The phases in which a group scores, and so agrees on its value.
AGREE_PHASES = (Phase.SCORING, Phase.RESCORE)


def is_participant_key(key: str) -> bool:
    """A guest key of the form identity.participant_key gives a code participant: «p» and
    its id (as the research export reads it)."""
    return key.startswith("p") and key[1:].isdigit()


def is_shared_login(session: Session, actor: Actor) -> bool:
    """True for a group's shared login: an account marked so (the demo's «kommune-N», which
    also stands as its coordinator's member row), or a group account that no member row names
    (made by an admin for the group, not sent to one person by an invitation)."""
    if actor.role != Role.GROUP or not actor.user_id:
        return False
    user = session.get(User, actor.user_id)
    if user is None:
        return False
    return user.shared_login or session.exec(select(Member.id).where(
        Member.user_id == actor.user_id)).first() is None


def own_member_id(session: Session, actor: Actor, programme_id: int,
                  municipality_id: int) -> int | None:
    """The active member row in this group that names this account, if any."""
    if actor.role != Role.GROUP or not actor.user_id or actor.municipality_id != municipality_id:
        return None
    return session.exec(select(Member.id).where(
        Member.participation_id == enrolled(municipality_id, programme_id).scalar_subquery(),
        Member.user_id == actor.user_id, col(Member.active))).first()


def check_scorer(session: Session, actor: Actor, gathering: Gathering, municipality_id: int, *,
                 member_id: int | None, guest_key: str | None, is_group: bool) -> None:
    """Refuse a score given as someone the actor is not (the caller checked check_write)."""
    if is_group:
        refusal = agreed_refusal(session, actor, gathering, municipality_id)
        if refusal is not None:
            raise refusal
        return
    if actor.role == Role.PARTICIPANT:
        if member_id is not None or guest_key != participant_key(actor):
            raise PermissionDenied(key="workshop.score_as_self")
        return
    if guest_key and is_participant_key(guest_key[:36]):
        # A code participant's key («p12»): only that participant scores under it (a shared
        # login's guest has a random key), or its room score and research pseudonym are forged.
        raise PermissionDenied(key="workshop.participant_scores_self")
    if is_staff(actor) or is_shared_login(session, actor):
        return
    own = own_member_id(session, actor, gathering.programme_id, municipality_id)
    if own is None:
        raise PermissionDenied(key="workshop.no_member_row")
    if member_id != own:
        raise PermissionDenied(key="workshop.score_own_only")


def agreed_refusal(session: Session, actor: Actor, gathering: Gathering,
                   municipality_id: int) -> Kultur3Error | None:
    """Why this actor may not set or clear the group's agreed value now, or None. The group
    screen disables the agreed value by it; the services raise it."""
    if actor.role == Role.PARTICIPANT:
        return PermissionDenied(key="workshop.agreed_members_only")
    if not is_staff(actor) and not is_shared_login(session, actor) and own_member_id(
            session, actor, gathering.programme_id, municipality_id) is None:
        return PermissionDenied(key="workshop.agreed_members_only")
    if is_staff(actor):
        return None
    agenda = phases.agenda_of(gathering)
    if not any(p in agenda for p in AGREE_PHASES):
        return InvalidInput(key="workshop.agreed_not_on_agenda")
    if gathering.status == GatheringStatus.ACTIVE and gathering.phase not in AGREE_PHASES:
        return InvalidInput(key="workshop.agreed_not_now")
    return None


@dataclass(frozen=True)
class ScoringAs:
    """How the scoring screen offers scoring to this actor (a read model, safe to cache).

    mode: «own» (a personal account: its member row, no picker), «shared» (a shared login:
    the picker, labelled), «staff» (the picker, on the group's behalf, marked), «room» (joined
    by code: as itself, the room's stream), «none» (a personal account no member row names:
    nothing to score as). agreed_refusal: the message key of why the agreed value is closed
    to this actor now, or None.
    """

    mode: str
    member_id: int | None = None
    agreed_refusal: str | None = None


def scoring_as(*, session: Session, actor: Actor, gathering_id: int,
               municipality_id: int) -> ScoringAs:
    """How this actor scores in this group's gathering, and whether it may set the agreed
    value now."""
    check_read(actor, municipality_id, gathering_id, session=session)
    g = session.get(Gathering, gathering_id)
    if g is None:
        raise NotFound()
    refusal = agreed_refusal(session, actor, g, municipality_id)
    refused = refusal.key if refusal is not None else None
    if actor.role == Role.PARTICIPANT:
        return ScoringAs("room", agreed_refusal=refused)
    if is_staff(actor):
        return ScoringAs("staff", agreed_refusal=refused)
    if is_shared_login(session, actor):
        return ScoringAs("shared", agreed_refusal=refused)
    own = own_member_id(session, actor, g.programme_id, municipality_id)
    return ScoringAs("own" if own else "none", member_id=own, agreed_refusal=refused)
