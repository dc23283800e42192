"""Who is asking: the one place that turns a login, a join key or a view link into an Actor.

Every run of every page asks again (kultur3.ui.context.current_user): an account by its
live session (password login: the session cookie, kultur3.access.sessions) or by its e-mail
(single sign-on); a
participant who joined by code, by its key in the URL; a projector, by its view link. Each is
checked against the database every time, so deactivating an account, turning code-joining
off or making a new view link shuts the person out at once.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlmodel import Session, col, select

from kultur3.access import sessions
from kultur3.access.permissions import Actor
from kultur3.core.config import SsoTrust
from kultur3.core.validation import clean_text
from kultur3.models import Gathering, GatheringStatus, Municipality, Participant, Role, User


def actor_for(session: Session, username: str | None) -> Actor | None:
    """The Actor for an active username, or None."""
    if not username:
        return None
    user = session.exec(select(User).where(User.username == username, col(User.active))).first()
    if user is None:
        return None
    return Actor(user_id=user.id, username=user.username, display_name=user.display_name,
                 role=Role(user.role), municipality_id=user.municipality_id,
                 must_change_password=user.must_change_password)


def actor_for_session(session: Session, token: str | None, *,
                      policy: sessions.SessionPolicy) -> Actor | None:
    """The Actor whose live session this id names (the login cookie), or None."""
    row = sessions.resolve(session, token, policy=policy)
    user = session.get(User, row.user_id) if row is not None else None
    return None if user is None else actor_for(session, user.username)


def _true(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def sso_email(claims: Mapping[str, object] | None, trust: SsoTrust) -> str | None:
    """The e-mail a provider's claims prove, or None. Only an address the provider says it
    verified counts (email_verified; Entra ID, which sends no such claim, says so with its
    optional xms_edov claim), and only from our own issuer, and our own tenant (tid) when one
    is set: an account at another tenant of the same provider may carry any address."""
    if not claims or not trust.issuers:
        return None
    email = claims.get("email")
    if not isinstance(email, str) or not email.strip():
        return None
    if str(claims.get("iss") or "").rstrip("/") not in trust.issuers:
        return None
    if trust.tenant and str(claims.get("tid") or "").lower() != trust.tenant:
        return None
    verified = _true(claims.get("email_verified")) or (
        trust.tenant is not None and _true(claims.get("xms_edov")))
    return clean_text(email).lower() if verified else None


def actor_for_sso(session: Session, claims: Mapping[str, object] | None,
                  trust: SsoTrust) -> Actor | None:
    """Single sign-on proves who someone is; our database still says what they may do.

    The account's username is the person's email address, created by an admin beforehand;
    `claims` are the ID token's (st.user), checked by sso_email.
    """
    email = sso_email(claims, trust)
    return actor_for(session, email) if email else None


def participant_actor(session: Session, key: str | None) -> Actor | None:
    """The actor for a participant's key, while code-joining is on and the gathering open."""
    if not key or len(key) > 64:
        return None
    row = session.exec(select(Participant, Gathering, Municipality)
                       .join(Gathering, Gathering.id == Participant.gathering_id)
                       .join(Municipality, Municipality.id == Participant.municipality_id)
                       .where(Participant.key == key)).first()
    if row is None:
        return None
    p, g, m = row
    if not g.code_joining or g.status == GatheringStatus.CLOSED:
        return None
    return Actor(user_id=None, username=f"deltaker-{p.id}", display_name=m.name,
                 role=Role.PARTICIPANT, municipality_id=m.id, gathering_id=g.id,
                 participant_id=p.id)


def participant_key(actor: Actor) -> str:
    """The key a participant's own scores and dots are stored under (one per join)."""
    return f"p{actor.participant_id}"


def viewer_actor(session: Session, token: str | None) -> Actor | None:
    """The read-only actor of a projector opened by its secret view link."""
    if not token or len(token) > 64:
        return None
    g = session.exec(select(Gathering).where(Gathering.view_token == token)).first()
    if g is None:
        return None
    return Actor(user_id=None, username=f"storskjerm-{g.id}", display_name=g.title,
                 role=Role.VIEWER, gathering_id=g.id)
