# ruff: noqa: F811 - the db fixture is imported from test_live_pages.py and used by name
"""The room's screens in AppTest (issue 25 §4, §6, §7): the wall's pause from the projector
and the console, «hver for seg først» on a group screen and the projector, a leader day's
decisions on the projector, and the page's declared language."""

from datetime import date

from sqlmodel import Session

from kultur3 import live
from kultur3.group import actions
from kultur3.live import room_screens
from kultur3.models import GatheringKind
from kultur3.programme import catalogue, gatherings
from kultur3.ui import keys
from kultur3.ui.widgets import escape
from tests.conftest import actor_of
from tests.pages.conftest import run_app, texts
from tests.pages.test_live_pages import console, db, fs2, run_guest, say  # noqa: F401
from tests.pages.test_room_pages import sixteen_answers


def _css(at) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def test_the_projector_pauses_the_wall_and_the_console_agrees(db):
    sixteen_answers(db)
    token = console(db, live.new_view_token)
    at = run_guest("visning", token)
    assert not at.exception
    pause = at.button(key="projector.wall_pause_button")
    assert pause.label == "Stopp sidene"
    assert "animation-play-state: paused" not in _css(at)
    pause.click().run()
    assert console(db, room_screens.screen_settings).wall_paused
    assert "animation-play-state: paused" in _css(at)
    assert at.button(key="projector.wall_pause_button").label == "Fortsett sidene"
    # The key is named in the page's language (Streamlit's own hint says «Space»).
    assert "Sidene står stille · mellomromstasten starter dem igjen" in [
        c.value for c in at.caption]
    assert "Side 1 av 3 · 16 svar · står stille" in [c.value for c in at.caption]
    # The console shows the same, and starts the wall again.
    desk = run_app("fasilitator", page="live_console")
    assert desk.button(key="live_console.wall_pause").label == "Fortsett sidene"
    desk.button(key="live_console.wall_pause").click().run()
    assert not console(db, room_screens.screen_settings).wall_paused


def test_each_writes_alone_then_the_group_screen_shows_the_ideas(db):
    console(db, live.set_phase, phase="q1")
    console(db, room_screens.set_idea_stage, question_number=1, stage="solo")
    at = run_app("kommune-3203", page="live_group")
    assert not at.exception
    assert "Skriv din egen idé først" in texts(at)
    area = next(a for a in at.text_area if a.key and a.key.startswith("live_group.idea."))
    area.set_value("<b>Kor</b> i alle barnehager")
    at.button(key=f"{area.key}.save").click().run()  # the form sends what was typed
    assert not at.exception
    assert "Ideen er lagret." in texts(at)
    assert "Ideer skrevet i gruppa så langt: 1" in texts(at)
    console(db, room_screens.set_idea_stage, question_number=1, stage="together")
    at = run_app("kommune-3203", page="live_group")
    body = texts(at)
    assert "Gruppas ideer (1)" in body
    assert escape("<b>Kor</b> i alle barnehager") in body  # as typed, never as HTML
    assert "Skriv gruppas felles svar under" in body
    # The projector: only the shared answers until the facilitator shows the ideas.
    console(db, live.set_revealed, phase="q1", revealed=True)
    say(db, "kommune-3203", "Asker sitt felles svar")
    token = console(db, live.new_view_token)
    screen = texts(run_guest("visning", token))
    assert "Asker sitt felles svar" in screen and "i alle barnehager" not in screen
    console(db, room_screens.set_ideas_shown, question_number=1, shown=True)
    screen = texts(run_guest("visning", token))
    assert "Ideer fra gruppene (1)" in screen and "i alle barnehager" in screen


def test_the_console_offers_each_on_their_own_first_in_a_question(db):
    console(db, live.set_phase, phase="q1")
    at = run_app("fasilitator", page="live_console")
    assert not at.exception
    assert "Hver for seg først" in texts(at) or at.get("button_group")
    at.toggle(key=f"live_console.ideas_shown.{fs2(db).id}").set_value(True).run()
    assert console(db, room_screens.screen_settings).ideas_shown == (1,)


def test_a_leader_days_decisions_are_on_the_projector_as_they_are_recorded(db):
    with Session(db) as s:
        staff = actor_of(s, "fasilitator")
        pid = catalogue.list_programmes(session=s)[0].id
        gid = gatherings.create_gathering(
            session=s, actor=staff, programme_id=pid, kind=GatheringKind.LEDEROPPFOLGING,
            title="Lederdag Asker", held_on=date(2026, 12, 5), municipality_number="3203")
        live.set_phase(session=s, actor=staff, gathering_id=gid, phase="decisions")
        s.commit()
    at = run_app("fasilitator")
    at.query_params[keys.GATHERING_PARAM] = str(gid)
    at.switch_page("pages/projector.py").run()
    assert not at.exception
    assert "Ingen beslutninger er skrevet ned ennå" in texts(at)
    with Session(db) as s:
        asker = actor_of(s, "kommune-3203")
        area = catalogue.value_areas(session=s, programme_id=pid)[0]
        actions.create_action(session=s, actor=asker, programme_id=pid,
                              municipality_id=asker.municipality_id,
                              title="Kulturskolen inn i <i>oppvekstplanen</i>",
                              value_area_ids=[area.id], source_gathering_id=gid,
                              owner_text="Kommunalsjef")
        s.commit()
    at.run()
    body = texts(at)
    assert escape("Kulturskolen inn i <i>oppvekstplanen</i>") in body  # escaped
    assert "Ansvarlig: Kommunalsjef" in " ".join(c.value for c in at.caption)
    assert "Ikke startet" in body


def test_every_page_declares_its_language(db):
    for lang in ("nb", "nn", "en"):
        at = run_app("fasilitator", lang=lang)
        assert f'data-lang="{lang}"' in _css(at)
