"""The HTTP side of logging in, beside Streamlit: the routes and middleware of the st.App
that `python -m kultur3.ui.serve` serves (kultur3/ui/asgi.py).

A Streamlit script talks to the browser over a websocket and cannot set an HttpOnly cookie.
So the login form checks the password and makes a one-time hand-off code
(kultur3.access.sessions.handoff); the page then posts the code to LOGIN_PATH, whose response
starts the session and sets its cookie: HttpOnly (no script reads it), SameSite=Strict (no
other site's page sends it), Secure over HTTPS, and 303s on to the page. Every run reads the
cookie back from the websocket's own request (st.context.cookies). LOGOUT_PATH ends the
session the cookie names and clears it.

The middleware adds kultur3.core.http_headers' security headers to every HTTP response, for a
deploy without nginx.

CALENDAR_PATH serves a person's calendar feed (kultur3.programme.calendar_feed) to calendar
apps, which cannot log in: the path's token is the credential. So the path must stay out of
every log: Streamlit runs uvicorn with its access log off, the app's own ASGI code logs no
request, nginx logs it masked (deploy/nginx.conf.template), and `mask_feed_paths` masks it in
uvicorn's access log should a later Streamlit turn that on (tests/test_calendar_server.py
starts the real server and reads its output). The page that shows the link sends
Referrer-Policy: no-referrer (kultur3.core.http_headers), so no link followed from it carries it.
"""

from __future__ import annotations

import logging
import re
import secrets
from urllib.parse import urlencode, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kultur3.access import sessions
from kultur3.core.config import get_settings
from kultur3.core.errors import RateLimited
from kultur3.core.http_headers import security_headers
from kultur3.programme import calendar_feed
from kultur3.ui import keys
from kultur3.ui.feedback import attempt

LOGIN_PATH = "/session/login"
LOGOUT_PATH = "/session/logout"
CALENDAR_PATH = "/kalender/{token}.ics"
CALENDAR_PREFIX = "/kalender/"
# The feed is one person's: no shared cache (a municipality's proxy) may keep it, and a
# calendar app polls on its own clock (REFRESH-INTERVAL in the feed), so a cached copy would
# only delay a rescheduled date. Hence no-store rather than a max-age.
CALENDAR_CACHE = "no-store"
_FEED_TOKEN = re.compile(r"(/kalender/)[^/?\s\"]*")


def _https(scheme: str) -> bool:
    """Served over HTTPS: the request came so (uvicorn reads X-Forwarded-Proto from a local
    proxy), or the public address says so."""
    return scheme == "https" or get_settings().public_url.startswith("https://")


def _same_site(request: Request) -> bool:
    """A form posted from one of our own pages. Login CSRF (a stranger's page posting its own
    code to log the visitor into the stranger's account) is refused. Browsers say where a
    request comes from in Sec-Fetch-Site (sent to HTTPS and localhost); elsewhere in Origin,
    which our Referrer-Policy: no-referrer turns into "null" for our own posts, so only a
    real origin can be compared. nginx passes the host without its port: hosts are compared."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return True
    host = urlsplit(f"//{request.headers.get('host', '')}").hostname
    return urlsplit(origin).hostname == host


def _next(value: object) -> str:
    """Where to go after: a path on this site only (never //elsewhere)."""
    path = value if isinstance(value, str) else ""
    if not path.startswith("/") or path.startswith(("//", "/\\")) or len(path) > 2000:
        return "/"
    return path


def _redeem(code: str, user_agent: str) -> str | None:
    """In the app's own engine and transaction (kultur3.ui.feedback.attempt)."""
    return attempt(sessions.redeem, code=code, policy=sessions.policy_of(get_settings()),
                   user_agent=user_agent).value


def _end(token: str | None) -> None:
    attempt(sessions.end, token=token)


async def login(request: Request) -> Response:
    """Spend a hand-off code: start the session and set its cookie."""
    if not _same_site(request):
        return Response(status_code=403)
    form = await request.form()
    settings = get_settings()
    token = await run_in_threadpool(_redeem, str(form.get("code") or ""),
                                    request.headers.get("user-agent", ""))
    response = RedirectResponse(_next(form.get("next")), status_code=303)
    if token is not None:
        response.set_cookie(settings.cookie_name, token,
                            max_age=int(settings.cookie_expiry_days * 86400), path="/",
                            secure=_https(request.url.scheme), httponly=True, samesite="strict")
    return response


async def logout(request: Request) -> Response:
    """End the session the cookie names (the app has mostly done so already) and clear it."""
    if not _same_site(request):
        return Response(status_code=403)
    settings = get_settings()
    await run_in_threadpool(_end, request.cookies.get(settings.cookie_name))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(settings.cookie_name, path="/", secure=_https(request.url.scheme),
                           httponly=True, samesite="strict")
    return response


def feed_url(base: str, token: str) -> str:
    """The address of a calendar link: the app's address and the token."""
    return f"{base.rstrip('/')}{CALENDAR_PATH.replace('{token}', token)}"


class _Limited(Exception):
    """The client asked too often (the feed's rate limit)."""


def _feed(token: str, client: str, host: str, url: str) -> bytes | None:
    """In the app's own engine and transaction (kultur3.ui.feedback.attempt)."""
    outcome = attempt(calendar_feed.feed, token=token, client=client, host=host, url=url)
    if isinstance(outcome.error, RateLimited):
        raise _Limited()
    return outcome.value


async def feed(request: Request) -> Response:
    """A calendar feed: text/calendar, or a bare 404 for an unknown or revoked token (it
    says nothing about which), 429 past the per-client limit."""
    public = get_settings().public_url
    base = public or str(request.base_url).rstrip("/")
    host = urlsplit(base).hostname or "kultur3"
    client = request.client.host if request.client else ""
    try:
        body = await run_in_threadpool(_feed, request.path_params["token"], client, host,
                                       base + "/")
    except _Limited:
        return Response(status_code=429, headers={"Retry-After": "3600"})
    if body is None:
        return Response(status_code=404, headers={"Cache-Control": CALENDAR_CACHE})
    return Response(body, media_type="text/calendar; charset=utf-8",
                    headers={"Cache-Control": CALENDAR_CACHE})


def mask_feed_paths(text: str) -> str:
    """A log line with every calendar token blanked out."""
    return _FEED_TOKEN.sub(r"\1***.ics", text)


class MaskFeedPaths(logging.Filter):
    """Masks calendar tokens in uvicorn's access log records (their arguments are the
    client, method, path, HTTP version and status) and in any other record's message."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and any(
                isinstance(a, str) and CALENDAR_PREFIX in a for a in record.args):
            record.args = tuple(mask_feed_paths(a) if isinstance(a, str) else a
                                for a in record.args)
        if isinstance(record.msg, str) and CALENDAR_PREFIX in record.msg:
            record.msg = mask_feed_paths(record.msg)
        return True


def mask_feed_paths_in_logs() -> None:
    """Install MaskFeedPaths on uvicorn's loggers (idempotent)."""
    for name in ("uvicorn.access", "uvicorn.error", "uvicorn"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, MaskFeedPaths) for f in logger.filters):
            logger.addFilter(MaskFeedPaths())


class SecurityHeaders:
    """Adds the security headers to every HTTP response (the websocket has none)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = [(k.lower().encode("latin-1"), v.encode("latin-1"))
                 for k, v in security_headers(_https(scope.get("scheme", "http")))]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                message["headers"] = headers + [h for h in extra if h[0] not in present]
            await send(message)

        await self.app(scope, receive, send_with_headers)


# A survey's public link (issue 24) opens here first: the response gives the browser a random
# token in a cookie, then 303s on to the answer page, which reads the cookie back from its
# websocket's request (st.context.cookies). Only the token's hash is stored, in SurveyDevice,
# after an answer; «once per device» is that mark. A year: longer than any survey is open
# (kultur3.group.surveys.MAX_OPEN_DAYS), so a browser keeps its token while one runs.
SURVEY_START_PATH = "/mening/start"
SURVEY_PAGE_PATH = "/mening"
SURVEY_COOKIE_MAX_AGE_S = 366 * 86400
_SURVEY_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def survey_url(base: str, token: str) -> str:
    """The public link the QR code and the poster carry."""
    return f"{base.rstrip('/')}{SURVEY_START_PATH}?{urlencode({keys.SURVEY_PARAM: token})}"


async def survey_start(request: Request) -> Response:
    """Give the browser its survey token (a new one only if it has none), then the page."""
    token = request.query_params.get(keys.SURVEY_PARAM, "")
    target = SURVEY_PAGE_PATH
    if _SURVEY_TOKEN.fullmatch(token):
        target += "?" + urlencode({keys.SURVEY_PARAM: token})
    response = RedirectResponse(target, status_code=303)
    if len(request.cookies.get(keys.SURVEY_COOKIE, "")) < 20:
        response.set_cookie(keys.SURVEY_COOKIE, secrets.token_urlsafe(32),
                            max_age=SURVEY_COOKIE_MAX_AGE_S, path="/",
                            secure=_https(request.url.scheme), httponly=True, samesite="lax")
    return response


ROUTES = [Route(LOGIN_PATH, login, methods=["POST"]),
          Route(LOGOUT_PATH, logout, methods=["POST"]),
          Route(CALENDAR_PATH, feed, methods=["GET"]),
          Route(SURVEY_START_PATH, survey_start, methods=["GET"])]
MIDDLEWARE = [Middleware(SecurityHeaders)]
