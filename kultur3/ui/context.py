"""Per-run context: settings, the cached engine, language, the current user and programme."""

from __future__ import annotations

import functools
import importlib
import inspect
import socket
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlsplit

import streamlit as st
from sqlalchemy.engine import Engine

from kultur3 import migrate
from kultur3.access import identity, sessions
from kultur3.access.permissions import Actor, can_open
from kultur3.core import clock, formatting
from kultur3.core.config import (
    Settings,
    SsoTrust,
    get_settings,
    sso_configured,
    sso_trust,
)
from kultur3.core.errors import ConfigError
from kultur3.core.i18n import DEFAULT_LANG, LANG_NAMES, LANGS
from kultur3.core.i18n import t as _t
from kultur3.models import Role
from kultur3.programme import catalogue
from kultur3.programme.catalogue import ProgrammeInfo
from kultur3.seed import check_demo_database, has_data, seed_demo
from kultur3.store import versions
from kultur3.store.db import make_engine, session_scope
from kultur3.ui import keys
from kultur3.ui import streamlit_internals as internals

T = TypeVar("T")


def lang() -> str:
    """The language chosen in this session (bokmål by default)."""
    value = st.session_state.get(keys.LANG, DEFAULT_LANG)
    return value if value in LANGS else DEFAULT_LANG


def t(key: str, **params: object) -> str:
    """Translate key into the session's language."""
    return _t(key, lang(), **params)


def settings() -> Settings:
    """The process settings; stops the page with a plain message when they are unsafe."""
    try:
        return get_settings()
    except ConfigError as exc:
        st.error(f"{_t('error.config', lang())} {exc}")
        st.stop()
        raise


@st.cache_resource(show_spinner=False)
def _engine_for(url: str, demo: bool) -> Engine:
    """One engine per process and URL; migrates on first use, loads demo data when empty.
    Demo mode refuses a database the demo did not make (raised, so never cached)."""
    engine = make_engine(url)
    migrate.upgrade(engine)
    if demo:
        try:
            with session_scope(engine) as session:
                check_demo_database(session)
                if not has_data(session):
                    seed_demo(session)
        except ConfigError:
            engine.dispose()
            raise
    return engine


def engine() -> Engine:
    """The process-wide engine for the configured database; stops the page with a plain
    message when demo mode meets a real database."""
    try:
        return _engine_for(settings().database_url, settings().demo_mode)
    except ConfigError as exc:
        st.error(f"{_t('error.config', lang())} {_t(exc.key, lang())}")
        st.stop()
        raise


def data_version() -> int:
    """The data counter now; cached reads key on it so they refresh right after a write.
    Read once per script run, and again after a write in this process (a page that writes
    and then draws reads its own write): a phone's run at a phase change made five cached
    reads, each of which read the counter (bench/load.py, py-spy on the replica)."""
    run, key = internals.this_run(), _version_key()
    if run is not None and key in run:
        return run[key]
    with session_scope(engine()) as session:
        value = versions.current(session)
    if run is not None:
        run[key] = value
    return value


def _version_key() -> tuple[str, int]:
    """Where a run keeps the data version: it is read again once this process wrote."""
    return ("data_version", versions.bumps_here())


def read(fn: Callable[..., T], /, **kwargs: object) -> T:
    """Run a read-only service function in one short session."""
    with session_scope(engine()) as session:
        return fn(session=session, **kwargs)


def read_first(fn: Callable[..., int], /, **kwargs: object) -> int:
    """The number a screen's ticker compares against (the room's live version, the phase
    version), read now and before the data the page draws; the data version the run's
    cached reads key on is read right after it, in the same session, so what is drawn is at
    least as new as the number, and a write the screen follows that comes after it moves
    the number. A number taken from inside a cached view could be newer than the run's other
    cached reads (they keyed on the data version the run read first), and the screen then
    waited for a change that had already come."""
    key = _version_key()
    with session_scope(engine()) as session:
        value = fn(session=session, **kwargs)
        version = versions.current(session)  # after the number: never older than it
    run = internals.this_run()
    if run is not None:
        run[key] = version
    return value


_STORE_WITHOUT_FILE: object | None = None  # (tests give each AppTest a store of its own)


def _auth_secrets() -> dict | None:
    """[auth] of .streamlit/secrets.toml, or None. While no secrets file exists, Streamlit
    looks for one again on every access, under one lock and with file system calls: at a
    phase change every phone's run queued there (bench/load.py at 100 phones, py-spy on the
    replica: three of four script-thread samples waited on that lock). So once a secrets
    store has no file, it is not asked again (a file added later needs a restart, as every
    other setting does); a store with a file answers from memory and follows its changes."""
    global _STORE_WITHOUT_FILE
    store = st.secrets
    if store is _STORE_WITHOUT_FILE:
        return None
    try:
        return store.to_dict().get("auth")
    except FileNotFoundError as exc:  # no secrets file, or one Streamlit could not read
        # Only «no file at all» is remembered: a file read half-written, or with a typo, is
        # read again on the next run (remembered, single sign-on would stay off until a
        # restart and the password form stand in its place).
        if getattr(exc, "error_id", None) == "no-secrets-found":
            _STORE_WITHOUT_FILE = store
        return None


def sso_enabled() -> bool:
    """Single sign-on (st.login) is configured in .streamlit/secrets.toml."""
    return sso_configured(_auth_secrets())


def sso_trust_now() -> SsoTrust:
    """Whose single sign-on tokens we believe, from [auth] in secrets and the environment;
    stops the page with a plain message when no issuer can be named (nobody would get in,
    and «no access» would send every user to an admin who cannot fix it)."""
    auth = _auth_secrets()
    trust = SsoTrust(issuers=frozenset()) if auth is None else sso_trust(auth)
    if not trust.issuers:
        st.error(f"{_t('error.config', lang())} Single sign-on names no issuer to trust: set "
                 "KULTUR3_SSO_ISSUER (and KULTUR3_SSO_TENANT for Entra ID), see the README.")
        st.stop()
    return trust
def session_token() -> str | None:
    """The id of this browser's login session: the HttpOnly cookie (read from the request
    that opened this tab's connection), else the one kept in this tab's server-side state
    when no cookie route serves the app (kultur3/ui/auth.py)."""
    cookie = st.context.cookies.get(settings().cookie_name)
    if isinstance(cookie, str) and cookie:  # (AppTest's context is a stand-in object)
        return cookie
    return st.session_state.get(keys.SESSION_TOKEN)


def current_session_id() -> int | None:
    """The database id of this browser's live session, or None."""
    with session_scope(engine()) as session:
        row = sessions.resolve(session, session_token(), policy=sessions.policy_of(settings()))
        return None if row is None else row.id


def current_user() -> Actor | None:
    """The user whose live session this browser holds (checked against the database on every
    run: an ended, expired or idle session, or a deactivated user, is nobody), or the one
    single sign-on names when configured; else someone who joined a gathering by code, or a
    projector opened by its view link; else None."""
    run = internals.this_run()
    key = ("current_user", session_token(), st.query_params.get(keys.PARTICIPANT_PARAM),
           st.query_params.get(keys.VIEW_PARAM))
    if run is not None and key in run:  # app.py and the page's guard ask in one run
        return run[key]
    actor = _current_user()
    if run is not None:
        run[key] = actor
    return actor


def _current_user() -> Actor | None:
    if sso_enabled():
        if st.user.is_logged_in:
            with session_scope(engine()) as session:
                return identity.actor_for_sso(session, st.user.to_dict(), sso_trust_now())
    elif token := session_token():
        with session_scope(engine()) as session:
            actor = identity.actor_for_session(session, token,
                                               policy=sessions.policy_of(settings()))
        if actor is not None:
            return actor
    return live_guest()


def live_guest() -> Actor | None:
    """A participant (?deltaker=<key>) or a view link (?visning=<token>). The secret stays in
    the URL so a refresh keeps the person in; it is checked against the database every run,
    so turning code-joining off or making a new view link shuts them out at once."""
    participant = st.query_params.get(keys.PARTICIPANT_PARAM)
    token = st.query_params.get(keys.VIEW_PARAM)
    if not participant and not token:
        return None
    with session_scope(engine()) as session:
        if participant:
            return identity.participant_actor(session, participant)
        return identity.viewer_actor(session, token)


def require_role(page_key: str, *, visitors: bool = False) -> Actor | None:
    """First line of every page: stop with a clear message unless the user may open it.
    With visitors=True (joining by code) nobody logged in is let through as None.

    Works even when Streamlit runs the page file directly, without app.py.
    """
    actor = current_user()
    if actor is None and visitors:
        return None
    if actor is None:
        st.warning(t("login.required"))
        st.markdown(f"[{t('login.go_to_login')}](/)")
        st.stop()
    if not can_open(actor, page_key):
        st.error(t("error.permission_denied"))
        st.stop()
    return actor


def language_picker() -> None:
    """The language switch in the sidebar."""
    st.sidebar.selectbox(t("app.language"), LANGS, format_func=LANG_NAMES.get, key=keys.LANG)


def programme_picker(actor: Actor) -> None:
    """Sidebar choice among the programmes this person takes part in (archived ones left
    out), shown only when there is more than one."""
    options = {p.id: p.name for p in cached_read(catalogue.visible_programmes, actor=actor)}
    if len(options) > 1:
        if st.session_state.get(keys.PROGRAMME) not in options:  # a shared link names one
            wanted = st.query_params.get("programme", "")
            st.session_state[keys.PROGRAMME] = next(
                (pid for pid in options if str(pid) == wanted), next(iter(options)))
        chosen = st.sidebar.selectbox(t("app.programme"), list(options),
                                      format_func=options.get, key=keys.PROGRAMME)
        st.query_params["programme"] = str(chosen)


def current_programme() -> ProgrammeInfo | None:
    """The programme this session works in: the one picked in the sidebar, else the newest
    of those the person takes part in; never an archived one."""
    actor = current_user()
    if actor is None:
        return None
    options = cached_read(catalogue.visible_programmes, actor=actor)
    chosen = st.session_state.get(keys.PROGRAMME)
    return next((p for p in options if p.id == chosen), options[0] if options else None)


def client_id() -> str:
    """Who is asking, for rate limits: the client's address (None behind some proxies, and
    not a string in AppTest: then one shared bucket)."""
    ip = st.context.ip_address
    return ip if isinstance(ip, str) and ip else "unknown-client"


def base_url() -> str:
    """The address people reach the app at: KULTUR3_PUBLIC_URL; else what this browser used,
    with a loopback host (the facilitator's own laptop) replaced by the machine's address on
    the local network, which phones in the room can reach (Streamlit's «Network URL»)."""
    if settings().public_url:
        return settings().public_url.rstrip("/")
    parts = urlsplit(st.context.url or "")
    if not parts.netloc:
        return "http://localhost:8501"
    host = parts.hostname or ""
    if host in LOOPBACK:
        lan = lan_address()
        if lan:
            return f"{parts.scheme}://{lan}" + (f":{parts.port}" if parts.port else "")
    return f"{parts.scheme}://{parts.netloc}"


LOOPBACK = {"localhost", "127.0.0.1", "::1"}


@st.cache_resource(show_spinner=False)
def lan_address() -> str | None:
    """This machine's address on its network (no packet is sent: a UDP socket only picks the
    outgoing interface), or None without one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


@functools.cache
def _clock_parameters(fn: Callable) -> frozenset[str]:
    """Which of `today` and `now` the read takes (its signature, read once per function)."""
    return frozenset(inspect.signature(fn).parameters) & {"today", "now"}


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_call(name: str, url: str, version: int, items: tuple) -> object:
    """Run fn(name) once per (database, data version, arguments)."""
    module, _, attr = name.partition(":")
    fn = getattr(importlib.import_module(module), attr)
    return read(fn, **dict(items))


def cached_read(fn: Callable[..., T], /, **kwargs: object) -> T:
    """Like read(), but cached until the next write bumps the data version.

    The actor is part of kwargs, so one user's result never serves another. A read whose
    answer depends on the clock says so by taking `today` (what is overdue) or `now` (which
    invitation has expired): it is given Oslo's date, or the current minute, and that is in
    the key too, so the answer turns over at midnight (or within a minute) without a write.
    """
    wants = _clock_parameters(fn)
    if "today" in wants and kwargs.get("today") is None:
        kwargs["today"] = clock.today()
    if "now" in wants and kwargs.get("now") is None:
        # The minute, not the instant: an instant in the key would miss the cache every run.
        kwargs["now"] = clock.now().replace(second=0, microsecond=0)
    name = f"{fn.__module__}:{fn.__qualname__}"
    return _cached_call(name, settings().database_url, data_version(),
                        tuple(sorted(kwargs.items())))


def require_programme() -> ProgrammeInfo:
    """The current programme; stops the page with a plain message when there is none."""
    programme = current_programme()
    if programme is None:
        actor = current_user()
        admin = actor is not None and actor.role == Role.ADMIN
        st.info(t("app.no_programme" if admin else "app.no_programme_for_you"))
        st.stop()
    return programme


def fmt_date(value) -> str:
    """A date in the session's language."""
    return formatting.fmt_date(value, lang())


def fmt_num(value) -> str:
    """A number in the session's language (decimal comma in Norwegian)."""
    return formatting.fmt_number(value, lang())
