"""A person's calendar link and feed (kultur3.access.calendar_links,
kultur3.programme.calendar_feed) from an empty install: made, renewed, revoked, only the
gatherings the person is invited to, nothing of anyone else's, RFC 5545 that icalendar reads."""

from datetime import date, datetime, time, timedelta

import icalendar
import pytest
from sqlalchemy import update
from sqlmodel import select

from kultur3.access import calendar_links
from kultur3.access.permissions import Actor
from kultur3.core.errors import PermissionDenied, RateLimited
from kultur3.models import AuditEvent, CalendarFeed, Gathering, GatheringKind, Role, User, utcnow
from kultur3.privacy import personal_data
from kultur3.programme import calendar_feed
from tests.factories import ADMIN, enrol, make_gathering, make_programme, make_user

NOW = datetime(2027, 1, 10, 9, 0, tzinfo=utcnow().tzinfo)


def _feed(session, token, client="198.51.100.7"):
    body = calendar_feed.feed(session, token, client=client, host="kultur3.example.no",
                              url="https://kultur3.example.no/", now=NOW)
    return None if body is None else icalendar.Calendar.from_ical(body)


def _events(cal) -> dict[str, icalendar.Event]:
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}


def _world(session):
    programme = make_programme(session)
    enrol(session, programme, "5501")
    enrol(session, programme, "1804")
    tromso = make_user(session, Role.GROUP, programme=programme, municipality="5501")
    bodo = make_user(session, Role.GROUP, programme=programme, municipality="1804")
    make_gathering(session, programme, title="Fellessamling vår", held_on=date(2027, 3, 1))
    make_gathering(session, programme, title="Lokal Tromsø", held_on=date(2027, 4, 1),
                   kind=GatheringKind.LOKAL_SAMLING, municipality_number="5501")
    make_gathering(session, programme, title="Lokal Bodø", held_on=date(2027, 4, 2),
                   kind=GatheringKind.LOKAL_SAMLING, municipality_number="1804")
    return tromso, bodo


def test_an_empty_install_gives_an_empty_calendar_that_parses(session):
    admin = make_user(session, Role.ADMIN)
    assert calendar_links.link_state(session=session, actor=admin) is None
    token = calendar_links.make_link(session=session, actor=admin, now=NOW)
    cal = _feed(session, token)
    assert cal is not None and cal.walk("VEVENT") == []
    assert str(cal["version"]) == "2.0" and str(cal["x-wr-timezone"]) == "Europe/Oslo"
    state = calendar_links.link_state(session=session, actor=admin)
    assert state.created_at == NOW and state.last_used_at == NOW


def test_the_feed_holds_only_the_gatherings_the_person_is_invited_to(session):
    tromso, bodo = _world(session)
    token = calendar_links.make_link(session=session, actor=tromso)
    events = _events(_feed(session, token))
    assert sorted(events) == ["Fellessamling vår", "Lokal Tromsø"]
    local = events["Lokal Tromsø"]
    assert local["dtstart"].dt == date(2027, 4, 1) and local["dtend"].dt == date(2027, 4, 2)
    assert str(local["uid"]).endswith("@kultur3.example.no")
    assert str(local["url"]) == "https://kultur3.example.no/"
    assert str(local["status"]) == "CONFIRMED" and local["sequence"] == 0
    assert "dtstamp" in local


def test_another_persons_link_shows_their_calendar_and_leaves_mine_alone(session):
    tromso, bodo = _world(session)
    mine = calendar_links.make_link(session=session, actor=tromso)
    theirs = calendar_links.make_link(session=session, actor=bodo)
    assert sorted(_events(_feed(session, theirs))) == ["Fellessamling vår", "Lokal Bodø"]
    assert calendar_links.revoke_link(session=session, actor=bodo)
    assert _feed(session, theirs) is None
    assert sorted(_events(_feed(session, mine))) == ["Fellessamling vår", "Lokal Tromsø"]
    assert calendar_links.link_state(session=session, actor=tromso) is not None


def test_a_new_link_revokes_the_old_and_deleting_revokes_it(session):
    tromso, _ = _world(session)
    old = calendar_links.make_link(session=session, actor=tromso)
    new = calendar_links.make_link(session=session, actor=tromso)
    assert old != new and _feed(session, old) is None and _feed(session, new) is not None
    assert calendar_links.revoke_link(session=session, actor=tromso)
    assert _feed(session, new) is None
    assert calendar_links.link_state(session=session, actor=tromso) is None
    assert not calendar_links.revoke_link(session=session, actor=tromso)  # nothing left
    # only hashes are stored, and the audit log says what happened without the token
    stored = session.exec(select(CalendarFeed.token_hash)).all()
    assert len(stored) == 2 and old not in stored and new not in stored
    actions = session.exec(select(AuditEvent.action, AuditEvent.detail).where(
        AuditEvent.action.startswith("calendar."))).all()
    assert [a for a, _ in actions] == ["calendar.link_made", "calendar.link_made",
                                       "calendar.link_revoked", "calendar.link_revoked"]
    assert not any(old in str(d) or new in str(d) for _, d in actions)


@pytest.mark.parametrize("token", [None, "", "x" * 500, "not-a-token", "../../etc/passwd"])
def test_an_unknown_token_is_nothing(session, token):
    _world(session)
    assert _feed(session, token) is None


def test_a_deactivated_persons_link_stops_working(session):
    tromso, _ = _world(session)
    token = calendar_links.make_link(session=session, actor=tromso)
    session.exec(update(User).where(User.id == tromso.user_id).values(active=False))
    assert _feed(session, token) is None


def test_an_actor_without_an_account_has_no_link(session):
    guest = Actor(user_id=None, username="", display_name="", role=Role.PARTICIPANT,
                  gathering_id=1, participant_id=1)
    for call in (calendar_links.link_state, calendar_links.make_link,
                 calendar_links.revoke_link):
        with pytest.raises(PermissionDenied):
            call(session=session, actor=guest)
    with pytest.raises(PermissionDenied):
        calendar_links.make_link(session=session, actor=ADMIN)  # the factory's admin: no account


def test_a_rescheduled_gathering_keeps_its_uid_and_shows_the_new_date(session):
    tromso, _ = _world(session)
    token = calendar_links.make_link(session=session, actor=tromso)
    before = _events(_feed(session, token))["Lokal Tromsø"]
    session.exec(update(Gathering).where(Gathering.title == "Lokal Tromsø")
                 .values(held_on=date(2027, 5, 20)))
    session.expire_all()
    after = _events(_feed(session, token))["Lokal Tromsø"]
    assert str(after["uid"]) == str(before["uid"])
    assert after["dtstart"].dt == date(2027, 5, 20)


def test_an_event_with_times_is_in_oslo_time_with_its_timezone_sequence_and_status():
    fields = calendar_feed.EventFields(
        gathering_id=7, title="Fellessamling", day=date(2027, 3, 1), start=time(9, 30),
        end=time(15, 0), place="Kulturhuset", description="Ta med handlingsplanen",
        cancelled=True, sequence=3)
    ev = calendar_feed.event(fields, host="kultur3.example.no", url="https://x/", stamp=NOW)
    cal = icalendar.Calendar.from_ical(calendar_feed.calendar([ev], name="Test"))
    (parsed,) = cal.walk("VEVENT")
    assert parsed["dtstart"].dt.utcoffset() == timedelta(hours=1)  # CET in March
    assert parsed["dtstart"].params["TZID"] == "Europe/Oslo"
    assert parsed["dtend"].dt.hour == 15
    assert [tz["tzid"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Oslo"]
    assert str(parsed["status"]) == "CANCELLED" and parsed["sequence"] == 3
    assert str(parsed["location"]) == "Kulturhuset" and str(parsed["uid"]) == "gathering-7@kultur3.example.no"


def test_text_is_escaped_as_rfc_5545_asks():
    fields = calendar_feed.EventFields(gathering_id=1, title="A; B, C\nEND:VCALENDAR",
                                       day=date(2027, 3, 1))
    ev = calendar_feed.event(fields, host="h", url="https://x/", stamp=NOW)
    body = calendar_feed.calendar([ev], name="Test")
    assert body.splitlines().count(b"END:VCALENDAR") == 1  # a line of its own once only
    (parsed,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(parsed["summary"]) == "A; B, C\nEND:VCALENDAR"


def test_one_client_is_limited(session, monkeypatch):
    admin = make_user(session, Role.ADMIN)
    token = calendar_links.make_link(session=session, actor=admin)
    monkeypatch.setattr(calendar_feed, "PER_CLIENT_HOUR", 2)
    _feed(session, token)
    _feed(session, "unknown")
    with pytest.raises(RateLimited):
        _feed(session, token)
    assert _feed(session, token, client="192.0.2.1") is not None  # another client is not


def test_last_used_is_kept_at_most_hourly(session):
    admin = make_user(session, Role.ADMIN)
    token = calendar_links.make_link(session=session, actor=admin, now=NOW)
    for minutes, expected in ((0, NOW), (30, NOW), (61, NOW + timedelta(minutes=61))):
        calendar_links.user_of_token(session, token, now=NOW + timedelta(minutes=minutes))
        state = calendar_links.link_state(session=session, actor=admin)
        assert state.last_used_at == expected


def test_revoked_links_are_purged_after_30_days(session):
    admin = make_user(session, Role.ADMIN)
    calendar_links.make_link(session=session, actor=admin, now=NOW)
    calendar_links.make_link(session=session, actor=admin, now=NOW + timedelta(days=1))
    assert calendar_links.purge_revoked(session, NOW + timedelta(days=30)) == 0
    assert calendar_links.purge_revoked(session, NOW + timedelta(days=32)) == 1
    assert len(session.exec(select(CalendarFeed)).all()) == 1  # the live one stays


def test_export_shows_the_link_and_erasure_takes_it(session):
    tromso, _ = _world(session)
    admin = make_user(session, Role.ADMIN)
    calendar_links.make_link(session=session, actor=tromso, now=NOW)
    exported = personal_data.export_person(session=session, actor=admin, kind="user",
                                           person_id=tromso.user_id)
    (row,) = exported["calendar_links"]
    assert row["created_at"] is not None and "token_hash" not in row
    personal_data.delete_person(session=session, actor=admin, kind="user",
                                person_id=tromso.user_id)
    assert session.exec(select(CalendarFeed)).all() == []


def test_two_links_made_at_once_leave_one_live(engine, monkeypatch):
    """A double click on «Lag ny lenke»: two transactions at once. The second waits for the
    first (the account's row is locked), so it revokes the first one's new link."""
    import threading
    import time as clock_time

    from kultur3.store.db import session_scope
    with session_scope(engine) as s:
        admin = make_user(s, Role.ADMIN)
    real_purge = calendar_links.purge_revoked

    def slow_purge(session, now=None):  # after the new row, before the commit
        clock_time.sleep(0.5)
        return real_purge(session, now)
    monkeypatch.setattr(calendar_links, "purge_revoked", slow_purge)
    barrier, errors = threading.Barrier(2), []

    def make():
        try:
            barrier.wait()
            with session_scope(engine) as s:
                calendar_links.make_link(session=s, actor=admin)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
    threads = [threading.Thread(target=make) for _ in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    with session_scope(engine) as s:
        live = s.exec(select(CalendarFeed).where(CalendarFeed.revoked_at.is_(None))).all()
    assert len(live) == 1


def test_a_carriage_return_in_a_gathering_cannot_write_lines_into_the_feed(session):
    """icalendar escapes "\\n" in a TEXT value but passes a lone "\\r" through, and a reader
    that breaks lines on it would read the rest as properties of its own: a second event, an
    attachment. Staff's text (title, place, description) reaches every invited person's
    calendar, so it goes out as a line break, never a raw CR (review of issue 23)."""
    from kultur3.programme import gatherings
    tromso, _ = _world(session)
    gid = session.exec(select(Gathering.id).where(Gathering.title == "Fellessamling vår")).one()
    g = session.get(Gathering, gid)
    gatherings.update_gathering(
        session=session, actor=ADMIN, gathering_id=gid, base_version=g.edit_version,
        title="Vår\rX-INJECTED:1", kind=g.kind, held_on=g.held_on, place="Bodø\x0b\rURL:x",
        description="Les casen\rEND:VEVENT\rBEGIN:VEVENT\rUID:evil\rSUMMARY:Falsk samling")
    token = calendar_links.make_link(session=session, actor=tromso, now=NOW)
    body = calendar_feed.feed(session, token, client="198.51.100.7", host="kultur3.example.no",
                              url="https://kultur3.example.no/", now=NOW)
    assert b"\r" not in body.replace(b"\r\n", b"")
    assert not any(0 < c < 32 and c not in (9, 10, 13) for c in body)
    lines = body.replace(b"\r\n ", b"").split(b"\r\n")  # unfolded
    assert not any(line.startswith((b"X-INJECTED", b"UID:evil", b"URL:x")) for line in lines)
    events = _events(icalendar.Calendar.from_ical(body))
    assert "Falsk samling" not in events and len(events) == 2
    assert str(events["Vår\nX-INJECTED:1"]["description"]).startswith("Les casen\nEND:VEVENT")
