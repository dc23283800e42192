"""Planning gatherings and moving their status."""

from datetime import date

import pytest

from kultur3.core.errors import InvalidInput, PermissionDenied
from kultur3.models import Gathering, GatheringKind, GatheringStatus
from kultur3.programme import catalogue, gatherings
from tests.conftest import actor_of


def test_plan_joint_and_local_gatherings(demo):
    staff = actor_of(demo, "fasilitator")
    pid = catalogue.list_programmes(session=demo)[0].id
    joint = gatherings.create_gathering(session=demo, actor=staff, programme_id=pid,
                                        kind=GatheringKind.FELLESSAMLING, title="Fellessamling 3",
                                        held_on=date(2022, 10, 1), is_digital=True)
    local = gatherings.create_gathering(session=demo, actor=staff, programme_id=pid,
                                        kind=GatheringKind.LEDEROPPFOLGING, title="Lederdag",
                                        held_on=date(2022, 11, 1), municipality_number="3203")
    assert demo.get(Gathering, joint).municipality_id is None
    assert demo.get(Gathering, local).municipality_id is not None
    gatherings.set_status(session=demo, actor=staff, gathering_id=joint,
                          status=GatheringStatus.ACTIVE)
    assert demo.get(Gathering, joint).status == GatheringStatus.ACTIVE


@pytest.mark.parametrize(("kw", "error"), [
    ({"title": " "}, InvalidInput),
    ({"kind": GatheringKind.LOKAL_SAMLING}, InvalidInput),
    ({"kind": GatheringKind.LOKAL_SAMLING, "municipality_number": "0301"}, InvalidInput),
])
def test_bad_plans_are_refused(demo, kw, error):
    args = dict(session=demo, actor=actor_of(demo, "admin"), programme_id=1,
                kind=GatheringKind.FELLESSAMLING, title="T", held_on=date(2022, 1, 1))
    with pytest.raises(error):
        gatherings.create_gathering(**{**args, **kw})


@pytest.mark.parametrize("who", ["leder", "kommune-3203"])
def test_only_staff_plan(demo, who):
    with pytest.raises(PermissionDenied):
        gatherings.create_gathering(session=demo, actor=actor_of(demo, who), programme_id=1,
                                    kind=GatheringKind.FELLESSAMLING, title="T",
                                    held_on=date(2022, 1, 1))
