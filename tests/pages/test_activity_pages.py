"""The facilitator's own activities in AppTest: prepared and shown from the console, answered on
a participant's phone and a group screen, drawn on the projector (the word cloud escaped),
an entry hidden from the console."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session, select

from kultur3.live import activities, joining
from kultur3.models import Activity, ActivityEntry, Gathering
from kultur3.store.db import make_engine
from tests.conftest import actor_of
from tests.pages.conftest import run_app, texts
from tests.pages.test_escaping import PAYLOADS
from tests.pages.test_live_pages import _asker, console, fs2, run_guest


@pytest.fixture
def db(app_env):
    engine = make_engine(app_env)
    yield engine
    engine.dispose()


def _html(at) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def _shown(engine, kind: str, prompt: str, options=()) -> int:
    """An activity made, shown and opened, as the console's buttons do; its id."""
    aid = console(engine, lambda **kw: activities.create_activity(
        programme_id=fs2(engine).programme_id, kind=kind, prompt=prompt, options=list(options),
        **kw))
    console(engine, activities.show_activity, activity_id=aid)
    with Session(engine) as s:
        activities.set_activity_open(session=s, actor=actor_of(s, "fasilitator"),
                                     activity_id=aid, is_open=True)
        s.commit()
    return aid


def test_the_console_prepares_shows_and_opens_an_activity(db):
    at = run_app("fasilitator", page="live_console")
    assert not at.exception
    at.selectbox(key="live_console.activity_kind").set_value("words")
    at.text_input(key="live_console.activity_prompt").input("Tre ord om kulturskolen")
    at.button(key="live_console.activity_create").click().run()
    assert not at.exception
    with Session(db) as s:
        row = s.exec(select(Activity)).one()
    assert (row.kind, row.gathering_id) == ("words", fs2(db).id)
    assert "activity" in fs2(db).agenda
    at.button(key=f"live_console.activity_show.{row.id}").click().run()
    at.toggle(key=f"live_console.activity_open.{row.id}").set_value(True).run()
    assert not at.exception
    with Session(db) as s:
        row = s.get(Activity, row.id)
    assert (row.is_current, row.is_open, fs2(db).phase) == (True, True, "activity")
    # Kept in the programme's library, then offered there for the next gathering.
    at.button(key=f"live_console.activity_keep.{row.id}").click().run()
    assert "Ordsky: Tre ord om kulturskolen" in at.selectbox(
        key="live_console.activity_library").options


def test_a_bad_activity_gets_a_message_and_keeps_what_was_typed(db):
    at = run_app("fasilitator", page="live_console")
    at.selectbox(key="live_console.activity_kind").set_value("poll")
    at.text_input(key="live_console.activity_prompt").input("Hva er viktigst?")
    at.text_area(key="live_console.activity_options").input("Bare ett valg")
    at.button(key="live_console.activity_create").click().run()
    assert "2 til 10 ulike valg" in texts(at)
    assert at.text_input(key="live_console.activity_prompt").value == "Hva er viktigst?"
    with Session(db) as s:
        assert s.exec(select(Activity)).all() == []


def test_a_participant_sends_words_and_the_projector_draws_them(db):
    console(db, joining.set_code_joining, enabled=True)
    aid = _shown(db, "words", "Tre ord om kulturskolen")
    with Session(db) as s:
        key = joining.join(session=s, code=fs2(db).join_code, municipality_id=_asker(db))
        s.commit()
    at = run_guest("deltaker", key)
    assert not at.exception
    assert "Tre ord om kulturskolen" in texts(at)
    base = f"live_group.activity.{aid}"
    at.text_input(key=f"{base}.word.0").input("kulturskolen")
    at.text_input(key=f"{base}.word.1").input("<b>glede</b>")
    at.button(key=f"{base}.send").click().run()
    assert not at.exception
    with Session(db) as s:
        entry = s.exec(select(ActivityEntry)).one()
    assert entry.text == "kulturskolen\n<b>glede</b>" and entry.voter_key.startswith("p")
    assert "Svaret ditt er sendt" in texts(at)
    projector = run_app("fasilitator", page="projector")
    assert not projector.exception
    cloud = _html(projector)
    assert 'class="k3-cloud"' in cloud and "kulturskolen" in cloud and "glede" in cloud
    assert "<b>" not in cloud  # the words only, never the markup typed around them


def test_a_group_screen_answers_a_poll_and_the_console_hides_an_open_answer(db):
    poll = _shown(db, "poll", "Hvor står vi?", ["Godt i gang", "Har så vidt begynt"])
    at = run_app("kommune-3203", page="live_group")
    assert not at.exception
    base = f"live_group.activity.{poll}"
    at.radio(key=f"{base}.choice").set_value(1)
    at.button(key=f"{base}.send").click().run()
    with Session(db) as s:
        entry = s.exec(select(ActivityEntry)).one()
    assert entry.choices == [1] and entry.voter_key.startswith("g")
    projector = run_app("fasilitator", page="projector")
    assert "Har så vidt begynt" in _html(projector)
    question = _shown(db, "open", "Hva tar du med deg?")
    at = run_app("kommune-3203", page="live_group")
    at.text_area(key=f"live_group.activity.{question}.text").input("Et navn Kari Nordmann")
    at.button(key=f"live_group.activity.{question}.send").click().run()
    with Session(db) as s:
        entry_id = s.exec(select(ActivityEntry.id).where(
            ActivityEntry.activity_id == question)).one()
    console_at = run_app("fasilitator", page="live_console")
    assert "Et navn Kari Nordmann" in texts(console_at)
    console_at.selectbox(key="live_console.reason").set_value("personal_data").run()
    console_at.button(key=f"live_console.entry_hide.{entry_id}").click().run()
    with Session(db) as s:
        assert s.get(ActivityEntry, entry_id).hidden_reason == "Personopplysninger"
    assert "Et navn Kari Nordmann" not in texts(run_app("fasilitator", page="projector"))


def test_activity_screens_show_hostile_text_inert(db):
    from tests.pages.test_escaping import assert_inert
    console(db, joining.set_code_joining, enabled=True)
    question = _shown(db, "poll", PAYLOADS[0][:300], [PAYLOADS[1][:120], PAYLOADS[2][:120]])
    with Session(db) as s:
        g = s.exec(select(Gathering).where(Gathering.id == fs2(db).id)).one()
        g.title = PAYLOADS[0]
        s.add(g)
        s.commit()
    assert question
    for user, page in (("fasilitator", "live_console"), ("fasilitator", "projector"),
                       ("kommune-3203", "live_group")):
        at = run_app(user, page=page)
        assert not at.exception, (user, page)
        assert_inert(at)
        ours = [h.proto.body for h in at.get("html") if "k3-bars" in h.proto.body]
        assert not any(re.search(r"<(script|img)", b) for b in ours), (user, page)  # escaped
    assert "&lt;img src=x" in _html(run_app("fasilitator", page="projector"))
