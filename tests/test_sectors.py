"""Scores split by sector only where at least three members are in a sector."""

import pytest
from sqlmodel import select

from kultur3.core.errors import PermissionDenied
from kultur3.group import workspace
from kultur3.insight import sectors
from kultur3.models import Gathering, Member, Participation, ScoreKind
from kultur3.programme import catalogue
from tests.conftest import actor_of, municipality_id


@pytest.fixture
def asker(demo):
    pid = catalogue.list_programmes(session=demo)[0].id
    g = demo.exec(select(Gathering).where(Gathering.title == "Fellessamling 2 – digital")).one()
    return pid, g.id, municipality_id(demo, "3203")


def _members(demo, mid):
    return demo.exec(select(Member).join(Participation).where(
        Participation.municipality_id == mid)).all()


def test_small_sectors_are_never_shown(demo, asker):
    pid, gid, mid = asker
    people = _members(demo, mid)
    for i, m in enumerate(people):  # every member in a sector of their own
        m.sector = f"Sektor {i}"
    demo.commit()
    split = sectors.group_split(session=demo, actor=actor_of(demo, "kommune-3203"),
                                gathering_id=gid, municipality_id=mid)
    assert split.sectors == () and split.rows == () and split.hidden_people == len(people)


def test_a_sector_of_three_shows_its_median(demo, asker):
    pid, gid, mid = asker
    people = _members(demo, mid)
    for m in people[:3]:
        m.sector = " kulturskolen"
    for m in people[3:]:
        m.sector = "Helse"
    demo.commit()
    area = catalogue.value_areas(session=demo, programme_id=pid)[0]
    group = actor_of(demo, "kommune-3203")
    for m, value in zip(people[:3], (2, 3, 5), strict=True):
        workspace.save_score(session=demo, actor=group, gathering_id=gid, municipality_id=mid,
                             value_area_id=area.id, kind=ScoreKind.CURRENT, value=value,
                             member_id=m.id)
    split = sectors.group_split(session=demo, actor=group, gathering_id=gid, municipality_id=mid)
    assert split.sectors == (("Kulturskolen", 3),)
    row = next(r for r in split.rows if r[1] == "Kulturskolen" and r[0] == "Attraktiv og relevant")
    assert row[3] == 3
    assert split.hidden_people == len(people) - 3


def test_the_programme_split_is_for_leaders(demo, asker):
    pid, _, _ = asker
    split = sectors.programme_split(session=demo, actor=actor_of(demo, "leder"),
                                    programme_id=pid)
    assert ("Kulturskolen", 32) in split.sectors  # two per group in the demo, 16 groups
    assert all(n >= sectors.MIN_PER_SECTOR for _, n in split.sectors)
    with pytest.raises(PermissionDenied):
        sectors.programme_split(session=demo, actor=actor_of(demo, "kommune-3203"),
                                programme_id=pid)
    with pytest.raises(PermissionDenied):
        sectors.group_split(session=demo, actor=actor_of(demo, "kommune-1804"),
                            gathering_id=asker[1], municipality_id=asker[2])
