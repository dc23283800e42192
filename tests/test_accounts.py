"""Passwords and lockout."""

from datetime import timedelta

import pytest
from sqlmodel import select

from kultur3.access import accounts, identity
from kultur3.access.permissions import OPERATOR
from kultur3.core.errors import InvalidInput, LoginLocked, NotFound
from kultur3.models import LoginAttempt, Role, User, utcnow
from kultur3.seed import load_municipalities

GOOD = "a-long-enough-pass"


@pytest.fixture
def user(session):
    load_municipalities(session)
    u = accounts.create_user(session=session, actor=OPERATOR, username="Kari", password=GOOD, role=Role.GROUP,
                             municipality_number="3203")
    session.commit()
    return u


def test_username_is_normalised_and_password_hashed(user):
    assert user.username == "kari"
    assert user.password_hash.startswith("$2") and GOOD not in user.password_hash


@pytest.mark.parametrize(("password", "key"), [
    ("short", "error.password_short"),
    ("kari-the-user", None),
    ("x" * 73, "error.password_long"),
])
def test_password_rules(session, password, key):
    if key is None:
        accounts.validate_password(password, "kari")
        return
    with pytest.raises(InvalidInput) as err:
        accounts.validate_password(password, "kari")
    assert err.value.key == key


def test_password_cannot_be_username():
    with pytest.raises(InvalidInput) as err:
        accounts.validate_password("kari-the-admin", "Kari-the-admin")
    assert err.value.key == "error.password_is_username"


def test_group_user_needs_known_municipality(session):
    load_municipalities(session)
    with pytest.raises(InvalidInput):
        accounts.create_user(session=session, actor=OPERATOR, username="nobody", password=GOOD,
                             role=Role.GROUP)
    with pytest.raises(NotFound):
        accounts.create_user(session=session, actor=OPERATOR, username="nobody", password=GOOD,
                             role=Role.GROUP, municipality_number="9999")


def test_duplicate_username_refused(session, user):
    with pytest.raises(InvalidInput) as err:
        accounts.create_user(session=session, actor=OPERATOR, username="KARI", password=GOOD,
                             role=Role.LEADER)
    assert err.value.key == "error.username_taken"


def test_authenticate_right_and_wrong(session, user):
    assert accounts.authenticate(session=session, username="kari", password=GOOD).role == Role.GROUP
    assert accounts.authenticate(session=session, username="kari", password="wrong") is None
    assert accounts.authenticate(session=session, username="nobody", password=GOOD) is None
    attempts = session.exec(select(LoginAttempt.success).order_by(LoginAttempt.id)).all()
    assert attempts == [True, False, False]


def test_inactive_user_cannot_log_in(session, user):
    user.active = False
    session.add(user)
    session.commit()
    assert accounts.authenticate(session=session, username="kari", password=GOOD) is None


def test_five_failures_lock_for_fifteen_minutes_even_with_right_password(session, user):
    t0 = utcnow()
    for i in range(5):
        assert accounts.authenticate(session=session, username="kari", password="nope",
                                     now=t0 + timedelta(minutes=i)) is None
    with pytest.raises(LoginLocked) as err:
        accounts.authenticate(session=session, username="kari", password=GOOD,
                              now=t0 + timedelta(minutes=5))
    assert err.value.params["until"] == t0 + timedelta(minutes=19)
    with pytest.raises(LoginLocked):
        accounts.authenticate(session=session, username="kari", password=GOOD,
                              now=t0 + timedelta(minutes=18, seconds=59))
    assert accounts.authenticate(session=session, username="kari", password=GOOD,
                                 now=t0 + timedelta(minutes=19, seconds=1)) is not None


def test_failures_spread_over_more_than_the_window_do_not_lock(session, user):
    t0 = utcnow()
    for i in range(5):
        accounts.authenticate(session=session, username="kari", password="nope",
                              now=t0 + timedelta(minutes=4 * i))
    assert accounts.locked_until(session, "kari", now=t0 + timedelta(minutes=17)) is None


def test_success_resets_the_failure_count(session, user):
    t0 = utcnow()
    for i in range(4):
        accounts.authenticate(session=session, username="kari", password="nope",
                              now=t0 + timedelta(seconds=i))
    accounts.authenticate(session=session, username="kari", password=GOOD,
                          now=t0 + timedelta(seconds=5))
    accounts.authenticate(session=session, username="kari", password="nope",
                          now=t0 + timedelta(seconds=6))
    assert accounts.locked_until(session, "kari", now=t0 + timedelta(seconds=7)) is None


def test_actor_for(demo):
    actor = identity.actor_for(demo, "kommune-3203")
    user = demo.exec(select(User).where(User.username == "kommune-3203")).one()
    assert actor.municipality_id == user.municipality_id and actor.role == Role.GROUP
    assert identity.actor_for(demo, "ghost") is None
    assert identity.actor_for(demo, None) is None
