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
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kultur3.access import sessions
from kultur3.core.config import get_settings
from kultur3.core.http_headers import security_headers
from kultur3.ui.feedback import attempt

LOGIN_PATH = "/session/login"
LOGOUT_PATH = "/session/logout"


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


ROUTES = [Route(LOGIN_PATH, login, methods=["POST"]),
          Route(LOGOUT_PATH, logout, methods=["POST"])]
MIDDLEWARE = [Middleware(SecurityHeaders)]
