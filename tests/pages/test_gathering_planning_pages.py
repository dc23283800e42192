"""Planning gatherings on the pages (issue 23): the edit form on /samlinger (a save, a
conflict that keeps what was typed, a cancel), local gatherings for every municipality, the
half-year plan, and «Neste samling» on the group's home. Widgets found by key."""

from datetime import time, timedelta

import pytest
from sqlmodel import Session, select

from kultur3.access import accounts
from kultur3.access.permissions import OPERATOR
from kultur3.core import clock
from kultur3.models import Gathering, Role
from kultur3.programme import gatherings, lifecycle
from kultur3.store.db import make_engine
from tests.pages.conftest import empty_install, run_app, texts

FS3 = "Fellessamling 4 – Bodø"


def _gathering(url: str, title: str) -> Gathering:
    engine = make_engine(url)
    try:
        with Session(engine) as s:
            return s.exec(select(Gathering).where(Gathering.title == title)).one()
    finally:
        engine.dispose()


def _rename_behind(url: str, gid: int, title: str) -> None:
    """Another facilitator's save, through the service (the version and the data counter
    move, so the page's next read sees it)."""
    engine = make_engine(url)
    try:
        with Session(engine) as s:
            g = s.get(Gathering, gid)
            gatherings.update_gathering(session=s, actor=OPERATOR, gathering_id=gid,
                                        base_version=g.edit_version, title=title, kind=g.kind,
                                        held_on=g.held_on, starts_at=g.starts_at,
                                        ends_at=g.ends_at, place=g.place,
                                        prep_task=g.prep_task)
            s.commit()
    finally:
        engine.dispose()


def _editing(gid: int):
    """/samlinger as the facilitator, with one gathering's form open."""
    at = run_app("fasilitator", page="facilitator_home")
    at.toggle(key=f"facilitator_home.edit_{gid}.open").set_value(True).run()
    assert not at.exception
    return at


def test_edit_a_gathering_and_reschedule_it(app_env):
    gid = _gathering(app_env, FS3).id
    at = _editing(gid)
    assert not at.exception
    assert at.text_input(key=f"facilitator_home.edit_{gid}.title").value == FS3
    assert at.text_input(key=f"facilitator_home.edit_{gid}.place").value == "Bodø"
    new_day = clock.today() + timedelta(days=160)
    at.text_input(key=f"facilitator_home.edit_{gid}.title").input("Fellessamling 3 – Bodø")
    at.text_input(key=f"facilitator_home.edit_{gid}.place").input("Stormen, Bodø")
    at.date_input(key=f"facilitator_home.edit_{gid}.date").set_value(new_day)
    at.time_input(key=f"facilitator_home.edit_{gid}.starts").set_value(time(9, 30))
    at.text_area(key=f"facilitator_home.edit_{gid}.materials").input(
        "Casen | https://example.no/case.pdf")
    at.button(key=f"facilitator_home.edit_{gid}.submit").click().run()
    assert not at.exception
    body = texts(at)
    assert "Samlingen er lagret." in body and "Fellessamling 3 – Bodø" in body
    assert "Stormen, Bodø" in body and "[Casen](https://example.no/case.pdf)" in body
    g = _gathering(app_env, "Fellessamling 3 – Bodø")
    assert (g.held_on, g.starts_at, g.schedule_version) == (new_day, time(9, 30), 2)


def test_a_bad_link_is_refused_in_plain_words_and_nothing_changes(app_env):
    gid = _gathering(app_env, FS3).id
    at = _editing(gid)
    at.text_input(key=f"facilitator_home.edit_{gid}.video").input("javascript:alert(1)")
    at.button(key=f"facilitator_home.edit_{gid}.submit").click().run()
    error = at.error[0].value
    assert error.startswith("Lenken «javascript") and "kan ikke brukes" in error
    assert _gathering(app_env, FS3).video_link == ""


def test_a_second_editor_gets_a_plain_message_and_keeps_what_was_typed(app_env):
    gid = _gathering(app_env, FS3).id
    at = _editing(gid)  # the form is filled: version 1
    _rename_behind(app_env, gid, "Endret av en annen")
    at.run()  # the page shows the other save; the form keeps its base (what it was filled from)
    assert "Endret av en annen" in texts(at)
    at.text_input(key=f"facilitator_home.edit_{gid}.place").input("Mitt sted")
    at.button(key=f"facilitator_home.edit_{gid}.submit").click().run()
    assert "Noen andre endret samlingen" in texts(at)
    assert at.text_input(key=f"facilitator_home.edit_{gid}.place").value == "Mitt sted"
    assert _gathering(app_env, "Endret av en annen").place == "Bodø"  # not overwritten
    # Warned, and shown the saved gathering above the form: a second save replaces it.
    at.button(key=f"facilitator_home.edit_{gid}.submit").click().run()
    assert "Samlingen er lagret." in texts(at)
    assert _gathering(app_env, FS3).place == "Mitt sted"


def test_cancel_a_gathering_from_its_card(app_env):
    gid = _gathering(app_env, FS3).id
    at = _editing(gid)
    at.button(key=f"facilitator_home.edit_{gid}.cancel").click().run()
    assert "Avlyst. Samlingen er tatt vare på" in texts(at)
    assert _gathering(app_env, FS3).cancelled_at is not None


def test_local_gatherings_for_every_municipality_in_one_step(app_env):
    at = run_app("fasilitator", page="facilitator_home")
    first = clock.today() + timedelta(days=30)
    at.date_input(key="facilitator_home.bulk.first").set_value(first)
    at.date_input(key="facilitator_home.bulk.last").set_value(first + timedelta(days=27))
    at.button(key="facilitator_home.bulk.submit").click().run()
    assert not at.exception
    assert "16 samlinger er opprettet." in texts(at)
    at.button(key="facilitator_home.bulk.submit").click().run()
    assert "Alle kommunene har allerede en samling" in texts(at)


def test_the_half_year_plan(app_env):
    at = run_app("leder", page="half_year_plan")
    assert not at.exception
    body = texts(at)
    assert "Halvårsplan" in body and "Fellessamlinger" in body
    assert "Fellessamling 3 – digital" in body
    assert at.get("plotly_chart")
    at.multiselect(key="half_year_plan.kinds").set_value(["lokal_samling"]).run()
    assert not at.exception
    assert "Fellessamling 3 – digital" not in texts(at)


def test_the_half_year_plan_with_nothing_in_it(app_env):
    at = run_app("leder", page="half_year_plan")
    halves = at.selectbox(key="half_year_plan.half").options
    at.selectbox(key="half_year_plan.half").select_index(len(halves) - 1).run()
    at.multiselect(key="half_year_plan.municipalities").set_value(["Asker"]).run()
    at.multiselect(key="half_year_plan.kinds").set_value(["lederoppfolgingsdag"]).run()
    assert not at.exception
    assert "Ingen samlinger passer med utvalget." in texts(at)


def test_the_group_home_says_what_is_next_and_ticks_the_preparation(app_env):
    at = run_app("kommune-3203", page="group_home")
    assert not at.exception
    body = texts(at)
    # FS3 is held today: «Samling i dag», with the way to its screen
    assert "Samling i dag" in body and "Fellessamling 3 – digital" in body
    assert [p.label for p in at.get("page_link") if p.label == "Til samlingen"]
    assert "Les casen" in body and clock.today().strftime("%d.%m.%Y") in body
    at.button(key="group_home.next.tick").click().run()
    assert not at.exception
    assert "✓ gjort" in texts(at)
    assert at.button(key="group_home.next.tick").label == "Ikke gjort likevel"


@pytest.fixture
def real(backend, monkeypatch):
    """An empty install outside demo mode (as `db upgrade` leaves it), with an administrator
    and a programme of three municipalities made on the command line; no gathering."""
    with empty_install(backend, monkeypatch) as s:
        accounts.create_user(session=s, actor=OPERATOR, username="kari",
                             password="et-godt-passord-2027", role=Role.ADMIN)
        p = lifecycle.create_programme(session=s, actor=OPERATOR,
                                       data=lifecycle.ProgrammeInput(name="Vestland 2027"))
        lifecycle.enrol(session=s, actor=OPERATOR, programme_id=p.id,
                        numbers=["4638", "4647", "4618"])
        s.commit()
        yield s


def test_an_empty_install_plans_its_first_half_year(real):
    home = run_app("kari", page="group_home")
    assert not home.exception
    assert "Ingen samling er planlagt ennå." in texts(home)
    plan = run_app("kari", page="half_year_plan")
    assert not plan.exception and "Ingen fellessamling dette halvåret." in texts(plan)
    at = run_app("kari", page="facilitator_home")
    assert not at.exception and "Demodata" not in texts(at)
    first = clock.today() + timedelta(days=14)
    at.selectbox(key="facilitator_home.bulk.kind").select("lederoppfolgingsdag")
    at.date_input(key="facilitator_home.bulk.first").set_value(first)
    at.date_input(key="facilitator_home.bulk.last").set_value(first + timedelta(days=14))
    at.text_input(key="facilitator_home.bulk.pattern").input("Lederdag – {kommune}")
    at.button(key="facilitator_home.bulk.submit").click().run()
    assert "3 samlinger er opprettet." in texts(at)
    assert "Lederdag – Høyanger" in texts(at)
    home.run()
    assert "Lederdag – Høyanger" in texts(home)  # the first municipality's next gathering


def test_the_console_marks_a_cancelled_gathering_and_refuses_to_run_it(app_env):
    gid = _gathering(app_env, "Fellessamling 3 – digital").id
    engine = make_engine(app_env)
    with Session(engine) as s:
        gatherings.cancel_gathering(session=s, actor=OPERATOR, gathering_id=gid)
        s.commit()
    engine.dispose()
    at = run_app("fasilitator", page="live_console")
    assert not at.exception
    picker = at.selectbox(key="live_console.gathering")
    picker.select(next(o for o in picker.options if o.startswith("Fellessamling 3"))).run()
    assert "avlyst" in picker.value or "avlyst" in at.selectbox(key="live_console.gathering").value
    assert "Avlyst. Samlingen er tatt vare på" in texts(at)


def test_the_half_year_plan_filters_by_adviser(app_env):
    from kultur3.programme import advisers, catalogue
    from tests.conftest import actor_of, municipality_id
    engine = make_engine(app_env)
    with Session(engine) as s:
        pid = catalogue.list_programmes(session=s)[0].id
        advisers.assign(session=s, actor=OPERATOR, programme_id=pid,
                        municipality_id=municipality_id(s, "1804"),
                        user_id=actor_of(s, "fasilitator").user_id)
        s.commit()
    engine.dispose()
    leader = run_app("leder", page="half_year_plan")
    assert not any(w.key == "half_year_plan.advisers" for w in leader.multiselect)
    at = run_app("fasilitator", page="half_year_plan")
    assert "Lederoppfølgingsdag – Asker" in _listed(at)
    at.multiselect(key="half_year_plan.advisers").set_value(["Demo-fasilitator"]).run()
    assert not at.exception
    listed = _listed(at)
    assert "Lederoppfølgingsdag – Bodø" in listed and "Lederoppfølgingsdag – Asker" not in listed


def _listed(at) -> list[str]:
    """The titles in the half-year plan's list."""
    return at.dataframe[0].value["Tittel"].tolist()
