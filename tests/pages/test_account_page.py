"""«Min konto» lists where the person is logged in and logs them out everywhere; every run
checks the session, so one ended elsewhere logs this tab out on its next click."""

from sqlmodel import col, select

from kultur3.access import sessions
from kultur3.core.config import database_url
from kultur3.models import User, UserSession
from kultur3.store.db import make_engine, session_scope
from kultur3.ui import keys
from tests.pages.conftest import run_app, start_session, texts

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"


def _live_sessions() -> int:
    engine = make_engine(database_url())
    try:
        with session_scope(engine) as session:
            return len(session.exec(select(UserSession).where(
                col(UserSession.ended_at).is_(None))).all())
    finally:
        engine.dispose()


def _start_elsewhere(username: str, user_agent: str) -> None:
    engine = make_engine(database_url())
    try:
        with session_scope(engine) as session:
            user_id = session.exec(select(User.id).where(User.username == username)).one()
            sessions.start(session, user_id=user_id, policy=sessions.SessionPolicy(),
                           user_agent=user_agent)
    finally:
        engine.dispose()


def test_the_sessions_list_shows_this_browser_and_the_others():
    at = run_app("leder", page="account")
    _start_elsewhere("leder", FIREFOX)
    at.run()
    assert not at.exception
    table = at.dataframe[0].value
    browsers = list(table["Nettleser"])
    assert browsers == ["Denne nettleseren – Ukjent nettleser", "Firefox, Windows"] or \
        browsers == ["Firefox, Windows", "Denne nettleseren – Ukjent nettleser"]
    assert list(table.columns) == ["Nettleser", "Logget inn", "Sist brukt"]


def test_log_out_on_all_devices_ends_every_session():
    at = run_app("leder", page="account")
    _start_elsewhere("leder", FIREFOX)
    assert _live_sessions() == 2
    at.button(key="account.logout_all").click().run()
    assert not at.exception
    assert at.text_input(key="login.username")  # this tab is logged out too
    assert keys.SESSION_TOKEN not in at.session_state
    assert _live_sessions() == 0


def test_a_session_ended_elsewhere_logs_this_tab_out_on_its_next_run():
    at = run_app("leder", page="account")
    assert not [w for w in at.text_input if w.key == "login.username"]
    engine = make_engine(database_url())
    with session_scope(engine) as session:
        sessions.end(session, at.session_state[keys.SESSION_TOKEN])
    engine.dispose()
    at.run()
    assert at.text_input(key="login.username")


def test_a_forged_session_id_is_nobody():
    at = run_app()
    at.session_state[keys.SESSION_TOKEN] = start_session("leder") + "x"
    at.run()
    assert at.text_input(key="login.username")


def _feed_status(url: str) -> int | None:
    """What the feed answers for a link shown on the page: 200 with events, or None."""
    from kultur3.programme import calendar_feed
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    engine = make_engine(database_url())
    try:
        with session_scope(engine) as session:
            body = calendar_feed.feed(session, token, client="AppTest", host="h", url="u")
    finally:
        engine.dispose()
    return None if body is None else body.count(b"BEGIN:VEVENT")


def test_a_calendar_link_is_made_shown_once_renewed_and_deleted():
    at = run_app("kommune-4638", page="account")
    assert not at.exception and not at.code
    at.button(key="account.calendar_make").click().run()
    assert not at.exception
    (shown,) = at.code
    url = shown.value
    assert "/kalender/" in url and url.endswith(".ics")
    assert _feed_status(url)  # the demo group's gatherings
    assert "Lenken ble laget" in texts(at)
    at.run()
    assert not at.code  # shown once: a rerun does not show it again
    at.button(key="account.calendar_renew").click().run()
    (renewed,) = at.code
    assert renewed.value != url
    assert _feed_status(url) is None and _feed_status(renewed.value)
    at.button(key="account.calendar_delete").click().run()
    assert not at.exception
    assert _feed_status(renewed.value) is None
    assert "Kalenderlenken er slettet" in texts(at)
    assert at.button(key="account.calendar_make")  # back to the start
def _reminder_choices(username: str):
    from kultur3.models import ReminderPreference
    engine = make_engine(database_url())
    try:
        with session_scope(engine) as session:
            user_id = session.exec(select(User.id).where(User.username == username)).one()
            row = session.get(ReminderPreference, user_id)
            return None if row is None else (row.lang, row.coordinator_digest,
                                             row.gathering_reminders, row.adviser_digest)
    finally:
        engine.dispose()


def test_a_group_member_chooses_which_reminders_they_get():
    at = run_app("kommune-1804", page="account")
    assert not at.exception
    assert at.checkbox(key="account.reminders.coordinator_digest").value is True  # on by default
    assert at.checkbox(key="account.reminders.gathering_reminders").value is True
    assert "account.reminders.adviser_digest" not in [c.key for c in at.checkbox]
    at.checkbox(key="account.reminders.coordinator_digest").uncheck()
    at.selectbox(key="account.reminders.lang").select("nn")
    at.button(key="account.reminders.save").click().run()
    assert not at.exception
    assert "Valgene for påminnelser er lagret." in [s.value for s in at.success]
    assert _reminder_choices("kommune-1804") == ("nn", False, True, True)
    at.run()  # read back
    assert at.checkbox(key="account.reminders.coordinator_digest").value is False
    assert at.selectbox(key="account.reminders.lang").value == "nn"


def test_a_facilitator_is_offered_the_adviser_digest_not_the_coordinators():
    at = run_app("fasilitator", page="account")
    assert not at.exception
    offered = [c.key for c in at.checkbox if c.key.startswith("account.reminders.")]
    assert offered == ["account.reminders.gathering_reminders", "account.reminders.adviser_digest"]
    assert _reminder_choices("fasilitator") is None  # nothing stored until they choose
