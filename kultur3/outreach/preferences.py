"""Which reminders a person gets by e-mail, and in which language: their own choice on
/min-konto. Without a choice every kind is on (a coordinator's digest, gathering reminders,
an adviser's digest) and the language is the one they were invited in."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlmodel import Session, col, func, select

from kultur3.access import audit
from kultur3.access.permissions import Actor
from kultur3.core.errors import InvalidInput, PermissionDenied
from kultur3.models import LANGS, Invitation, ReminderKind, ReminderPreference, User, utcnow
from kultur3.outreach.mails import address
from kultur3.store.changed import changed


@dataclass(frozen=True)
class Preferences:
    lang: str
    coordinator_digest: bool = True
    gathering_reminders: bool = True
    adviser_digest: bool = True
    has_address: bool = True  # the person has an address reminders can go to

    def wants(self, kind: ReminderKind) -> bool:
        """Whether a mail of this kind may go to the person (a change notice follows the
        gathering reminders: it corrects one)."""
        return {ReminderKind.COORDINATOR_DIGEST: self.coordinator_digest,
                ReminderKind.GATHERING: self.gathering_reminders,
                ReminderKind.GATHERING_MOVED: self.gathering_reminders,
                ReminderKind.ADVISER_DIGEST: self.adviser_digest}[ReminderKind(kind)]


def of_user(session: Session, user_id: int) -> Preferences:
    """The account's choices, or the defaults (internal: the reminder run's read)."""
    row = session.get(ReminderPreference, user_id)
    if row is not None:
        return Preferences(lang=row.lang, coordinator_digest=row.coordinator_digest,
                           gathering_reminders=row.gathering_reminders,
                           adviser_digest=row.adviser_digest)
    user = session.get(User, user_id)
    # The latest invitation to the account's address (a reset names the account itself).
    invited = session.exec(select(Invitation.lang).where(
        (Invitation.user_id == user_id)
        | (func.lower(Invitation.email) == (user.username.lower() if user else "")))
        .order_by(col(Invitation.created_at).desc(), col(Invitation.id).desc())).first()
    return Preferences(lang=invited if invited in LANGS else "nb")


def _own(actor: Actor) -> int:
    """Only the person themself: an account, never a code participant or a view link."""
    if actor.user_id is None:
        raise PermissionDenied()
    return actor.user_id


def preferences(*, session: Session, actor: Actor) -> Preferences:
    """The acting person's own choices, and whether mail can reach them at all."""
    user_id = _own(actor)
    user = session.get(User, user_id)
    return replace(of_user(session, user_id),
                   has_address=bool(user is not None and address(session, user)))


def set_preferences(*, session: Session, actor: Actor, lang: str, coordinator_digest: bool,
                    gathering_reminders: bool, adviser_digest: bool) -> None:
    """Save the acting person's own choices."""
    user_id = _own(actor)
    if lang not in LANGS:
        raise InvalidInput(key="reminders.bad_lang")
    row = session.get(ReminderPreference, user_id) or ReminderPreference(user_id=user_id)
    row.lang, row.updated_at = lang, utcnow()
    row.coordinator_digest = bool(coordinator_digest)
    row.gathering_reminders = bool(gathering_reminders)
    row.adviser_digest = bool(adviser_digest)
    session.add(row)
    session.flush()
    changed(session)
    audit.record(session, actor=actor, action="reminders.preferences", entity="user",
                 entity_id=user_id, detail={"lang": lang, "coordinator_digest": row.coordinator_digest,
                                            "gathering_reminders": row.gathering_reminders,
                                            "adviser_digest": row.adviser_digest})
