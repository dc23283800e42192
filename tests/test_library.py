"""Learning across municipalities: nothing is shared unless the group chooses; what is
shared is seen by the whole programme with the municipality named; partners are names only."""

import pytest
from sqlmodel import select

from kultur3.access.permissions import OPERATOR
from kultur3.core.errors import PermissionDenied
from kultur3.insight import shared_learning
from kultur3.models import Action, LogEntry
from kultur3.programme import catalogue, lifecycle
from tests.conftest import actor_of, municipality_id


@pytest.fixture
def pid(demo):
    pid = catalogue.list_programmes(session=demo)[0].id
    for model in (Action, LogEntry):  # start from nothing shared
        for row in demo.exec(select(model)).all():
            row.shared = False
    demo.commit()
    return pid


def _asker_action(demo) -> int:
    return demo.exec(select(Action.id).where(
        Action.municipality_id == municipality_id(demo, "3203"))).first()


def test_nothing_is_shared_until_the_group_chooses(demo, pid):
    bodo = actor_of(demo, "kommune-1804")
    assert shared_learning.library(session=demo, actor=bodo, programme_id=pid) == []
    action = _asker_action(demo)
    shared_learning.set_shared(session=demo, actor=actor_of(demo, "kommune-3203"), kind="action",
                       item_id=action, shared=True)
    found = shared_learning.library(session=demo, actor=bodo, programme_id=pid)
    assert [(i.kind, i.id, i.municipality) for i in found] == [("action", action, "Asker")]
    area = found[0].value_area_ids[0]
    assert shared_learning.library(session=demo, actor=bodo, programme_id=pid, value_area_id=area)
    shared_learning.set_shared(session=demo, actor=actor_of(demo, "kommune-3203"), kind="action",
                       item_id=action, shared=False)
    assert shared_learning.library(session=demo, actor=actor_of(demo, "leder"), programme_id=pid) == []


@pytest.mark.parametrize("who", ["kommune-1804", "kommuneleder-3203", "leder"])
def test_only_the_group_shares_its_own(demo, pid, who):
    with pytest.raises(PermissionDenied):
        shared_learning.set_shared(session=demo, actor=actor_of(demo, who), kind="action",
                           item_id=_asker_action(demo), shared=True)


def test_another_programme_does_not_see_the_library(demo, pid):
    other = lifecycle.create_programme(
        session=demo, actor=OPERATOR, data=lifecycle.ProgrammeInput(name="Region Nord"))
    lifecycle.enrol(session=demo, actor=OPERATOR, programme_id=other.id, numbers=["5610"])
    from kultur3.access import accounts
    from kultur3.models import Role
    accounts.create_user(session=demo, actor=OPERATOR, username="karasjok", password="et-godt-passord-1",
                         role=Role.GROUP, municipality_number="5610")
    with pytest.raises(PermissionDenied):
        shared_learning.library(session=demo, actor=actor_of(demo, "karasjok"), programme_id=pid)


def test_learning_partners_are_names_and_areas_only(demo, pid):
    asker = actor_of(demo, "kommune-3203")
    found = shared_learning.partners_for(session=demo, actor=asker, programme_id=pid,
                                 municipality_id=asker.municipality_id)
    assert found and all(p.partners and "Asker" not in p.partners for p in found)
    assert all(isinstance(name, str) for p in found for name in p.partners)
    with pytest.raises(PermissionDenied):
        shared_learning.partners_for(session=demo, actor=asker, programme_id=pid,
                             municipality_id=municipality_id(demo, "1804"))
