"""The login and logout routes (kultur3/ui/web.py) on a real database, driven over ASGI: the
cookie's flags (Secure over HTTPS), one-time codes, no cross-site posts, no open redirect,
and the security headers on every response."""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest
from sqlmodel import select
from starlette.applications import Starlette

from kultur3.access import sessions
from kultur3.core.config import database_url
from kultur3.models import User
from kultur3.store.db import make_engine, session_scope
from kultur3.ui import web

APP = Starlette(routes=web.ROUTES, middleware=web.MIDDLEWARE)


@pytest.fixture(autouse=True)
def _app(app_env):
    return app_env


def call(method: str, path: str, *, form: dict | None = None, headers: dict | None = None,
         scheme: str = "http") -> tuple[int, dict[str, list[str]]]:
    """One request through the ASGI app; (status, headers by lower-case name)."""
    body = urlencode(form or {}).encode()
    sent = {"content-type": "application/x-www-form-urlencoded", "host": "kultur3.test",
            **(headers or {})}
    scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(),
             "query_string": b"", "scheme": scheme, "http_version": "1.1", "root_path": "",
             "server": ("kultur3.test", 443 if scheme == "https" else 80),
             "client": ("203.0.113.5", 40000),
             "headers": [(k.encode(), v.encode()) for k, v in sent.items()]}
    messages = []

    async def receive():
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):
        messages.append(message)

    # In a thread of its own: after the browser tests, Playwright's sync API keeps an event
    # loop running in this thread, and asyncio.run refuses to start a second one there.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, APP(scope, receive, send)).result()
    out: dict[str, list[str]] = {}
    for name, value in messages[0]["headers"]:
        out.setdefault(name.decode().lower(), []).append(value.decode())
    return messages[0]["status"], out


def _code(username: str = "leder") -> str:
    engine = make_engine(database_url())
    with session_scope(engine) as session:
        user_id = session.exec(select(User.id).where(User.username == username)).one()
        code = sessions.handoff(session, user_id=user_id)
    engine.dispose()
    return code


def _cookie(headers: dict[str, list[str]]) -> str:
    (cookie,) = [c for c in headers.get("set-cookie", []) if c.startswith("kultur3_auth=")]
    return cookie


def test_a_code_sets_an_httponly_strict_cookie_once_and_goes_on_to_the_page():
    code = _code()
    status, headers = call("POST", web.LOGIN_PATH, form={"code": code, "next": "/dashbord"})
    assert status == 303 and headers["location"] == ["/dashbord"]
    cookie = _cookie(headers)
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain HTTP on a laptop: a Secure cookie would be dropped
    token = cookie.split(";")[0].split("=", 1)[1]
    engine = make_engine(database_url())
    with session_scope(engine) as session:
        assert sessions.resolve(session, token, policy=sessions.SessionPolicy()) is not None
    engine.dispose()
    status, headers = call("POST", web.LOGIN_PATH, form={"code": code, "next": "/dashbord"})
    assert status == 303 and "set-cookie" not in headers  # spent


def test_over_https_the_cookie_is_secure_and_hsts_is_sent():
    status, headers = call("POST", web.LOGIN_PATH, form={"code": _code(), "next": "/"},
                           scheme="https")
    assert status == 303 and "Secure" in _cookie(headers)
    assert headers["strict-transport-security"][0].startswith("max-age=")


@pytest.mark.parametrize("headers", [
    {"origin": "https://evil.example"},
    {"sec-fetch-site": "cross-site", "origin": "null"},
    {"sec-fetch-site": "same-site"},
])
def test_a_post_from_another_site_is_refused(headers):
    code = _code()
    status, out = call("POST", web.LOGIN_PATH, form={"code": code}, headers=headers)
    assert status == 403 and "set-cookie" not in out


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example", "/\\evil.example",
                                    "dashbord"])
def test_next_never_leaves_the_site(target):
    status, headers = call("POST", web.LOGIN_PATH, form={"code": _code(), "next": target})
    assert status == 303 and headers["location"] == ["/"]


def test_logout_ends_the_session_and_deletes_the_cookie():
    _, headers = call("POST", web.LOGIN_PATH, form={"code": _code()})
    token = _cookie(headers).split(";")[0].split("=", 1)[1]
    status, headers = call("POST", web.LOGOUT_PATH, headers={"cookie": f"kultur3_auth={token}"})
    assert status == 303 and 'kultur3_auth=""' in _cookie(headers)
    assert "Max-Age=0" in _cookie(headers)
    engine = make_engine(database_url())
    with session_scope(engine) as session:
        assert sessions.resolve(session, token, policy=sessions.SessionPolicy()) is None
    engine.dispose()


def test_every_response_carries_the_security_headers():
    status, headers = call("GET", "/no-such-page")
    assert status == 404
    assert headers["x-content-type-options"] == ["nosniff"]
    assert headers["referrer-policy"] == ["no-referrer"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"][0]
    assert "strict-transport-security" not in headers


@pytest.mark.parametrize("path", ["/", "/component/anything/index.html", web.LOGIN_PATH])
def test_the_middleware_sends_the_same_headers_as_nginx_on_every_path(path):
    """Without nginx the app's own middleware is the only source: the whole policy, the app's
    script hashes included, and nothing may be framed on any path."""
    from kultur3.core.http_headers import security_headers
    _, headers = call("GET", path, scheme="https")
    for name, value in security_headers(https=True):
        assert headers[name.lower()] == [value], name
    assert headers["x-frame-options"] == ["DENY"]
