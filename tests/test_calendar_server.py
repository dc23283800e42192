"""The calendar feed route on the real server (`python -m kultur3.ui.serve`, outside demo mode,
from an empty database): a calendar app gets text/calendar that icalendar reads, a revoked or
unknown link a bare 404, and the token shows up nowhere in what the server logs."""

import logging
import secrets
import urllib.error
import urllib.request
from datetime import date

import icalendar
import pytest

from kultur3 import migrate
from kultur3.access import calendar_links
from kultur3.models import GatheringKind, Role
from kultur3.store.db import make_engine, session_scope
from kultur3.ui import web
from tests.browser.conftest import Server
from tests.factories import enrol, make_gathering, make_programme, make_user


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"User-Agent": "Microsoft Outlook 16.0"})
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


@pytest.fixture
def install(tmp_path):
    """An empty database brought up by `db upgrade`, a programme with one group member and
    two gatherings, and two calendar links of that member: one live, one revoked."""
    url = f"sqlite:///{tmp_path / 'kultur3.db'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        programme = make_programme(session)
        enrol(session, programme, "4638")
        kari = make_user(session, Role.GROUP, programme=programme, municipality="4638")
        make_gathering(session, programme, title="Fellessamling i Bergen",
                       held_on=date(2027, 3, 1))
        make_gathering(session, programme, title="Lokal samling", held_on=date(2027, 4, 8),
                       kind=GatheringKind.LOKAL_SAMLING, municipality_number="4638")
        revoked = calendar_links.make_link(session=session, actor=kari)
        live = calendar_links.make_link(session=session, actor=kari)
    engine.dispose()
    return url, live, revoked


def test_the_feed_is_served_parsed_and_never_logged(install, tmp_path):
    url, live, revoked = install
    log = tmp_path / "server.log"
    # debug: whatever Streamlit and uvicorn would say about a request, they say here
    srv = Server(url, log, env={"KULTUR3_DEMO": "", "KULTUR3_COOKIE_KEY": secrets.token_urlsafe(40),
                                "STREAMLIT_LOGGER_LEVEL": "debug"})
    srv.start()
    try:
        status, headers, body = _get(web.feed_url(srv.url, live))
        assert status == 200
        assert headers["content-type"].startswith("text/calendar")
        assert headers["cache-control"] == "no-store"
        assert headers["referrer-policy"] == "no-referrer"
        events = icalendar.Calendar.from_ical(body).walk("VEVENT")
        assert [(str(e["summary"]), e["dtstart"].dt) for e in events] == [
            ("Fellessamling i Bergen", date(2027, 3, 1)), ("Lokal samling", date(2027, 4, 8))]
        assert all(str(e["uid"]).endswith("@127.0.0.1") for e in events)
        for token in (revoked, "ukjent-lenke"):
            status, headers, body = _get(web.feed_url(srv.url, token))
            assert (status, body) == (404, b"")
    finally:
        srv.stop()
    text = log.read_text(errors="replace")
    assert live not in text and revoked not in text and "ukjent-lenke" not in text


def test_uvicorns_access_log_would_show_the_path_masked():
    """Streamlit runs uvicorn with its access log off; should it ever be on, the filter the
    server installs (kultur3/ui/asgi.py) masks the token in uvicorn's record, whose arguments
    are (client, method, path, HTTP version, status)."""
    web.mask_feed_paths_in_logs()
    web.mask_feed_paths_in_logs()  # once is enough, twice changes nothing
    logger = logging.getLogger("uvicorn.access")
    assert sum(isinstance(f, web.MaskFeedPaths) for f in logger.filters) == 1
    record = logger.makeRecord("uvicorn.access", logging.INFO, __file__, 1,
                               '%s - "%s %s HTTP/%s" %d',
                               ("203.0.113.5:4000", "GET", "/kalender/S3cr3t_t0ken.ics", "1.1",
                                200), None)
    assert logger.filters[0].filter(record)
    assert record.getMessage() == '203.0.113.5:4000 - "GET /kalender/***.ics HTTP/1.1" 200'
    assert web.mask_feed_paths("GET /kalender/abc.ics?x=1 and /kalender/def.ics") == \
        "GET /kalender/***.ics?x=1 and /kalender/***.ics"


def test_the_route_answers_429_past_the_clients_limit(app_env, monkeypatch):
    """Over ASGI (tests/test_session_routes.py's call): the limit is per client address,
    and a limited client is told when to come back."""
    from kultur3.programme import calendar_feed
    from tests.conftest import actor_of
    from tests.test_session_routes import call
    engine = make_engine(app_env)
    with session_scope(engine) as session:
        token = calendar_links.make_link(session=session, actor=actor_of(session, "kommune-4638"))
    engine.dispose()
    monkeypatch.setattr(calendar_feed, "PER_CLIENT_HOUR", 2)
    path = web.feed_url("", token)
    assert call("GET", path)[0] == 200
    assert call("GET", "/kalender/ukjent.ics")[0] == 404
    status, headers = call("GET", path)
    assert status == 429 and headers["retry-after"] == ["3600"]
