"""A reminder some days before each gathering to everyone invited to it, and a notice when a
gathering whose reminder went out has since moved: once per new date.

Who is invited is kultur3/programme/invitees.py's rule (the calendar feed reads the same).
A gathering is reminded of while its programme runs (planned or active) and it is not
closed; the reminder goes on the first run inside the window, so a missed day of the timer
still reminds (up to the day itself).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, col, select

from kultur3.core import formatting
from kultur3.core.i18n import t
from kultur3.models import (
    Gathering,
    GatheringStatus,
    Programme,
    ProgrammeStatus,
    ReminderKind,
    ReminderSent,
    User,
)
from kultur3.outreach import preferences
from kultur3.outreach.mails import Mail, address, footer, single_line
from kultur3.programme import catalogue, invitees

# The programmes whose people get reminders: running, or about to (the first gathering of a
# programme is often held before an admin marks it active).
RUNNING = (ProgrammeStatus.PLANNED, ProgrammeStatus.ACTIVE)


def cancelled(gathering: Gathering) -> bool:
    """A cancelled gathering (kultur3.programme.gatherings.cancel_gathering) gets no reminder
    and no notice."""
    return gathering.cancelled_at is not None


def place(gathering: Gathering, lang: str) -> str:
    """Where the gathering is, for a mail: its place, else its video link, else «digitalt»
    for a digital one."""
    if gathering.place or gathering.video_link:
        return single_line(gathering.place or gathering.video_link)
    return t("reminders.digital", lang) if gathering.is_digital else ""


def when_and_where(gathering: Gathering, lang: str) -> str:
    """«Fellessamling 2, 05.03.2027 09:00–15:00, digitalt»: title, date and times, place."""
    when = formatting.fmt_date(gathering.held_on, lang)
    if gathering.starts_at:
        when += f" {gathering.starts_at:%H:%M}"
        when += f"–{gathering.ends_at:%H:%M}" if gathering.ends_at else ""
    return ", ".join(p for p in [single_line(gathering.title), when, place(gathering, lang)]
                     if p)


def upcoming(session: Session, programme_id: int, municipality_id: int,
             today: date) -> Gathering | None:
    """The municipality's next gathering in the programme: today or later, not closed."""
    for info in catalogue.gatherings_for(session=session, programme_id=programme_id,
                                         municipality_id=municipality_id):
        if info.held_on >= today and info.status != GatheringStatus.CLOSED:
            g = session.get(Gathering, info.id)
            if g is not None and not cancelled(g):
                return g
    return None


def _remindable(session: Session, first: date, last: date) -> list[Gathering]:
    return list(session.exec(select(Gathering).join(
        Programme, Programme.id == Gathering.programme_id).where(
        col(Programme.status).in_(RUNNING), Gathering.status != GatheringStatus.CLOSED,
        Gathering.held_on >= first, Gathering.held_on <= last)
        .order_by(Gathering.held_on, Gathering.id)).all())


def _mail(session: Session, user_id: int, kind: ReminderKind, period: str, g: Gathering,
          base: str, subject_key: str, lines: list[str] | None = None) -> Mail | None:
    user = session.get(User, user_id)
    prefs = preferences.of_user(session, user_id)
    if user is None or not user.active or not prefs.wants(kind):
        return None
    lang = prefs.lang
    body = [t("reminders.hello", lang, name=single_line(user.display_name)), "",
            *(lines or []),
            t("reminders.gathering_line", lang, gathering=when_and_where(g, lang))]
    body.append(footer(lang, base, t("reminders.why_gathering", lang)))
    return Mail(user_id=user_id, to=address(session, user), lang=lang, kind=kind, period=period,
                subject=t(subject_key, lang, title=single_line(g.title),
                          date=formatting.fmt_date(g.held_on, lang)),
                body="\n".join(body), gathering_id=g.id, held_on=g.held_on,
                schedule_version=g.schedule_version)


def gathering_reminders(session: Session, *, today: date, days_before: int,
                        base: str) -> list[Mail]:
    """A reminder to each invited person of each gathering held from today to days_before
    days ahead; period «g<id>»: one per person and gathering, whatever its date."""
    found = []
    for g in _remindable(session, today, today + timedelta(days=days_before)):
        if cancelled(g):
            continue
        for user_id in invitees.invited_user_ids(session, g.id):
            m = _mail(session, user_id, ReminderKind.GATHERING, f"g{g.id}", g, base,
                      "reminders.gathering_subject")
            if m is not None:
                found.append(m)
    return found


def change_notices(session: Session, *, today: date, base: str) -> list[Mail]:
    """A notice to each person who was reminded of a gathering that has changed since: a new
    date, time or place (its schedule version moved, or its date differs from the one they
    were last told, by their reminder or their latest notice), or it is cancelled. Period
    «g<id>:v<version>:<date>»: once per change; none for a gathering past or closed."""
    told: dict[tuple[int, int], tuple[date | None, int | None]] = {}
    periods: set[tuple[int, str]] = set()
    rows = session.exec(select(ReminderSent).where(
        col(ReminderSent.kind).in_([ReminderKind.GATHERING, ReminderKind.GATHERING_MOVED]),
        col(ReminderSent.gathering_id).is_not(None))
        .order_by(ReminderSent.claimed_at, ReminderSent.id)).all()
    for r in rows:  # oldest first: the last one read is what the person was told last
        told[(r.user_id, r.gathering_id)] = (r.held_on, r.schedule_version)
        periods.add((r.user_id, r.period))
    found, invited = [], {}
    for (user_id, gathering_id), (old, version) in sorted(told.items()):
        g = session.get(Gathering, gathering_id)
        if g is None or old is None or g.status == GatheringStatus.CLOSED:
            continue
        same = g.held_on == old and version in (None, g.schedule_version)
        if same or max(g.held_on, old) < today:
            continue
        period = f"g{g.id}:v{g.schedule_version}:{g.held_on.isoformat()}"
        if g.id not in invited:  # one read per gathering, not per person told of it
            invited[g.id] = set(invitees.invited_user_ids(session, g.id))
        if (user_id, period) in periods or user_id not in invited[g.id]:
            continue
        programme = session.get(Programme, g.programme_id)
        if programme is None or programme.status not in RUNNING:
            continue
        m = _notice(session, user_id, g, old, period, base)
        if m is not None:
            found.append(m)
    return found


def _notice(session: Session, user_id: int, g: Gathering, old: date, period: str,
            base: str) -> Mail | None:
    """Cancelled; moved from the date last told; or the same day at a new time or place."""
    lang = preferences.of_user(session, user_id).lang
    if cancelled(g):
        return _mail(session, user_id, ReminderKind.GATHERING_MOVED, period, g, base,
                     "reminders.cancelled_subject",
                     [t("reminders.cancelled_line", lang), ""])
    if g.held_on != old:
        line = t("reminders.moved_line", lang, old=formatting.fmt_date(old, lang),
                 new=formatting.fmt_date(g.held_on, lang))
        return _mail(session, user_id, ReminderKind.GATHERING_MOVED, period, g, base,
                     "reminders.moved_subject", [line, ""])
    return _mail(session, user_id, ReminderKind.GATHERING_MOVED, period, g, base,
                 "reminders.changed_subject", [t("reminders.changed_line", lang), ""])
