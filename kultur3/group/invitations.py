"""Personal accounts by invitation: a one-time link, valid for a while, where the person
chooses their own password; never a way into an account that exists. «Glemt passord» too.

Only a SHA-256 hash of the token is stored. Redeeming claims the invitation with one atomic
UPDATE ... WHERE used_at IS NULL, so a link works exactly once even when clicked twice.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from kultur3.access import accounts, audit, identity
from kultur3.access.enrolment import check_enrolled
from kultur3.access.permissions import OPERATOR, Actor
from kultur3.core.errors import InvalidInput, NotFound, PermissionDenied
from kultur3.core.validation import build, clean_text
from kultur3.group import membership
from kultur3.models import (
    ACCOUNT_ROLES,
    EMAIL_MAX,
    LANGS,
    MUNICIPAL_ROLES,
    PROGRAMME_ROLES,
    Invitation,
    InvitationKind,
    Municipality,
    Programme,
    ProgrammeAccess,
    Role,
    User,
    utcnow,
)
from kultur3.models.inputs import InviteeIn
from kultur3.programme import catalogue, research
from kultur3.store import ratelimit
from kultur3.store.changed import changed

INVITE_DAYS = 14
RESET_HOURS = 24
RESET_PER_ADDRESS = 3   # requests per address per hour
RESET_PER_CLIENT = 10   # requests per browser/IP per hour
PATH = "invitasjon"
# Deliberately plain: one @, no spaces or markup, a dot in the domain.
EMAIL_RE = re.compile(r"^[^@\s<>()\[\]\\,;:\"']+@[^@\s<>()\[\]\\,;:\"']+\.[^@\s<>()\[\]\\,;:\"'.]{2,}$")


def clean_email(value: str | None) -> str:
    """The address in lower case; InvalidInput naming it when it is not an address."""
    email = clean_text(value).lower()
    if not email:
        raise InvalidInput(key="error.empty", field="invite.email")
    if len(email) > EMAIL_MAX or not EMAIL_RE.match(email):
        raise InvalidInput(key="groups.bad_email", email=email)
    return email


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link(base_url: str, token: str) -> str:
    """The link a person opens to choose a password."""
    return f"{base_url.rstrip('/')}/{PATH}?token={token}"


@dataclass(frozen=True)
class Invited:
    email: str
    token: str | None  # None: the address already had an account and got access at once
    expires_at: datetime | None


def _may_invite(session: Session, actor: Actor, role: Role, programme_id: int | None,
                municipality_id: int | None) -> None:
    """The operator and admins invite anyone; facilitators invite staff and groups into their
    programmes; a coordinator invites group members of its own group, nothing else."""
    if actor.role == Role.ADMIN:  # incl. OPERATOR
        return
    # A research partner sees the research export: only an admin brings one in.
    if (actor.role == Role.FACILITATOR and role in (*PROGRAMME_ROLES, *MUNICIPAL_ROLES)
            and role != Role.RESEARCHER and programme_id):
        catalogue.check_programme(session=session, actor=actor, programme_id=programme_id)
        return
    # A coordinator brings in members of its own group, never its municipality's leadership
    # (a kommuneleder approves the group's anchoring: the group must not pick its approver).
    if (role == Role.GROUP and programme_id and municipality_id
            and membership.is_coordinator(session, actor, programme_id, municipality_id)):
        return
    raise PermissionDenied()


def _check_target(session: Session, role: Role, programme_id: int | None,
                  municipality_id: int | None) -> None:
    if role not in ACCOUNT_ROLES:
        raise InvalidInput(key="error.invalid_input")
    if programme_id is not None and session.get(Programme, programme_id) is None:
        raise NotFound()
    if role in PROGRAMME_ROLES and programme_id is None:
        raise InvalidInput(key="invite.needs_programme")
    if role in MUNICIPAL_ROLES:
        if programme_id is None or municipality_id is None:
            raise InvalidInput(key="error.group_needs_municipality")
        check_enrolled(session, programme_id, municipality_id)


def municipality_id_of(session: Session, number: str | None) -> int | None:
    """The id for a kommunenummer; NotFound naming it when unknown."""
    if not number:
        return None
    found = session.exec(select(Municipality.id).where(Municipality.number == number)).first()
    if found is None:
        raise NotFound(key="error.unknown_municipality", number=number)
    return found


def invite(*, session: Session, actor: Actor, email: str, role: Role,
           programme_id: int | None = None, municipality_id: int | None = None,
           display_name: str = "", group_role: str = "", sector: str = "",
           is_coordinator: bool = False, lang: str = "nb", days: int = INVITE_DAYS,
           now: datetime | None = None) -> Invited:
    """Invite a person. An address that already has a matching account gets the access at once
    (no link); one with another role or municipality is refused with a plain message."""
    now = now or utcnow()
    email, role = clean_email(email), Role(role)
    _check_target(session, role, programme_id, municipality_id)
    _may_invite(session, actor, role, programme_id, municipality_id)
    if actor.role == Role.GROUP:
        is_coordinator = False  # a coordinator hands over with set_coordinator, not by invite
    who = build(InviteeIn, display_name=display_name or "", group_role=group_role or "",
                sector=sector or "")
    name, group_role, sector = who.display_name, who.group_role, who.sector
    existing = session.exec(select(User).where(User.username == email)).first()
    if existing is not None:
        _grant_existing(session, existing, role, programme_id, municipality_id, name,
                        group_role, sector, is_coordinator)
        audit.record(session, actor=actor, action="invitation.existing", entity="user",
                     entity_id=existing.id, detail={"email": email, "programme": programme_id})
        return Invited(email=email, token=None, expires_at=None)
    # A newer invitation replaces older unused ones for the same address and programme.
    session.exec(update(Invitation).where(  # type: ignore[call-overload]
        Invitation.email == email, col(Invitation.used_at).is_(None),
        Invitation.kind == InvitationKind.INVITE, Invitation.expires_at > now,
        Invitation.programme_id == programme_id).values(expires_at=now))
    token = secrets.token_urlsafe(32)
    row = Invitation(token_hash=_hash(token), email=email, display_name=name, role=role,
                     programme_id=programme_id, municipality_id=municipality_id,
                     group_role=group_role, sector=sector, is_coordinator=is_coordinator,
                     lang=lang if lang in LANGS else "nb",
                     invited_by_id=actor.user_id if actor else None, created_at=now,
                     expires_at=now + timedelta(days=days))
    session.add(row)
    session.flush()
    changed(session)
    audit.record(session, actor=actor, action="invitation.create", entity="invitation",
                 entity_id=row.id, detail={"email": email, "role": role.value,
                                           "programme": programme_id,
                                           "municipality": municipality_id})
    return Invited(email=email, token=token, expires_at=row.expires_at)


def _grant_existing(session: Session, user: User, role: Role, programme_id: int | None,
                    municipality_id: int | None, name: str, group_role: str, sector: str,
                    is_coordinator: bool) -> None:
    if not user.active:
        raise InvalidInput(key="invite.inactive_account", email=user.username)
    if Role(user.role) != role or (role in MUNICIPAL_ROLES
                                   and user.municipality_id != municipality_id):
        raise InvalidInput(key="invite.other_account", email=user.username)
    _give_access(session, user, programme_id, municipality_id, name, group_role, sector,
                 is_coordinator)


def _give_access(session: Session, user: User, programme_id: int | None,
                 municipality_id: int | None, name: str, group_role: str, sector: str,
                 is_coordinator: bool) -> None:
    if Role(user.role) in PROGRAMME_ROLES and programme_id is not None:
        if session.get(ProgrammeAccess, (programme_id, user.id)) is None:
            session.add(ProgrammeAccess(programme_id=programme_id, user_id=user.id))
    if Role(user.role) == Role.GROUP and programme_id and municipality_id:
        _link_member(session, user, check_enrolled(session, programme_id, municipality_id),
                     name, group_role, sector, is_coordinator)
    session.flush()
    changed(session, users=True)


def _link_member(session: Session, user: User, participation_id: int, name: str,
                 group_role: str, sector: str, is_coordinator: bool) -> None:
    """The person's row on the member list (membership.link_account), made coordinator."""
    member_id = membership.link_account(session, participation_id, user.id, user.username,
                                        user.display_name, name, group_role, sector)
    if is_coordinator:
        membership.set_coordinator(session=session, actor=OPERATOR, member_id=member_id)


@dataclass(frozen=True)
class InvitationView:
    state: str  # ok, has_account (log in to take it), used, expired, unknown
    kind: str = InvitationKind.INVITE.value
    email: str = ""
    display_name: str = ""
    role: str = ""
    programme: str = ""
    municipality: str = ""
    lang: str = "nb"
    # The programme's research partner and purpose: the consent question is asked when set.
    research_partner: str = ""
    research_purpose: str = ""


def _find(session: Session, token: str) -> Invitation | None:
    if not token or len(token) > 200:
        return None
    return session.exec(select(Invitation).where(Invitation.token_hash == _hash(token))).first()


def state_of(inv: Invitation | None, now: datetime) -> str:
    if inv is None:
        return "unknown"
    if inv.used_at is not None:
        return "used"
    expires = inv.expires_at if inv.expires_at.tzinfo else inv.expires_at.replace(
        tzinfo=now.tzinfo)
    return "expired" if expires <= now else "ok"


def _account_exists(session: Session, inv: Invitation) -> bool:
    """An invitation to an address that has an account by now. Its link never logs anyone in:
    who holds a link is whoever saw it (the inviter, a CSV of links, a proxy log)."""
    return InvitationKind(inv.kind) == InvitationKind.INVITE and session.exec(
        select(User.id).where(User.username == inv.email)).first() is not None


def peek(*, session: Session, token: str, now: datetime | None = None) -> InvitationView:
    """What a link is for, and whether it can still be used (nothing is changed)."""
    now = now or utcnow()
    inv = _find(session, token)
    state = state_of(inv, now)
    if inv is None:
        return InvitationView(state=state)
    if state == "ok" and _account_exists(session, inv):
        state = "has_account"
    programme = session.get(Programme, inv.programme_id) if inv.programme_id else None
    muni = session.get(Municipality, inv.municipality_id) if inv.municipality_id else None
    return InvitationView(state=state, kind=str(inv.kind), email=inv.email,
                          display_name=inv.display_name, role=str(inv.role),
                          programme=programme.name if programme else "",
                          municipality=muni.name if muni else "", lang=inv.lang,
                          research_partner=programme.research_partner if programme else "",
                          research_purpose=programme.research_purpose if programme else "")


def accept(*, session: Session, token: str, password: str, display_name: str = "",
           now: datetime | None = None, research_consent: bool = False,
           lang: str = "nb", research_shown: tuple[str, str] | None = None) -> Actor:
    """Redeem a link with the password the person chose; returns who they now are.
    research_consent: the person's answer to the research question the page showed in lang
    (stored only when the programme has a research partner; not given unless ticked);
    research_shown: the partner and purpose that question named (research.check_shown).

    An invitation creates a new account and nothing else: when the address has an account by
    now, the link is refused («log in to take the invitation», accept_logged_in)."""
    now = now or utcnow()
    inv = _find(session, token)
    state = state_of(inv, now)
    if state != "ok":
        raise InvalidInput(key=f"invite.{state}")
    if _account_exists(session, inv):
        raise InvalidInput(key="invite.log_in_first")
    accounts.validate_password(password, inv.email)
    if password == accounts.DEMO_PASSWORD:
        raise InvalidInput(key="account.choose_new")
    research.check_shown(session, inv.programme_id, research_consent, research_shown)
    _claim(session, inv, now)
    if InvitationKind(inv.kind) == InvitationKind.RESET:
        user = _reset(session, inv, password, now)
    else:
        user = _create(session, inv, password, clean_text(display_name) or inv.display_name)
        if inv.programme_id:
            research.record(session, programme_id=inv.programme_id, given=research_consent,
                            lang=lang, source=research.INVITATION, user_id=user.id)
    return identity.actor_for(session, user.username)


def _claim(session: Session, inv: Invitation, now: datetime) -> None:
    """Mark the link used with one atomic UPDATE: of two clicks, exactly one gets it."""
    claimed = session.exec(update(Invitation).where(  # type: ignore[call-overload]
        Invitation.id == inv.id, col(Invitation.used_at).is_(None)).values(used_at=now))
    if claimed.rowcount != 1:
        raise InvalidInput(key="invite.used")
    changed(session)


def accept_logged_in(*, session: Session, actor: Actor, token: str,
                     now: datetime | None = None, research_consent: bool = False,
                     lang: str = "nb", research_shown: tuple[str, str] | None = None
                     ) -> Actor:
    """Take an invitation into the account the person has just logged into with its own
    password. Only the account whose address the invitation names may take it."""
    now = now or utcnow()
    inv = _find(session, token)
    state = state_of(inv, now)
    if state != "ok" or InvitationKind(inv.kind) != InvitationKind.INVITE:
        raise InvalidInput(key=f"invite.{state if state != 'ok' else 'unknown'}")
    user = session.get(User, actor.user_id) if actor.user_id else None
    if user is None or not user.active or user.username != inv.email:
        raise PermissionDenied(key="invite.not_yours", email=inv.email)
    if Role(user.role) != Role(inv.role) or (Role(inv.role) in MUNICIPAL_ROLES
                                             and user.municipality_id != inv.municipality_id):
        raise InvalidInput(key="invite.other_account", email=inv.email)
    research.check_shown(session, inv.programme_id, research_consent, research_shown)
    _claim(session, inv, now)
    _give_access(session, user, inv.programme_id, inv.municipality_id, inv.display_name,
                 inv.group_role, inv.sector, inv.is_coordinator)
    if inv.programme_id:
        research.record(session, programme_id=inv.programme_id, given=research_consent,
                        lang=lang, source=research.INVITATION, user_id=user.id)
    audit.record(session, actor=actor, action="invitation.accept_logged_in",
                 entity="invitation", entity_id=inv.id, detail={"username": user.username})
    return identity.actor_for(session, user.username)


def _reset(session: Session, inv: Invitation, password: str, now: datetime) -> User:
    user = session.get(User, inv.user_id)
    if user is None or not user.active:
        raise InvalidInput(key="invite.unknown")
    accounts.expire_links(session, email=user.username, kind=InvitationKind.RESET, now=now)
    user.password_hash = accounts.hash_password(password)
    user.must_change_password = False
    accounts.end_sessions(session, user.id)  # whoever knew the old password is out
    session.add(user)
    session.flush()
    changed(session, users=True)
    audit.record(session, actor=None, action="user.reset_by_link", entity="user",
                 entity_id=user.id, detail={"username": user.username})
    return user


def _create(session: Session, inv: Invitation, password: str, name: str) -> User:
    """A new account from the invitation (create_user refuses an address that has one, so
    two links redeemed at once for one address make one account, not two logins)."""
    number = session.get(Municipality, inv.municipality_id).number \
        if inv.municipality_id else None
    user = accounts.create_user(session=session, actor=OPERATOR, username=inv.email,
                                password=password, role=Role(inv.role), display_name=name,
                                municipality_number=number)
    _give_access(session, user, inv.programme_id, inv.municipality_id, name, inv.group_role,
                 inv.sector, inv.is_coordinator)
    audit.record(session, actor=None, action="invitation.accept", entity="invitation",
                 entity_id=inv.id, detail={"username": user.username})
    return user


def request_reset(*, session: Session, email: str, client: str, lang: str = "nb",
                  now: datetime | None = None) -> tuple[str, str | None]:
    """«Glemt passord»: (address, token or None). The caller answers the same way whether the
    address has an account or not; only a mail reveals it, to the address's owner."""
    now = now or utcnow()
    email = clean_email(email)
    ratelimit.hit(session, ratelimit.key_for("reset-address", email), limit=RESET_PER_ADDRESS,
                  window=timedelta(hours=1), now=now)
    ratelimit.hit(session, ratelimit.key_for("reset-client", client or "?"),
                  limit=RESET_PER_CLIENT, window=timedelta(hours=1), now=now)
    user = session.exec(select(User).where(User.username == email, col(User.active))).first()
    if user is None:
        return email, None
    # Only the newest reset link works: asking again makes every earlier one dead.
    accounts.expire_links(session, email=email, kind=InvitationKind.RESET, now=now)
    token = secrets.token_urlsafe(32)
    session.add(Invitation(token_hash=_hash(token), kind=InvitationKind.RESET, email=email,
                           role=Role(user.role), user_id=user.id,
                           lang=lang if lang in LANGS else "nb", created_at=now,
                           expires_at=now + timedelta(hours=RESET_HOURS)))
    audit.record(session, actor=None, action="user.reset_requested", entity="user",
                 entity_id=user.id, detail={"username": user.username})
    return email, token

