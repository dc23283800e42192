"""Tiltak, the overdue flag, uncovered gaps, the log and «siden sist», on a real database."""

from datetime import date, timedelta

import pytest

from kultur3.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from kultur3.group import actions, followup
from kultur3.group.scoring import AreaGap
from kultur3.live import console
from kultur3.models import ActionStatus, LogKind, Role
from kultur3.programme import catalogue
from tests.conftest import actor_of
from tests.factories import ADMIN, enrol, make_gathering, make_programme, make_user


@pytest.fixture
def asker(demo):
    actor = actor_of(demo, "kommune-3203")
    pid = catalogue.list_programmes(session=demo)[0].id
    areas = catalogue.value_areas(session=demo, programme_id=pid)
    return dict(actor=actor, pid=pid, m=actor.municipality_id, areas=areas)


def create(demo, a, **kw):
    args = dict(session=demo, actor=a["actor"], programme_id=a["pid"], municipality_id=a["m"],
                title="Ungdomspanel", value_area_ids=[a["areas"][0].id])
    return actions.create_action(**{**args, **kw})


def test_create_and_list(demo, asker):
    action_id = create(demo, asker, owner_text="Kulturskolen <b>", deadline=date(2030, 1, 1),
                       value_area_ids=[asker["areas"][0].id, asker["areas"][4].id])
    views = actions.list_actions(session=demo, actor=asker["actor"], programme_id=asker["pid"],
                                 municipality_id=asker["m"])
    mine = next(v for v in views if v.id == action_id)
    assert mine.owner == "Kulturskolen <b>" and len(mine.value_areas) == 2
    assert mine.status == ActionStatus.NOT_STARTED and not mine.overdue


@pytest.mark.parametrize(("kw", "error"), [
    ({"title": "  "}, InvalidInput), ({"title": "x" * 201}, InvalidInput),
    ({"value_area_ids": []}, InvalidInput), ({"value_area_ids": [999_999]}, NotFound),
    ({"owner_member_id": 999_999}, NotFound), ({"priority": 7}, InvalidInput),
])
def test_bad_actions_are_refused(demo, asker, kw, error):
    with pytest.raises(error):
        create(demo, asker, **kw)


def test_overdue_only_when_open_and_past_deadline(demo, asker):
    past = date(2020, 1, 1)
    open_id = create(demo, asker, deadline=past)
    done_id = create(demo, asker, deadline=past, status=ActionStatus.DONE)
    views = {v.id: v for v in actions.list_actions(
        session=demo, actor=asker["actor"], programme_id=asker["pid"], municipality_id=asker["m"])}
    assert views[open_id].overdue and not views[done_id].overdue
    assert next(iter(views.values())).overdue  # overdue first


def test_update_with_version_check(demo, asker):
    action_id = create(demo, asker)
    actions.update_action(session=demo, actor=asker["actor"], action_id=action_id, base_version=1,
                          status=ActionStatus.IN_PROGRESS, progress_note="Første møte holdt")
    with pytest.raises(Conflict):
        actions.update_action(session=demo, actor=asker["actor"], action_id=action_id,
                              base_version=1, status=ActionStatus.DONE)
    view = next(v for v in actions.list_actions(
        session=demo, actor=asker["actor"], programme_id=asker["pid"], municipality_id=asker["m"])
        if v.id == action_id)
    assert view.status == ActionStatus.IN_PROGRESS and view.version == 2


def test_other_groups_and_leaders_cannot_touch_actions(demo, asker):
    action_id = create(demo, asker)
    for name in ("kommune-1804", "leder"):
        with pytest.raises(PermissionDenied):
            actions.update_action(session=demo, actor=actor_of(demo, name), action_id=action_id,
                                  base_version=1, status=ActionStatus.DONE)
    with pytest.raises(PermissionDenied):
        actions.list_actions(session=demo, actor=actor_of(demo, "kommune-1804"),
                             programme_id=asker["pid"], municipality_id=asker["m"])


def test_uncovered_gaps():
    gaps = [AreaGap(1, "a", 5, 2), AreaGap(2, "b", 5, 2), AreaGap(3, "c", 4, 4),
            AreaGap(4, "d", None, 1)]
    view = actions.ActionView(
        id=1, title="t", description="", value_area_ids=(1,), value_areas=("a",), owner="",
        owner_member_id=None, owner_text="", deadline=None, status=ActionStatus.IN_PROGRESS,
        priority=2, progress_note="", source_gathering="", version=1, overdue=False)
    assert [g.value_area_id for g in actions.uncovered_gaps(gaps, [view])] == [2]
    done = view.__class__(**{**view.__dict__, "status": ActionStatus.DONE})
    assert [g.value_area_id for g in actions.uncovered_gaps(gaps, [done])] == [1, 2]


def test_log(demo, asker):
    actions.add_log_entry(session=demo, actor=asker["actor"], programme_id=asker["pid"],
                          municipality_id=asker["m"], kind=LogKind.OBSERVE,
                          text="Ungdommene kom! 🎉", happened_on=date.today())
    log = actions.list_log(session=demo, actor=asker["actor"], programme_id=asker["pid"],
                           municipality_id=asker["m"])
    assert log[0].text == "Ungdommene kom! 🎉"
    with pytest.raises(InvalidInput):
        actions.add_log_entry(session=demo, actor=asker["actor"], programme_id=asker["pid"],
                              municipality_id=asker["m"], kind=LogKind.PLAN, text=" ",
                              happened_on=date(2022, 3, 1))


def test_since_last(demo, asker):
    create(demo, asker, deadline=date.today() - timedelta(days=3), title="Forsinket")
    summary = followup.since_last(session=demo, actor=asker["actor"], programme_id=asker["pid"],
                                  municipality_id=asker["m"])
    assert summary.latest_title == "Fellessamling 3 – digital"
    assert summary.previous_title == "Fellessamling 2 – Trondheim"
    assert any(a.title == "Forsinket" for a in summary.overdue)
    assert summary.biggest_gaps and all(g.gap > 0 for g in summary.biggest_gaps)
    gaps = [g.gap for g in summary.biggest_gaps]
    assert gaps == sorted(gaps, reverse=True)


def test_an_action_cannot_be_filed_into_a_gathering_run_for_other_municipalities(session):
    """A joint gathering run for chosen municipalities admits only those: a group outside it
    cannot file an action there (it would show in that gathering's export)."""
    programme = make_programme(session)
    enrol(session, programme, "4638")
    other = enrol(session, programme, "4640")
    group = make_user(session, Role.GROUP, programme=programme, municipality="4638",
                      coordinator=True)
    only_other = make_gathering(session, programme, title="Bare den andre")
    console.set_municipalities(session=session, actor=ADMIN, gathering_id=only_other,
                               municipality_ids=[other])
    area = catalogue.value_areas(session=session, programme_id=programme.id)[0]
    kw = dict(session=session, actor=group, programme_id=programme.id,
              municipality_id=group.municipality_id, title="Inn i en annens samling",
              value_area_ids=[area.id])
    with pytest.raises(NotFound):
        actions.create_action(**kw, source_gathering_id=only_other)
    shared = make_gathering(session, programme, title="Alle")
    actions.create_action(**kw, source_gathering_id=shared)  # one it takes part in: fine
