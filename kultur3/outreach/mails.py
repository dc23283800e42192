"""One reminder mail as a value, and what every reminder says at its end: why it came and
where to stop it. Plain text; the only links are to pages of the app (no token, no query)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, func, select

from kultur3.core.i18n import t
from kultur3.models import Member, ReminderKind, User

# The app's own paths (kultur3/ui/nav.py URL_PATHS, which this wing may not import;
# tests/test_reminders.py keeps them equal).
ACCOUNT_PATH = "/min-konto"
PLAN_PATH = "/handlingsplan"


@dataclass(frozen=True)
class Mail:
    """One mail to one person: the record that claims it is (user_id, kind, period)."""

    user_id: int
    to: str
    lang: str
    kind: ReminderKind
    period: str
    subject: str
    body: str
    gathering_id: int | None = None
    held_on: date | None = None
    schedule_version: int | None = None


def address(session: Session, user: User) -> str:
    """Where the person gets mail: an invited person's username is their address; a shared
    group login has the address of its member row, when it has one and that person has no
    account of their own (who then gets the mail as themself, not twice); else none."""
    if "@" in user.username:
        return user.username
    found = session.exec(select(Member.email).where(
        Member.user_id == user.id, col(Member.active), col(Member.email).is_not(None))
        .order_by(Member.id)).first()
    if not found or session.exec(select(User.id).where(
            func.lower(User.username) == found.strip().lower())).first() is not None:
        return ""
    return found


def single_line(text: str) -> str:
    """User text on one line of a plain-text mail (a title can hold no line break there)."""
    return " ".join(text.split())


def footer(lang: str, base: str, why: str) -> str:
    """Why the mail came, and the page where the person chooses what they get."""
    return "\n".join(["", "--", why, t("reminders.stop", lang, link=f"{base}{ACCOUNT_PATH}")])
