"""The live pages in AppTest: the console drives the room, the projector and the group screen
show it, a participant joins by code, and hostile text stays inert on every one of them."""

import re

import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from kultur3 import live
from kultur3.group import workspace
from kultur3.live import joining
from kultur3.models import Answer, Gathering, Participant
from kultur3.programme import catalogue
from kultur3.store.db import make_engine
from tests.conftest import actor_of
from tests.pages import typing
from tests.pages.conftest import ROOT, TIMEOUT, run_app, texts
from tests.pages.test_escaping import assert_inert, hostile  # noqa: F401 (fixture)

FS2 = "Fellessamling 3 – digital"


@pytest.fixture
def db(app_env):
    engine = make_engine(app_env)
    yield engine
    engine.dispose()


def fs2(engine) -> Gathering:
    with Session(engine) as s:
        return s.exec(select(Gathering).where(Gathering.title == FS2)).one()


def console(engine, call, **kw):
    """Act as the facilitator through the service, as the console's callbacks do."""
    with Session(engine) as s:
        value = call(session=s, actor=actor_of(s, "fasilitator"), gathering_id=fs2(engine).id,
                     **kw)
        s.commit()
        return value


def say(engine, user: str, text: str) -> int:
    """A group's whole-picture answer to question 1 in the active gathering; its id."""
    with Session(engine) as s:
        actor = actor_of(s, user)
        g = fs2(engine)
        q1 = catalogue.questions(session=s, programme_id=g.programme_id)[0]
        saved = workspace.answers(session=s, actor=actor, gathering_id=g.id,
                                  municipality_id=actor.municipality_id).get((q1.id, None))
        workspace.save_answer(session=s, actor=actor, gathering_id=g.id,
                              municipality_id=actor.municipality_id, question_id=q1.id,
                              text=text, base_version=saved.version if saved else 0)
        s.commit()
        return s.exec(select(Answer.id).where(Answer.text == text)).one()


def run_guest(param: str, value: str, page: str | None = None):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params[param] = value
    at.run()
    if page:
        at.switch_page(f"pages/{page}.py").run()
    return at


def test_console_moves_the_room_and_runs_the_timer(db):
    at = run_app("fasilitator", page="live_console")
    assert not at.exception
    assert at.selectbox(key="live_console.gathering").value.startswith(FS2)
    at.button(key="live_console.next").click().run()
    assert fs2(db).phase == "q1" and fs2(db).phase_version == 1
    at.toggle(key="live_console.revealed").set_value(True).run()
    at.toggle(key="live_console.input_open").set_value(False).run()
    at.number_input(key="live_console.minutes").set_value(3).run()
    at.button(key="live_console.timer_start").click().run()
    g = fs2(db)
    assert (g.revealed_phases, g.locked_phases, g.timer_running) == (["q1"], ["q1"], True)
    assert at.button(key="live_console.timer_pause")
    at.button(key="live_console.timer_plus5").click().run()
    at.button(key="live_console.timer_pause").click().run()
    g = fs2(db)
    assert not g.timer_running and 7 * 60 < g.timer_remaining_s <= 8 * 60
    assert re.search(r"\n0[78]:\d\d\n", texts(at)) and "\npause" in texts(at)
    at.segmented_control(key="live_console.phase").set_value("scoring").run()
    assert fs2(db).phase == "scoring"
    assert not at.exception


def test_console_counts_answers_only_where_groups_give_input(db):
    """At Velkommen no «0 av 16 grupper har svart · Venter på: …», and the timer row offers
    only «Start» until a timer is set; at a question the count and the waiting list show."""
    console(db, live.set_phase, phase="welcome")
    at = run_app("fasilitator", page="live_console")
    assert not at.exception
    assert "grupper har svart" not in texts(at) and "Venter på" not in texts(at)
    assert at.button(key="live_console.timer_start")
    assert not [b for b in at.button if b.key in ("live_console.timer_resume",
                                                  "live_console.timer_reset")]
    console(db, live.set_phase, phase="q1")
    at = run_app("fasilitator", page="live_console")
    assert "grupper har svart" in texts(at) and "Venter på" in texts(at)


def test_console_moderates_and_exports(db):
    console(db, live.set_phase, phase="q1")
    answer_id = say(db, "kommune-3203", "Et navn Kari Nordmann 12 år")
    at = run_app("fasilitator", page="live_console")
    assert "Et navn Kari Nordmann 12 år" in texts(at)
    at.selectbox(key="live_console.reason").set_value("personal_data").run()
    at.button(key=f"live_console.hide.{answer_id}").click().run()
    with Session(db) as s:
        row = s.get(Answer, answer_id)
        assert (row.hidden, row.hidden_reason) == (True, "Personopplysninger")
    assert at.button(key=f"live_console.restore.{answer_id}")
    at.button(key="live_console.make_export").click().run()
    assert at.get("download_button")  # seven CSVs (themes, room votes, activities) and a workbook
    assert len(at.get("download_button")) == 8


def test_view_link_shows_the_projector_and_nothing_else(db):
    token = console(db, live.new_view_token)
    console(db, live.set_phase, phase="q1")
    at = run_guest("visning", token)
    assert not at.exception
    body = texts(at)
    assert FS2 in body and "Spørsmål 1" in body and "grupper har svart" in body
    # While the answers are hidden the room reads the question's help text, not a line to
    # the facilitator.
    assert "med egne ord" in body and "Svarene vises når fasilitator" not in body
    assert "–:–" not in body and "00:00" not in body  # no timer set yet: nothing shown
    assert not at.sidebar.button  # no logout, no menu: a read-only screen
    bad = run_guest("visning", "not-the-token")
    assert "Logg inn i Kulturskole 3.0" in texts(bad)


def test_the_projector_at_welcome_shows_the_days_plan(db):
    """A room arriving reads what the day holds, in the agenda's order, not one line."""
    token = console(db, live.new_view_token)
    console(db, live.set_phase, phase="welcome")
    at = run_guest("visning", token)
    assert not at.exception
    plan = at.get("markdown")
    body = "\n".join(m.value for m in plan)
    assert "**Dette gjør vi i dag**" in body
    assert "1. Spørsmål 1\n2. Spørsmål 2\n3. Spørsmål 3\n4. Skåring" in body
    assert "Velkommen\n" not in body.split("Dette gjør vi i dag")[1]  # welcome not a step


def test_projector_wall_follows_reveal_hide_and_anonymity(db):
    token = console(db, live.new_view_token)
    console(db, live.set_phase, phase="q1")
    console(db, live.set_revealed, phase="q1", revealed=True)
    say(db, "kommune-3203", "Asker svarer")
    bodo = say(db, "kommune-1804", "Bodø svarer")
    at = run_guest("visning", token)
    body = texts(at)
    assert "Asker svarer" in body and "Bodø svarer" in body
    assert "Asker" in [c.value for c in at.caption]  # named mode: each card names its group
    with Session(db) as s:
        live.hide_answer(session=s, actor=actor_of(s, "fasilitator"), answer_id=bodo,
                         reason="Dobbelt svar")
        s.commit()
    console(db, live.set_anonymous, anonymous=True)
    at = run_guest("visning", token)
    body = texts(at)
    assert "Asker svarer" in body and "Bodø svarer" not in body
    captions = [c.value for c in at.caption]
    assert "En kommunegruppe" in captions and "Asker" not in captions


def test_projector_shows_the_room_radar_when_scoring_is_revealed(db):
    console(db, live.set_phase, phase="scoring")
    at = run_app("fasilitator", page="projector")
    assert "Svarene vises når" in texts(at)
    console(db, live.set_revealed, phase="scoring", revealed=True)
    at = run_app("fasilitator", page="projector")
    assert not at.exception
    assert "Hele rommet: median av 14 kommuner" in chart_spec(at)  # two demo groups are quiet
    console(db, live.set_spotlight, municipality_id=_asker(db))
    assert "Rampelys: Asker" in chart_spec(run_app("fasilitator", page="projector"))


def chart_spec(at) -> str:
    return "\n".join(c.proto.spec for c in at.get("plotly_chart"))


def _asker(engine) -> int:
    with Session(engine) as s:
        return actor_of(s, "kommune-3203").municipality_id


def test_group_screen_follows_the_phase_and_honours_the_lock(db):
    console(db, live.set_phase, phase="q2")
    at = run_app("kommune-3203", page="live_group")
    assert not at.exception
    assert "Spørsmål 2" in texts(at)
    g = fs2(db)
    with Session(db) as s:
        q2 = catalogue.questions(session=s, programme_id=g.programme_id)[1]
    key = f"workshop.{g.id}.{_asker(db)}.answer.{q2.id}.all"
    assert not typing.data(at, key)["disabled"]
    console(db, live.set_input_open, phase="q2", is_open=False)
    at = run_app("kommune-3203", page="live_group")
    assert typing.data(at, key)["disabled"]
    assert "stengt innspill" in texts(at)
    console(db, live.set_phase, phase="prioritising")
    at = run_app("kommune-3203", page="live_group")
    assert "Prioritering" in texts(at)
    at.selectbox(key=f"live_group.voter.{g.id}").select_index(0).run()
    with Session(db) as s:
        area = catalogue.value_areas(session=s, programme_id=g.programme_id)[0].id
    at.button(key=f"live_group.vote.area.{area}.plus").click().run()
    assert "2 av 3" in texts(at)
    # The projector with dots on areas only says so under «Mest prioriterte tiltak».
    console(db, live.set_revealed, phase="prioritising", revealed=True)
    wall = run_app("fasilitator", page="projector")
    assert not wall.exception
    assert "Ingen tiltak har fått prikker ennå." in texts(wall)


def test_a_participant_joins_by_code_and_writes_for_its_municipality(db):
    console(db, joining.set_code_joining, enabled=True)
    console(db, live.set_phase, phase="q1")
    code = fs2(db).join_code
    at = run_guest("kode", code.lower(), page="join")
    assert not at.exception
    assert FS2 in texts(at)
    at.selectbox(key="join.municipality").set_value("Asker").run()
    at.button(key="join.submit").click().run()
    assert not at.exception
    with Session(db) as s:
        p = s.exec(select(Participant)).one()
    assert at.query_params["deltaker"] == [p.key] or at.query_params["deltaker"] == p.key
    assert "Kommunegruppa i Asker" in texts(at) and "Spørsmål 1" in texts(at)
    assert "Stem i hele rommet" not in texts(at)  # no room-wide vote is open
    with Session(db) as s:
        q1 = catalogue.questions(session=s, programme_id=fs2(db).programme_id)[0]
    key = f"workshop.{fs2(db).id}.{p.municipality_id}.answer.{q1.id}.all"
    at = typing.send(at, key, "Fra en deltaker")
    with Session(db) as s:
        row = s.exec(select(Answer).where(Answer.text == "Fra en deltaker")).one()
        assert (row.municipality_id, row.author_id) == (p.municipality_id, None)
    # The participant has one page: no menu of the group's other work, and a way out.
    assert "Handlingsplan" not in texts(at)
    assert "[Forlat samlingen](/delta)" in [m.value for m in at.sidebar.markdown]
    # bench/load.py times a phase change by this line: it must be the one the phone draws
    from bench.load import PHASE_HEADINGS
    assert "**Spørsmål 1**" in PHASE_HEADINGS & {m.value for m in at.markdown}


def test_a_code_typed_on_the_join_page_goes_on_with_its_button(db):
    """Without a code the page offers «Gå videre» beside Enter; with the code typed, the
    button brings the gathering's page."""
    console(db, joining.set_code_joining, enabled=True)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.switch_page("pages/join.py")
    at.run()
    assert not at.exception and FS2 not in texts(at)
    at.text_input(key="join.code").set_value(fs2(db).join_code)
    at.button(key="join.code_go").click().run()
    assert FS2 in texts(at) and at.selectbox(key="join.municipality")


def test_a_participant_scores_as_itself_without_a_member_list(db):
    console(db, joining.set_code_joining, enabled=True)
    console(db, live.set_phase, phase="scoring")
    with Session(db) as s:
        key = joining.join(session=s, code=fs2(db).join_code, municipality_id=_asker(db))
        s.commit()
        p = s.exec(select(Participant)).one()
        area = catalogue.value_areas(session=s, programme_id=fs2(db).programme_id)[0].id
    at = run_guest("deltaker", key)
    assert not at.exception
    assert not [w for w in at.selectbox if w.key and w.key.endswith(".who")]
    prefix = f"workshop.{fs2(db).id}.{_asker(db)}"
    at.radio(key=f"{prefix}.score.guest.current.{area}").set_value(2).run()
    with Session(db) as s:
        from kultur3.models import Score
        row = s.exec(select(Score).where(Score.guest_key == f"p{p.id}")).one()
    assert (row.value, row.value_area_id) == (2, area)


def test_a_closed_code_asks_for_login(db):
    code = console(db, joining.ensure_join_code)
    at = run_guest("kode", code, page="join")
    assert "ikke åpen for deltakere uten konto" in texts(at)
    assert "join.submit" not in [b.key for b in at.button]
    assert "Fant ingen samling" in texts(run_guest("kode", "ZZZZZZ", page="join"))


def test_a_logged_in_group_with_a_code_lands_on_its_live_page(db):
    code = console(db, joining.ensure_join_code)
    at = run_app("kommune-3203")
    at.query_params["kode"] = code
    at.switch_page("pages/join.py").run()
    assert not at.exception
    assert "Kommunegruppa i Asker" in texts(at)


@pytest.mark.parametrize("phase", ["q1", "q4", "prioritising", "summary"])
def test_live_pages_show_hostile_text_inert(hostile, app_env, phase):  # noqa: F811
    engine = make_engine(app_env)
    with Session(engine) as s:
        g = s.exec(select(Gathering).where(Gathering.status == "active")).one()
        staff = actor_of(s, "fasilitator")
        live.set_phase(session=s, actor=staff, gathering_id=g.id, phase=phase)
        live.set_revealed(session=s, actor=staff, gathering_id=g.id, phase=phase, revealed=True)
        s.commit()
    engine.dispose()
    for user, page in (("fasilitator", "live_console"), ("fasilitator", "projector"),
                       ("kommune-3203", "live_group")):
        at = run_app(user, page=page)
        assert not at.exception, (user, page)
        assert_inert(at)


def test_the_projector_follows_from_the_number_it_read_before_its_data(db, monkeypatch):
    """The ticker compares the room's live version read before the page's cached reads
    (context.read_first), never a number from inside a cached view: a view cached before
    the room moved would carry the old number, and a fresh view a newer one than the other
    reads of the run (CI once kept the themes on the big screen under a started vote)."""
    import importlib

    from kultur3.store import versions
    from kultur3.store.changes import live_name
    projector_ui = importlib.import_module("kultur3.ui.live.projector")  # (the package's
    # own `projector` is the function)

    token = console(db, live.new_view_token)
    console(db, live.set_phase, phase="q1")
    followed = []
    real = projector_ui.follow_room
    monkeypatch.setattr(projector_ui, "follow_room", lambda gid, rendered, state: (
        followed.append(rendered), real(gid, rendered, state)))
    at = run_guest("visning", token)
    assert not at.exception
    gid = fs2(db).id
    with Session(db) as s:
        assert followed[-1] == live.live_version(session=s, gathering_id=gid)
        # The room's counter moves and the data version does not: the cached view stays.
        versions.bump(s, live_name(gid))
        s.commit()
        moved = live.live_version(session=s, gathering_id=gid)
    at.run()
    assert not at.exception
    assert followed[-1] == moved
