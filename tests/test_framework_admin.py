"""Editing value areas and questions; old scores stay readable."""

import pytest
from sqlmodel import select

from kultur3.access import audit
from kultur3.core.errors import InvalidInput, PermissionDenied
from kultur3.group import workspace
from kultur3.insight import overview
from kultur3.models import Score, ValueArea
from kultur3.programme import catalogue, framework_edit
from tests.conftest import actor_of


@pytest.fixture
def ctx(demo):
    pid = catalogue.list_programmes(session=demo)[0].id
    return dict(pid=pid, admin=actor_of(demo, "admin"),
                areas=catalogue.value_areas(session=demo, programme_id=pid))


def test_only_admins_edit(demo, ctx):
    with pytest.raises(PermissionDenied):
        framework_edit.set_retired(session=demo, actor=actor_of(demo, "fasilitator"),
                                    area_id=ctx["areas"][0].id, retired=True)


def test_rename_needs_bokmaal_and_is_audited(demo, ctx):
    with pytest.raises(InvalidInput):
        framework_edit.rename_value_area(session=demo, actor=ctx["admin"],
                                          area_id=ctx["areas"][0].id, names={"en": "Only en"})
    framework_edit.rename_value_area(session=demo, actor=ctx["admin"], area_id=ctx["areas"][0].id,
                                      names={"nb": "Synlig og relevant", "nn": "Synleg",
                                             "en": "Visible"})
    demo.flush()
    event = audit.list_events(session=demo, actor=ctx["admin"], action="framework.rename")[0]
    assert event.detail["before"]["nb"] == "Attraktiv og relevant"
    assert event.detail["after"]["nb"] == "Synlig og relevant"


def test_retired_area_leaves_the_radar_but_keeps_its_scores(demo, ctx):
    area = ctx["areas"][6]
    framework_edit.set_retired(session=demo, actor=ctx["admin"], area_id=area.id, retired=True)
    active = catalogue.value_areas(session=demo, programme_id=ctx["pid"])
    assert area.id not in [a.id for a in active] and len(active) == 7
    assert demo.exec(select(Score).where(Score.value_area_id == area.id)).first() is not None
    home = overview.group_home(session=demo, actor=actor_of(demo, "kommune-3203"),
                               programme_id=ctx["pid"],
                               municipality_id=actor_of(demo, "kommune-3203").municipality_id)
    assert len(home.gaps) == 7
    everything = catalogue.value_areas(session=demo, programme_id=ctx["pid"],
                                        include_retired=True)
    assert area.id in [a.id for a in everything]


def test_move_and_add(demo, ctx):
    second = ctx["areas"][1]
    framework_edit.move_value_area(session=demo, actor=ctx["admin"], area_id=second.id, step=-1)
    assert catalogue.value_areas(session=demo, programme_id=ctx["pid"])[0].id == second.id
    framework_edit.move_value_area(session=demo, actor=ctx["admin"], area_id=second.id, step=-1)
    assert catalogue.value_areas(session=demo, programme_id=ctx["pid"])[0].id == second.id
    new_id = framework_edit.add_value_area(session=demo, actor=ctx["admin"],
                                            programme_id=ctx["pid"],
                                            names={"nb": "Digital kulturskole"})
    areas = catalogue.value_areas(session=demo, programme_id=ctx["pid"])
    assert areas[-1].id == new_id and demo.get(ValueArea, new_id).level_texts
    asker = actor_of(demo, "kommune-3203").municipality_id
    sheet = workspace.score_sheet(session=demo, actor=ctx["admin"], gathering_id=1,
                                  municipality_id=asker)
    assert any(a.value_area_id == new_id for a in sheet)


def test_reword_question(demo, ctx):
    q = catalogue.questions(session=demo, programme_id=ctx["pid"])[0]
    framework_edit.reword_question(session=demo, actor=ctx["admin"], question_id=q.id,
                                    texts={"nb": "Hvordan vil vi fremstå i 2030?"},
                                    help_texts={})
    view = catalogue.framework_view(session=demo, programme_id=ctx["pid"], lang="nn")
    assert view.question(1).text == "Hvordan vil vi fremstå i 2030?"  # falls back to bokmål
    with pytest.raises(InvalidInput):
        framework_edit.reword_question(session=demo, actor=ctx["admin"], question_id=q.id,
                                        texts={"nb": "x" * 401}, help_texts={})
