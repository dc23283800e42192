"""A group runs its own house: the coordinator manages members, every member edits the
development project, nobody overwrites anybody, other municipalities see nothing."""

import pytest

from kultur3.access.enrolment import check_enrolled
from kultur3.access.permissions import OPERATOR, Actor
from kultur3.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from kultur3.group import membership, team
from kultur3.models import Member, Participation, Role
from tests.conftest import actor_of, municipality_id

TEXTS = {"project_goal": "Flere barn i Asker møter kunst i nærmiljøet",
         "project_target_groups": "Barn 6–12 år, nyankomne familier",
         "project_partners": "Skolene, frivilligsentralen, biblioteket",
         "project_in_a_year": "Tre nye tilbud i bydelshus; ventelista er halvert"}


@pytest.fixture
def pid(demo):
    from kultur3.programme import catalogue
    return catalogue.list_programmes(session=demo)[0].id


def _member_actor(demo, pid, number="3203") -> Actor:
    """A member with an account who is not the coordinator."""
    from kultur3.access import accounts
    mid = municipality_id(demo, number)
    user = accounts.create_user(session=demo, actor=OPERATOR, username=f"medlem-{number}",
                                password="et-godt-passord-1", role=Role.GROUP,
                                municipality_number=number)
    demo.add(Member(participation_id=check_enrolled(demo, pid, mid), name="Medlem", group_role="Lærer",
                    user_id=user.id))
    demo.flush()
    return actor_of(demo, user.username)


def test_every_member_edits_the_project_and_nobody_overwrites(demo, pid):
    coordinator = actor_of(demo, "kommune-3203")
    member = _member_actor(demo, pid)
    mid = coordinator.municipality_id
    saved = team.save_project(session=demo, actor=member, programme_id=pid, municipality_id=mid,
                              texts=TEXTS, base_version=0)
    assert saved.version == 1
    demo.commit()
    view = team.project(session=demo, actor=coordinator, programme_id=pid, municipality_id=mid)
    assert view.goal == TEXTS["project_goal"] and view.version == 1
    with pytest.raises(Conflict):  # edited from the old version: refused, nothing lost
        team.save_project(session=demo, actor=coordinator, programme_id=pid, municipality_id=mid,
                          texts={**TEXTS, "project_goal": "Annet"}, base_version=0)
    with pytest.raises(InvalidInput):
        team.save_project(session=demo, actor=coordinator, programme_id=pid, municipality_id=mid,
                          texts={**TEXTS, "project_partners": "x" * 4001}, base_version=1)
    demo.rollback()
    assert demo.get(Participation, check_enrolled(demo, pid, mid)).project_goal == \
        TEXTS["project_goal"]


@pytest.mark.parametrize("who", ["leder", "kommune-1804"])
def test_others_neither_edit_nor_read_the_project(demo, pid, who):
    mid = municipality_id(demo, "3203")
    with pytest.raises(PermissionDenied):
        team.save_project(session=demo, actor=actor_of(demo, who), programme_id=pid,
                          municipality_id=mid, texts=TEXTS, base_version=0)
    if who != "leder":
        with pytest.raises(PermissionDenied):
            team.project(session=demo, actor=actor_of(demo, who), programme_id=pid,
                         municipality_id=mid)


def test_only_the_coordinator_manages_the_member_list(demo, pid):
    coordinator = actor_of(demo, "kommune-3203")
    member = _member_actor(demo, pid)
    view = team.team_view(session=demo, actor=coordinator, programme_id=pid,
                          municipality_id=coordinator.municipality_id)
    assert view.can_manage and not team.team_view(
        session=demo, actor=member, programme_id=pid,
        municipality_id=member.municipality_id).can_manage
    someone = view.members[-1]
    membership.update_member(session=demo, actor=coordinator, member_id=someone.id,
                       group_role="Frivillig", sector="Frivillighet")
    assert demo.get(Member, someone.id).sector == "kultur_frivillighet"  # the list's value
    with pytest.raises(InvalidInput):
        membership.update_member(session=demo, actor=coordinator, member_id=someone.id,
                           group_role=" ", sector="")
    for attempt in (
        lambda: membership.update_member(session=demo, actor=member, member_id=someone.id,
                                   group_role="X", sector=""),
        lambda: membership.set_coordinator(session=demo, actor=member, member_id=someone.id),
        lambda: membership.deactivate_member(session=demo, actor=member, member_id=someone.id),
        lambda: membership.add_member(session=demo, actor=member, programme_id=pid, number="3203",
                                  member=membership.MemberInput("Ny", "Lærer")),
        lambda: membership.set_focus_area(session=demo, actor=member, programme_id=pid,
                                      number="3203", focus_text="Eget"),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    membership.set_coordinator(session=demo, actor=coordinator, member_id=someone.id)
    coordinators = [m for m in team.team_view(
        session=demo, actor=coordinator, programme_id=pid,
        municipality_id=coordinator.municipality_id).members if m.is_coordinator]
    assert [m.id for m in coordinators] == [someone.id]  # one coordinator per group


def test_another_groups_coordinator_cannot_touch_this_group(demo, pid):
    bodo = actor_of(demo, "kommune-1804")
    asker_member = team.team_view(session=demo, actor=actor_of(demo, "admin"), programme_id=pid,
                                  municipality_id=municipality_id(demo, "3203")).members[0]
    with pytest.raises(PermissionDenied):
        membership.update_member(session=demo, actor=bodo, member_id=asker_member.id,
                           group_role="X", sector="")
    with pytest.raises(PermissionDenied):
        team.team_view(session=demo, actor=bodo, programme_id=pid,
                       municipality_id=municipality_id(demo, "3203"))
    with pytest.raises(NotFound):
        membership.set_coordinator(session=demo, actor=bodo, member_id=999_999)
