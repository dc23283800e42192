"""The group's value for an area is one rule (kultur3.group.scoring.group_value): the agreed
score beats the median, else the median of the members' and guests' scores. The score cell,
the workspace's sheet and the projector's radar read the same value from the real database."""

from datetime import date

from sqlmodel import select

from kultur3 import live
from kultur3.group import workspace
from kultur3.group.scoring import group_value
from kultur3.live import room as live_room
from kultur3.models import GatheringKind, Member, Participation, ScoreCell, ScoreKind
from kultur3.programme import catalogue, gatherings
from tests.conftest import actor_of


def test_group_value_agreed_beats_the_median():
    assert group_value([1, 2, 5]) == 2.0
    assert group_value([1, 2, 4, 5, None]) == 3.0  # «vet ikke» is left out, not a zero
    assert group_value([None]) is None
    assert group_value([1, 2, 5], agreed_set=True, agreed=4) == 4.0
    assert group_value([1, 2, 5], agreed_set=True, agreed=None) is None  # agreed «vet ikke»


def test_cell_sheet_and_projector_show_one_value(demo):
    staff = actor_of(demo, "fasilitator")
    group = actor_of(demo, "kommune-3203")
    mid = group.municipality_id
    pid = catalogue.list_programmes(session=demo)[0].id
    gid = gatherings.create_gathering(session=demo, actor=staff, programme_id=pid,
                                      kind=GatheringKind.FELLESSAMLING, title="Verdien",
                                      held_on=date(2026, 11, 25))
    area = catalogue.value_areas(session=demo, programme_id=pid)[0].id
    members = demo.exec(select(Member.id).join(Participation).where(
        Participation.municipality_id == mid, Participation.programme_id == pid)).all()[:3]
    assert len(members) == 3
    common = dict(session=demo, actor=group, gathering_id=gid, municipality_id=mid,
                  value_area_id=area, kind=ScoreKind.DESIRED)
    for member, value in zip(members, [1, 2, 5], strict=True):
        workspace.save_score(**common, value=value, member_id=member)
    workspace.save_score(**common, value=4, guest_key="gjest-1")
    demo.commit()

    def everywhere() -> tuple:
        cell = demo.get(ScoreCell, (gid, mid, area, "desired"), populate_existing=True)
        sheet = workspace.score_sheet(session=demo, actor=group, gathering_id=gid,
                                      municipality_id=mid)
        on_sheet = next(a for a in sheet if a.value_area_id == area).value(ScoreKind.DESIRED)
        projected = live_room._group_values(demo, gid).get((mid, area, "desired"))
        return cell.value, on_sheet, projected

    # The members' median: a guest's score is the room's, kept apart (issue 24) ...
    assert everywhere() == (2.0, 2.0, 2.0)
    live.set_room_scores_counted(session=demo, actor=staff, gathering_id=gid, counted=True)
    demo.commit()
    assert everywhere() == (3.0, 3.0, 3.0)  # ... unless the facilitator counts the room
    workspace.save_score(**common, value=1, is_group=True)
    demo.commit()
    assert everywhere() == (1.0, 1.0, 1.0)  # the agreed score beats the median
    workspace.save_score(**common, value=None, is_group=True)
    demo.commit()
    assert everywhere() == (None, None, None)  # agreed on «vet ikke»: no value, no median
    workspace.clear_agreed_score(**common)
    demo.commit()
    assert everywhere() == (3.0, 3.0, 3.0)
