"""A person's calendar feed: the gatherings they are invited to (invitees.py), as an RFC 5545
calendar that Outlook and Google Calendar subscribe to by URL (GET /kalender/<token>.ics,
kultur3/ui/web.py). The link's token is the only credential (kultur3.access.calendar_links).

One VEVENT per gathering. Its UID is the gathering's id at the install's host, so a calendar
app that reads the feed again updates the same event when a gathering moves, instead of
adding a second one. `event()` builds it from plain fields (`EventFields`); `fields_of` is
the one place a Gathering row becomes those fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import icalendar
from sqlmodel import Session, col, select

from kultur3.access import calendar_links
from kultur3.core.clock import OSLO
from kultur3.core.i18n import t
from kultur3.models import Gathering, utcnow
from kultur3.programme import invitees
from kultur3.store import ratelimit

# Requests per client address and hour, counted before the token is looked up. Google
# Calendar fetches every subscribed URL from its own servers, so all of an install's Google
# users arrive from a few addresses: a national programme (357 municipalities × 6 accounts
# ≈ 2,100 people) polled every 8 hours is ≈ 270 an hour from one address if all used Google.
# 1,200 leaves four times that; a flood beyond it gets 429 (a guess is hopeless anyway: the
# token is 256 random bits).
PER_CLIENT_HOUR = 1200
HOUR = timedelta(hours=1)
# Outlook asks the feed how often to read it again (REFRESH-INTERVAL, X-PUBLISHED-TTL);
# Google ignores both and polls on its own (observed: 8 to 24 hours). An hour makes a
# rescheduled gathering reach Outlook the same morning at ~24 requests a day per person.
REFRESH = timedelta(hours=1)
PRODID = "-//kultur3//Kulturskole 3.0//NO"


@dataclass(frozen=True)
class EventFields:
    """What one gathering's event says. Times are Oslo wall-clock times; without a start
    time the event is all-day."""

    gathering_id: int
    title: str
    day: date
    start: time | None = None
    end: time | None = None
    place: str = ""
    description: str = ""
    cancelled: bool = False
    sequence: int = 0  # moves each time the gathering is rescheduled (RFC 5545 SEQUENCE)


def fields_of(gathering: Gathering) -> EventFields:
    """A gathering as event fields: its times, its place (or its video link), description,
    whether it is cancelled, and how often its schedule moved (schedule_version starts at 1,
    SEQUENCE at 0)."""
    return EventFields(gathering_id=gathering.id, title=gathering.title, day=gathering.held_on,
                       start=gathering.starts_at, end=gathering.ends_at,
                       place=gathering.place or gathering.video_link,
                       description=gathering.description,
                       cancelled=gathering.cancelled_at is not None,
                       sequence=gathering.schedule_version - 1)


def uid(gathering_id: int, host: str) -> str:
    """Stable for the gathering's life: the same event in every calendar, whatever moves."""
    return f"gathering-{gathering_id}@{host}"


# Control characters RFC 5545 TEXT may not hold (§3.3.11: TSAFE-CHAR is WSP and printable
# characters; a line break is written escaped, «\\n», which icalendar does for "\n").
# icalendar passes a lone "\r" through unescaped, and a reader that breaks lines on it (many
# do) would take the rest of a description for new properties, or a second event: so a
# carriage return becomes a line break and every other control character goes.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def ical_text(value: str) -> str:
    """User text as an iCalendar TEXT value can carry it: a carriage return as a line break,
    no other control character."""
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def event(fields: EventFields, *, host: str, url: str, stamp: datetime) -> icalendar.Event:
    """One VEVENT (RFC 5545 §3.6.1)."""
    ev = icalendar.Event()
    ev.add("uid", uid(fields.gathering_id, host))
    ev.add("dtstamp", stamp)
    ev.add("summary", ical_text(fields.title))
    if fields.start is None:
        # All-day: DTSTART;VALUE=DATE, with DTEND the next day (exclusive): Outlook shows a
        # day without DTEND as ending at its start.
        ev.add("dtstart", fields.day)
        ev.add("dtend", fields.day + timedelta(days=1))
    else:
        start = datetime.combine(fields.day, fields.start, tzinfo=OSLO)
        ev.add("dtstart", start)
        if fields.end is not None and fields.end > fields.start:
            ev.add("dtend", datetime.combine(fields.day, fields.end, tzinfo=OSLO))
    if fields.place:
        ev.add("location", ical_text(fields.place))
    if fields.description:
        ev.add("description", ical_text(fields.description))
    ev.add("url", url)
    ev.add("sequence", fields.sequence)
    ev.add("status", "CANCELLED" if fields.cancelled else "CONFIRMED")
    return ev


def calendar(events: list[icalendar.Event], *, name: str) -> bytes:
    """The VCALENDAR around the events, with the Oslo VTIMEZONE when a time needs it."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Oslo")
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", REFRESH)
    for ev in events:
        cal.add_component(ev)
    cal.add_missing_timezones()
    return cal.to_ical()


def feed(session: Session, token: str | None, *, client: str, host: str, url: str,
         lang: str = "nb", now: datetime | None = None) -> bytes | None:
    """The calendar the token's account subscribes to, or None for an unknown or revoked
    token (the route answers 404 and says nothing more). Raises RateLimited past
    PER_CLIENT_HOUR. `host` names the install in the UIDs, `url` is the app's address."""
    now = now or utcnow()
    ratelimit.hit(session, ratelimit.key_for("calendar-client", client or "?"),
                  limit=PER_CLIENT_HOUR, window=HOUR, now=now)
    user_id = calendar_links.user_of_token(session, token, now=now)
    if user_id is None:
        return None
    ids = invitees.gathering_ids_of_user(session, user_id)
    rows = session.exec(select(Gathering).where(col(Gathering.id).in_(ids))
                        .order_by(col(Gathering.held_on), col(Gathering.id))).all() if ids else []
    return calendar([event(fields_of(g), host=host, url=url, stamp=now) for g in rows],
                    name=t("calendar.name", lang))
