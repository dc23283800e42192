"""`python -m kultur3 send-reminders`: every reminder due today, each sent at most once.

For each mail: claim it (INSERT its (person, kind, period) row in a transaction of its own,
committed), send it, mark it sent. A unique violation on the claim means another run has it
(a second run the same day, a second replica at the same moment): skipped. A run killed
between claim and mark leaves the row «claimed»: it is never sent again, and every later
run lists it so the operator can tell the person (at most once, not at least once: a
duplicate digest costs trust, a missed one is told). A server that refuses the message
(kultur3.core.mail.MailError) releases the claim, so the next run tries again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from kultur3.access import audit
from kultur3.access.permissions import OPERATOR
from kultur3.core import mail
from kultur3.core.mail import SmtpConfig
from kultur3.models import ReminderSent, User, utcnow
from kultur3.outreach import digests, gathering_mail
from kultur3.outreach.mails import Mail
from kultur3.store.changed import changed
from kultur3.store.db import session_scope


@dataclass
class Report:
    """What a run did (or, dry, would do), line by line, and the counts."""

    lines: list[str] = field(default_factory=list)
    sent: int = 0
    already: int = 0
    no_address: int = 0
    failed: int = 0
    unconfirmed: list[str] = field(default_factory=list)


def compose(session: Session, *, today: date, days_before: int, base: str) -> list[Mail]:
    """Every mail due today, of every kind, before anything is claimed."""
    return [*digests.coordinator_digests(session, today=today, base=base),
            *gathering_mail.gathering_reminders(session, today=today, days_before=days_before,
                                                base=base),
            *gathering_mail.change_notices(session, today=today, base=base),
            *digests.adviser_digests(session, today=today, base=base)]


def _key(m: Mail) -> tuple[int, str, str]:
    return (m.user_id, str(m.kind), m.period)


def _claim(engine: Engine, m: Mail) -> bool:
    """The mail's row, committed; False when another run holds it already."""
    try:
        with session_scope(engine) as s:
            s.add(ReminderSent(user_id=m.user_id, kind=m.kind, period=m.period,
                               gathering_id=m.gathering_id, held_on=m.held_on,
                               schedule_version=m.schedule_version))
            s.flush()
            changed(s)
    except IntegrityError:
        return False
    return True


def _where(m: Mail) -> tuple:
    return (ReminderSent.user_id == m.user_id, ReminderSent.kind == m.kind,
            ReminderSent.period == m.period)


def _mark_sent(engine: Engine, m: Mail) -> None:
    with session_scope(engine) as s:
        s.exec(update(ReminderSent).where(*_where(m)).values(sent_at=utcnow()))  # type: ignore[call-overload]
        changed(s)


def _release(engine: Engine, m: Mail) -> None:
    with session_scope(engine) as s:
        s.exec(delete(ReminderSent).where(*_where(m)))  # type: ignore[call-overload]
        changed(s)


def _unconfirmed(session: Session) -> list[str]:
    """Claims no run marked sent: a run died between claim and mark (never sent again)."""
    rows = session.exec(select(ReminderSent, User.username).join(
        User, User.id == ReminderSent.user_id).where(col(ReminderSent.sent_at).is_(None))
        .order_by(ReminderSent.claimed_at, ReminderSent.id)).all()
    return [f"{r.kind} {r.period} til bruker {username} (påbegynt {r.claimed_at:%Y-%m-%d %H:%M})"
            for r, username in rows]


def send_due(engine: Engine, *, today: date, days_before: int, base: str,
        smtp: SmtpConfig | None, dry_run: bool = False,
        send: Callable[..., None] | None = None) -> Report:
    """Send every reminder due today (dry: say what would go to whom, send and record
    nothing). `send` defaults to kultur3.core.mail.send, looked up at call time."""
    report = Report()
    with Session(engine) as s:
        mails = compose(s, today=today, days_before=days_before, base=base)
        report.unconfirmed = _unconfirmed(s)
        claimed = {(r.user_id, str(r.kind), r.period) for r in s.exec(select(ReminderSent))}
    for m in mails:
        line = f"{m.kind} {m.period} -> {m.to or '(ingen adresse)'} [{m.lang}]: {m.subject}"
        if _key(m) in claimed:
            report.already += 1
            continue
        if not m.to:
            report.no_address += 1
            report.lines.append(f"uten adresse  {line} (bruker {m.user_id})")
            continue
        if dry_run:
            report.lines.append(f"ville sendt   {line}")
            continue
        if not _claim(engine, m):
            report.already += 1
            continue
        try:
            (send or mail.send)(smtp, to=m.to, subject=m.subject, body=m.body)
        except mail.MailError as exc:
            _release(engine, m)
            report.failed += 1
            report.lines.append(f"feilet        {line}: {exc}")
            continue
        _mark_sent(engine, m)
        report.sent += 1
        report.lines.append(f"sendt         {line}")
    if not dry_run:
        with session_scope(engine) as s:
            changed(s)
            audit.record(s, actor=OPERATOR, action="reminders.run", entity="reminder",
                         detail={"today": today.isoformat(), "sent": report.sent,
                                 "already": report.already, "no_address": report.no_address,
                                 "failed": report.failed,
                                 "unconfirmed": len(report.unconfirmed)})
    return report
