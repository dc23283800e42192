"""Server-side sessions end when they should; logins are throttled per client; rate-limit
keys are keyed. Every test runs on a real database (SQLite, or PostgreSQL when asked)."""

import hashlib
from datetime import timedelta

import bcrypt
import pytest
from sqlmodel import col, func, select

from kultur3.access import accounts, sessions
from kultur3.access.permissions import OPERATOR, Actor
from kultur3.core.config import load_settings
from kultur3.core.errors import ConfigError, LoginLocked
from kultur3.group import invitations
from kultur3.models import (
    LoginAttempt,
    RateEvent,
    Role,
    SessionHandoff,
    User,
    UserSession,
    utcnow,
)
from kultur3.seed import load_municipalities
from kultur3.store import ratelimit

GOOD = "a-long-enough-pass"
POLICY = sessions.SessionPolicy(lifetime=timedelta(days=7), idle=timedelta(hours=8))
ADMIN = Actor(user_id=None, username="operator", display_name="Operator", role=Role.ADMIN)


@pytest.fixture
def kari(session) -> User:
    load_municipalities(session)
    user = accounts.create_user(session=session, actor=OPERATOR, username="kari@hoyanger.kommune.no",
                                password=GOOD, role=Role.GROUP, municipality_number="4638")
    session.commit()
    return user


def _actor(user: User) -> Actor:
    return Actor(user_id=user.id, username=user.username, display_name=user.display_name,
                 role=Role(user.role), municipality_id=user.municipality_id)


def _live(session, token) -> bool:
    return sessions.resolve(session, token, policy=POLICY) is not None


def test_the_policy_comes_from_the_settings(tmp_path):
    env = {"KULTUR3_DEMO": "1", "KULTUR3_COOKIE_EXPIRY_DAYS": "2",
           "KULTUR3_SESSION_IDLE_MINUTES": "30"}
    assert sessions.policy_of(load_settings(env, tmp_path / "none.toml")) == \
        sessions.SessionPolicy(lifetime=timedelta(days=2), idle=timedelta(minutes=30))
    default = sessions.policy_of(load_settings({"KULTUR3_DEMO": "1"}, tmp_path / "none.toml"))
    assert default == sessions.SessionPolicy(lifetime=timedelta(days=7), idle=timedelta(hours=8))
    for idle in ("0", "-5", "soon"):
        with pytest.raises(ConfigError):
            load_settings({**env, "KULTUR3_SESSION_IDLE_MINUTES": idle}, tmp_path / "none.toml")


def test_a_session_is_stored_as_a_hash_and_resolves_until_ended(session, kari):
    token = sessions.start(session, user_id=kari.id, policy=POLICY, user_agent="Firefox " * 50)
    row = session.exec(select(UserSession)).one()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest() != token
    assert len(row.user_agent) == 200
    assert sessions.resolve(session, token, policy=POLICY).user_id == kari.id
    assert not _live(session, "forged") and not _live(session, None) and not _live(session, "")
    sessions.end(session, token)
    assert not _live(session, token)


def test_lifetime_and_idle_timeout_end_a_session(session, kari):
    t0 = utcnow()
    token = sessions.start(session, user_id=kari.id, policy=POLICY, now=t0)
    # Used every seven hours: idle never reached, but the lifetime is.
    for hours in range(7, 7 * 24, 7):
        assert sessions.resolve(session, token, policy=POLICY, now=t0 + timedelta(hours=hours))
    assert not sessions.resolve(session, token, policy=POLICY, now=t0 + timedelta(days=7))
    idle = sessions.start(session, user_id=kari.id, policy=POLICY, now=t0)
    assert not sessions.resolve(session, idle, policy=POLICY, now=t0 + timedelta(hours=8))


def test_last_seen_is_written_at_most_once_a_minute(session, kari):
    t0 = utcnow()
    token = sessions.start(session, user_id=kari.id, policy=POLICY, now=t0)
    sessions.resolve(session, token, policy=POLICY, now=t0 + timedelta(seconds=59))
    assert session.exec(select(UserSession.last_seen_at)).one() == t0
    sessions.resolve(session, token, policy=POLICY, now=t0 + timedelta(seconds=61))
    assert session.exec(select(UserSession.last_seen_at)).one() == t0 + timedelta(seconds=61)


def test_end_all_spares_only_the_one_asked_for(session, kari):
    here, there, other = (sessions.start(session, user_id=kari.id, policy=POLICY)
                          for _ in range(3))
    keep = sessions.resolve(session, here, policy=POLICY).id
    assert sessions.end_all_for_user(session, kari.id, except_id=keep) == 2
    assert _live(session, here) and not _live(session, there) and not _live(session, other)
    rows = sessions.list_for_user(session, user_id=kari.id, policy=POLICY, current_id=keep)
    assert [(r.id, r.current) for r in rows] == [(keep, True)]


def _two_sessions(session, user):
    return [sessions.start(session, user_id=user.id, policy=POLICY) for _ in range(2)]


def test_a_password_change_ends_every_other_session(session, kari):
    here, stolen = _two_sessions(session, kari)
    keep = sessions.resolve(session, here, policy=POLICY).id
    accounts.change_password(session=session, actor=_actor(kari), current=GOOD,
                             new="another-long-pass", keep_session_id=keep)
    assert _live(session, here) and not _live(session, stolen)


def test_a_temporary_password_ends_every_session(session, kari):
    tokens = _two_sessions(session, kari)
    accounts.reset_password(session=session, actor=ADMIN, username=kari.username)
    assert not any(_live(session, t) for t in tokens)


def test_a_reset_by_link_ends_every_session(session, kari):
    tokens = _two_sessions(session, kari)
    _, link = invitations.request_reset(session=session, email=kari.username, client="10.0.0.1")
    invitations.accept(session=session, token=link, password="brand-new-password")
    assert not any(_live(session, t) for t in tokens)


def test_deactivation_ends_every_session_and_reactivation_revives_none(session, kari):
    tokens = _two_sessions(session, kari)
    accounts.set_active(session=session, actor=ADMIN, username=kari.username, active=False)
    accounts.set_active(session=session, actor=ADMIN, username=kari.username, active=True)
    assert not any(_live(session, t) for t in tokens)


def test_a_role_change_ends_every_session(session, kari):
    tokens = _two_sessions(session, kari)
    accounts.change_role(session=session, actor=ADMIN, username=kari.username, role=Role.LEADER)
    assert not any(_live(session, t) for t in tokens)


def test_a_deactivated_user_is_refused_even_before_the_session_is_ended(session, kari):
    token = sessions.start(session, user_id=kari.id, policy=POLICY)
    kari.active = False  # e.g. set directly in the database
    session.add(kari)
    session.flush()
    assert not _live(session, token)


def test_a_handoff_code_works_once_within_its_minute(session, kari):
    t0 = utcnow()
    code = sessions.handoff(session, user_id=kari.id, now=t0)
    assert session.exec(select(SessionHandoff.code_hash)).one() != code
    token = sessions.redeem(session, code, policy=POLICY, user_agent="Chromium", now=t0)
    assert sessions.resolve(session, token, policy=POLICY, now=t0).user_id == kari.id
    assert sessions.redeem(session, code, policy=POLICY, now=t0) is None  # spent
    late = sessions.handoff(session, user_id=kari.id, now=t0)
    assert sessions.redeem(session, late, policy=POLICY, now=t0 + timedelta(seconds=61)) is None
    assert sessions.redeem(session, late, policy=POLICY, now=t0) is None  # spent by the try
    gone = sessions.handoff(session, user_id=kari.id, now=t0)
    accounts.set_active(session=session, actor=ADMIN, username=kari.username, active=False)
    assert sessions.redeem(session, gone, policy=POLICY, now=t0) is None


def test_old_sessions_and_codes_are_pruned_when_a_new_one_starts(session, kari):
    t0 = utcnow()
    old = sessions.start(session, user_id=kari.id, policy=POLICY, now=t0 - timedelta(days=40))
    sessions.end(session, old, now=t0 - timedelta(days=39))
    sessions.handoff(session, user_id=kari.id, now=t0 - timedelta(minutes=5))
    sessions.start(session, user_id=kari.id, policy=POLICY, now=t0)
    assert session.exec(select(func.count()).select_from(UserSession)).one() == 1
    assert session.exec(select(func.count()).select_from(SessionHandoff)).one() == 0


def test_erasing_a_user_deletes_their_sessions(session, kari):
    sessions.start(session, user_id=kari.id, policy=POLICY)
    sessions.handoff(session, user_id=kari.id)
    session.commit()
    session.delete(kari)
    session.commit()
    assert session.exec(select(func.count()).select_from(UserSession)).one() == 0
    assert session.exec(select(func.count()).select_from(SessionHandoff)).one() == 0


# --- Login throttling -------------------------------------------------------------------------

def test_a_stranger_typing_a_name_five_times_locks_out_only_themself(session, kari):
    t0 = utcnow()
    for i in range(accounts.LOCKOUT_FAILURES):
        accounts.authenticate(session=session, username=kari.username, password="guess",
                              client="203.0.113.9", now=t0 + timedelta(seconds=i))
    with pytest.raises(LoginLocked):
        accounts.authenticate(session=session, username=kari.username, password=GOOD,
                              client="203.0.113.9", now=t0 + timedelta(seconds=10))
    assert accounts.authenticate(session=session, username=kari.username, password=GOOD,
                                 client="10.1.2.3", now=t0 + timedelta(seconds=11)) is not None


def test_a_client_guessing_across_accounts_is_stopped(session, kari):
    t0 = utcnow()
    for i in range(accounts.CLIENT_FAILURES):
        accounts.authenticate(session=session, username=f"name{i}", password="guess",
                              client="203.0.113.9", now=t0 + timedelta(seconds=i))
    with pytest.raises(LoginLocked):
        accounts.authenticate(session=session, username=kari.username, password=GOOD,
                              client="203.0.113.9", now=t0 + timedelta(seconds=30))


def test_attempts_keep_a_keyed_hash_of_the_client_and_are_pruned(session, kari):
    t0 = utcnow()
    accounts.authenticate(session=session, username="x", password="guess",
                          client="198.51.100.7", now=t0 - timedelta(days=2))
    stored = session.exec(select(LoginAttempt.client)).one()
    assert "198.51.100.7" not in stored
    assert stored != "login-client:" + hashlib.sha256(b"198.51.100.7").hexdigest()[:40]
    accounts.authenticate(session=session, username="y", password="guess",
                          client="198.51.100.7", now=t0)
    assert session.exec(select(LoginAttempt.username)).all() == ["y"]


def test_an_unknown_name_costs_a_bcrypt_check_like_a_known_one(session, kari, monkeypatch):
    accounts._dummy_hash()  # made once per process, before counting
    calls = []
    real = bcrypt.checkpw
    monkeypatch.setattr(bcrypt, "checkpw", lambda pw, h: calls.append(h) or real(pw, h))
    accounts.authenticate(session=session, username="nobody-here", password="whatever-x")
    accounts.authenticate(session=session, username=kari.username, password="whatever-x")
    assert len(calls) == 2
    assert calls[0][:7] == calls[1][:7]  # the same algorithm and cost ($2b$12$)


def test_rate_limit_keys_are_keyed_hashes_and_old_events_are_pruned(session):
    key = ratelimit.key_for("reset-address", "kari@x.no")
    assert key.startswith("reset-address:")
    assert key.split(":")[1] != hashlib.sha256(b"kari@x.no").hexdigest()[:40]
    assert key == ratelimit.key_for("reset-address", " KARI@x.no ")
    assert key != ratelimit.key_for("reset-client", "kari@x.no")
    t0 = utcnow()
    ratelimit.hit(session, key, limit=3, window=timedelta(hours=1), now=t0 - timedelta(days=2))
    ratelimit.hit(session, key, limit=3, window=timedelta(hours=1), now=t0)
    assert session.exec(select(func.count()).select_from(RateEvent)
                        .where(col(RateEvent.at) < t0 - timedelta(days=1))).one() == 0


@pytest.mark.parametrize(("agent", "name"), [
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0 Safari/537.36 Edg/131.0", "Edge, Windows"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
     "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1", "Safari, iPhone"),
    ("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox, Linux"),
    ("curl/8.5", ""),
])
def test_the_browser_is_named_plainly(agent, name):
    assert sessions.browser_name(agent) == name
