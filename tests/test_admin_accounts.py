"""Account administration: deactivate, role changes, temporary passwords, own password, audit."""

import pytest
from sqlmodel import select

from kultur3.access import accounts, audit, identity
from kultur3.core.errors import InvalidInput, PermissionDenied
from kultur3.models import Role, User
from tests.conftest import actor_of


def test_only_admins_administer(demo):
    for name in ("fasilitator", "leder", "kommune-3203"):
        actor = actor_of(demo, name)
        with pytest.raises(PermissionDenied):
            accounts.set_active(session=demo, actor=actor, username="leder", active=False)
        with pytest.raises(PermissionDenied):
            accounts.reset_password(session=demo, actor=actor, username="leder")
        with pytest.raises(PermissionDenied):
            accounts.create_user(session=demo, actor=actor, username="ny-bruker",
                                 password="et-langt-passord", role=Role.ADMIN)
        with pytest.raises(PermissionDenied):
            audit.list_events(session=demo, actor=actor)


def test_deactivate_and_reactivate(demo):
    admin = actor_of(demo, "admin")
    accounts.set_active(session=demo, actor=admin, username="leder", active=False)
    assert identity.actor_for(demo, "leder") is None
    assert accounts.authenticate(session=demo, username="leder", password="kultur3-demo") is None
    accounts.set_active(session=demo, actor=admin, username="leder", active=True)
    assert identity.actor_for(demo, "leder") is not None


def test_admin_cannot_lock_themself_out(demo):
    admin = actor_of(demo, "admin")
    with pytest.raises(InvalidInput):
        accounts.set_active(session=demo, actor=admin, username="admin", active=False)
    with pytest.raises(InvalidInput):
        accounts.change_role(session=demo, actor=admin, username="admin", role=Role.LEADER)


def test_change_role_to_group_needs_a_municipality(demo):
    admin = actor_of(demo, "admin")
    with pytest.raises(InvalidInput):
        accounts.change_role(session=demo, actor=admin, username="leder", role=Role.GROUP)
    accounts.change_role(session=demo, actor=admin, username="leder", role=Role.GROUP,
                         municipality_number="1804")
    moved = identity.actor_for(demo, "leder")
    assert moved.role == Role.GROUP and moved.municipality_id is not None


def test_temporary_password_must_be_changed(demo):
    admin = actor_of(demo, "admin")
    temp = accounts.reset_password(session=demo, actor=admin, username="leder")
    assert len(temp) == 19 and temp.count("-") == 3
    assert accounts.authenticate(session=demo, username="leder", password="kultur3-demo") is None
    actor = accounts.authenticate(session=demo, username="leder", password=temp)
    assert actor.must_change_password
    with pytest.raises(InvalidInput) as err:
        accounts.change_password(session=demo, actor=actor, current="wrong", new="et-nytt-passord")
    assert err.value.key == "account.wrong_current"
    with pytest.raises(InvalidInput):
        accounts.change_password(session=demo, actor=actor, current=temp, new="kort")
    accounts.change_password(session=demo, actor=actor, current=temp, new="et-nytt-passord")
    assert not identity.actor_for(demo, "leder").must_change_password


def test_every_admin_write_is_audited_with_before_and_after(demo):
    admin = actor_of(demo, "admin")
    accounts.change_role(session=demo, actor=admin, username="leder", role=Role.FACILITATOR)
    demo.flush()
    event = audit.list_events(session=demo, actor=admin, action="user.role")[0]
    assert event.username == "admin"
    assert event.detail["before"]["role"] == "leader"
    assert event.detail["after"]["role"] == "facilitator"
    assert demo.exec(select(User.role).where(User.username == "leder")).one() == Role.FACILITATOR
