"""The group workspace and action plan pages, driven through their widgets by key."""

import json

import pytest
from sqlmodel import Session, select

from kultur3.group import workspace
from kultur3.models import Action, Answer, Gathering, LogEntry, Question, Score
from kultur3.store.db import make_engine
from tests.conftest import actor_of
from tests.pages import typing
from tests.pages.conftest import run_app, texts


@pytest.fixture
def db(app_env):
    engine = make_engine(app_env)
    with Session(engine) as s:
        yield s
    engine.dispose()


def ids(db, number="3203"):
    actor = actor_of(db, f"kommune-{number}")
    g = db.exec(select(Gathering).where(Gathering.title == "Fellessamling 3 – digital")).one()
    q1 = db.exec(select(Question).where(Question.number == 1)).one()
    q4 = db.exec(select(Question).where(Question.number == 4)).one()
    return actor, g, q1, q4, f"workshop.{g.id}.{actor.municipality_id}"


def saved_text(db, g, m, q, area=None):
    db.expire_all()
    return db.exec(select(Answer.text).where(Answer.gathering_id == g.id, Answer.municipality_id == m,
                                             Answer.question_id == q.id,
                                             Answer.value_area_id == area)).first()


def test_answer_saves_itself_and_says_when(db):
    actor, g, q1, _, prefix = ids(db)
    at = run_app("kommune-3203", page="workshop")
    text = "Åpen for alle 🎻 <script>alert('x')</script> [lenke](http://x) – Kárášjohka"
    key = f"{prefix}.answer.{q1.id}.all"
    at = typing.send(at, key, text)
    assert not at.exception
    assert saved_text(db, g, actor.municipality_id, q1) == text
    assert typing.ack(at, key)["label"].startswith("Lagret kl.")


def test_empty_answer_is_refused_and_the_old_one_kept(db):
    actor, g, q1, _, prefix = ids(db)
    before = saved_text(db, g, actor.municipality_id, q1)
    at = run_app("kommune-3203", page="workshop")
    key = f"{prefix}.answer.{q1.id}.all"
    at = typing.send(at, key, "   ")
    assert typing.ack(at, key) == {"n": 1, "ok": False,
                                   "label": "Et tomt svar lagres ikke. Det forrige svaret er beholdt."}
    assert saved_text(db, g, actor.municipality_id, q1) == before


def open_then_conflict(db):
    """Open the page, let another member save question 1, then type over it here."""
    actor, g, q1, _, prefix = ids(db)
    at = run_app("kommune-3203", page="workshop")
    current = workspace.answers(session=db, actor=actor, gathering_id=g.id,
                                municipality_id=actor.municipality_id)[(q1.id, None)]
    workspace.save_answer(session=db, actor=actor, gathering_id=g.id,
                          municipality_id=actor.municipality_id, question_id=q1.id,
                          text="Karis versjon", base_version=current.version)
    db.commit()
    key = f"{prefix}.answer.{q1.id}.all"
    at = typing.send(at, key, "Olas versjon")
    return at, key, lambda: saved_text(db, g, actor.municipality_id, q1)


def test_conflict_shows_both_texts_and_overwrites_nothing(db):
    at, key, saved = open_then_conflict(db)
    assert "Noen andre i gruppa lagret dette svaret" in texts(at)
    shown = [e.value for e in at.get("text")]
    assert "Karis versjon" in shown and "Olas versjon" in shown
    assert saved() == "Karis versjon"
    at.button(key=f"{key}.mine").click().run()
    assert saved() == "Olas versjon"


def test_conflict_take_theirs_loads_their_text(db):
    at, key, saved = open_then_conflict(db)
    at.button(key=f"{key}.theirs").click().run()
    shown = typing.data(at, key)
    assert (shown["text"], shown["reset"]) == ("Karis versjon", 1)  # the browser loads theirs
    assert saved() == "Karis versjon"


def test_member_scores_on_own_device_and_group_agrees(db):
    actor, g, _, _, prefix = ids(db)
    g.phase = "scoring"  # the agreed value is set in the room's scoring phase
    db.add(g)
    db.commit()
    at = run_app("kommune-3203", page="workshop")
    at.segmented_control(key="workshop.step").set_value("scores").run()
    who = at.selectbox(key=f"{prefix}.who")
    who.select(who.options[0]).run()
    area_key = next(r.key for r in at.radio if r.key.endswith(".current." + r.key.split(".")[-1])
                    and ".score." in r.key)
    at.radio(key=area_key).set_value("na").run()
    assert not at.exception
    area_id = int(area_key.split(".")[-1])
    db.expire_all()
    rows = db.exec(select(Score).where(Score.gathering_id == g.id, Score.value_area_id == area_id,
                                       Score.kind == "current", Score.member_id.is_not(None),
                                       Score.municipality_id == actor.municipality_id)).all()
    assert any(r.value is None for r in rows)  # «vet ikke» stored as N/A
    agreed = f"{prefix}.agreed.current.{area_id}"
    at.selectbox(key=agreed).select(2).run()
    db.expire_all()
    group = db.exec(select(Score.value).where(Score.gathering_id == g.id, Score.is_group,
                                              Score.value_area_id == area_id, Score.kind == "current",
                                              Score.municipality_id == actor.municipality_id)).one()
    assert group == 2


def test_gap_step_radar_and_new_action(db):
    actor, g, _, _, prefix = ids(db)
    at = run_app("kommune-3203", page="workshop")
    at.segmented_control(key="workshop.step").set_value("q4").run()
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = [tr["name"] for tr in spec["data"]]
    assert names[-2:] == ["Ønsket situasjon", "Nåsituasjon"]
    assert "Spredning i nåsituasjon" in names and any(n.startswith("Nåsituasjon forrige") for n in names)
    assert "Gap" in spec["data"][-1]["hovertext"][0]
    at.text_input(key="workshop.action.title").input("Faste møter med <b>skolen</b>")
    at.multiselect(key="workshop.action.areas").select(at.multiselect(
        key="workshop.action.areas").options[0])
    at.button(key="workshop.action.submit").click().run()
    assert not at.exception
    db.expire_all()
    action = db.exec(select(Action).where(Action.title == "Faste møter med <b>skolen</b>")).one()
    assert action.source_gathering_id == g.id and action.municipality_id == actor.municipality_id
    assert at.text_input(key="workshop.action.title").value == ""


def test_action_without_title_keeps_the_form(db):
    _, _, _, _, prefix = ids(db)
    at = run_app("kommune-3203", page="workshop")
    at.segmented_control(key="workshop.step").set_value("q4").run()
    at.text_area(key="workshop.action.description").input("Viktig beskrivelse")
    at.button(key="workshop.action.submit").click().run()
    assert "kan ikke være tomt" in texts(at)
    assert at.text_area(key="workshop.action.description").value == "Viktig beskrivelse"


def test_facilitator_enters_on_behalf_and_it_is_marked(db):
    at = run_app("fasilitator", page="workshop")
    at.selectbox(key="workshop.municipality").select("Bodø (1804)").run()
    assert "Du fører inn for gruppa" in texts(at)
    actor, g, q1, _, prefix = ids(db, "1804")
    at = typing.send(at, f"{prefix}.answer.{q1.id}.all", "Fra papirlappen")
    db.expire_all()
    row = db.exec(select(Answer).where(Answer.gathering_id == g.id, Answer.question_id == q1.id,
                                       Answer.municipality_id == actor.municipality_id,
                                       Answer.value_area_id.is_(None))).one()
    assert row.text == "Fra papirlappen" and row.entered_by_id == actor_of(db, "fasilitator").user_id


def test_action_plan_update_and_log(db):
    from datetime import timedelta

    from kultur3.core import clock
    from kultur3.store.changed import changed
    actor = actor_of(db, "kommune-3203")
    late = db.exec(select(Action).where(Action.municipality_id == actor.municipality_id)
                   .order_by(Action.id.desc())).first()  # one action past its deadline
    late.deadline, late.status = clock.today() - timedelta(days=3), "in_progress"
    db.add(late)
    changed(db)
    db.commit()
    at = run_app("kommune-3203", page="action_plan")
    assert "Siden sist" in texts(at) and "Over fristen" in texts(at)
    action = db.exec(select(Action).where(Action.municipality_id == actor.municipality_id)).first()
    key = f"action_plan.update.{action.id}"
    at.selectbox(key=f"{key}.status").select_index(3)  # done
    at.text_area(key=f"{key}.note").input("Ferdig i mars")
    at.button(key=f"{key}.submit").click().run()
    db.expire_all()
    assert db.get(Action, action.id).status == "done"
    assert db.get(Action, action.id).progress_note == "Ferdig i mars"
    at.text_area(key="action_plan.log.text").input("Vi observerte <i>mye</i> 🎶")
    at.button(key="action_plan.log.submit").click().run()
    db.expire_all()
    assert db.exec(select(LogEntry).where(LogEntry.text == "Vi observerte <i>mye</i> 🎶")).one()


def test_empty_log_entry_gets_a_message(db):
    at = run_app("kommune-3203", page="action_plan")
    at.button(key="action_plan.log.submit").click().run()
    assert "kan ikke være tomt" in texts(at)


@pytest.mark.parametrize(("step", "heading"), [
    ("q2", "2. Hvordan ser det ut"), ("q3", "3. Hvordan oppleves kulturskolen"),
])
def test_questions_two_and_three_have_their_editors(db, step, heading):
    _, _, _, _, prefix = ids(db)
    at = run_app("kommune-3203", page="workshop")
    at.segmented_control(key="workshop.step").set_value(step).run()
    assert heading in texts(at)
    q = db.exec(select(Question).where(Question.number == int(step[1]))).one()
    assert typing.data(at, f"{prefix}.answer.{q.id}.all")["text"]
    assert len(at.get("bidi_component")) == 9  # the whole picture and one per value area


def test_text_areas_carry_the_limit_and_never_store_more(db):
    """The browser's textarea stops at maxlength; a longer text sent by any other path gets
    a plain message under the field and is not stored (and the service refuses it too,
    test_workspace)."""
    actor, g, q1, _, prefix = ids(db)
    before = saved_text(db, g, actor.municipality_id, q1)
    at = run_app("kommune-3203", page="workshop")
    key = f"{prefix}.answer.{q1.id}.all"
    assert typing.data(at, key)["max"] == 4000
    at = typing.send(at, key, "x" * 4001)
    assert not at.exception
    assert not typing.ack(at, key)["ok"] and "4000" in typing.ack(at, key)["label"]
    assert saved_text(db, g, actor.municipality_id, q1) == before


def test_the_stepper_marks_the_steps_done(db):
    done = run_app("kommune-3203", page="workshop")
    assert done.segmented_control(key="workshop.step").options == [
        "1 Fremstå ✓", "2 Ønsket bilde ✓", "3 Nå ✓", "Skåring ✓", "4 Gap og tiltak ✓"]
    from datetime import date

    from kultur3.models import GatheringKind
    from kultur3.programme import gatherings
    new = gatherings.create_gathering(session=db, actor=actor_of(db, "fasilitator"),
                                programme_id=ids(db)[1].programme_id,
                                kind=GatheringKind.FELLESSAMLING, title="Fellessamling 3",
                                held_on=date(2022, 11, 1))
    db.commit()
    fresh = run_app("kommune-3203", page="workshop")
    fresh.selectbox(key="workshop.gathering").set_value(new).run()
    assert not any("✓" in o for o in fresh.segmented_control(key="workshop.step").options)
