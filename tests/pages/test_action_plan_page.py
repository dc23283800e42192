"""/handlingsplan on an empty install outside demo mode (issue 23 §4): a new action without a
gathering, an edit of every field, removal and staff's restore, the order, and the ?vis=
filter with its «Vis alle»; widgets found by key."""

from datetime import date, timedelta

import pytest
from sqlmodel import select

from kultur3.core import clock
from kultur3.models import Action, ActionNote, Role
from tests.factories import enrol, make_action, make_programme, make_user
from tests.pages import typing
from tests.pages.conftest import empty_install, run_app
from tests.pages.conftest import texts as _texts

GROUP, STAFF = "koordinator@hoyanger.kommune.no", "veileder@ks.no"


def texts(at) -> str:
    return _texts(at).replace("\\", "")


@pytest.fixture
def real(backend, monkeypatch):
    """An empty install (register only), not in demo mode: one programme, Høyanger enrolled,
    its coordinator and the programme's facilitator."""
    with empty_install(backend, monkeypatch) as s:
        programme = make_programme(s, "Vestland 2027")
        mid = enrol(s, programme, "4638")
        group = make_user(s, Role.GROUP, programme=programme, municipality="4638",
                          coordinator=True, username=GROUP)
        make_user(s, Role.FACILITATOR, programme=programme, username=STAFF)
        s.commit()
        yield dict(s=s, p=programme, m=mid, group=group)


def _action(w, title="Tiltak", **kw) -> int:
    aid = make_action(w["s"], w["p"], w["m"], title=title, actor=w["group"], **kw)
    w["s"].commit()
    return aid


def _row(w, aid) -> Action:
    w["s"].expire_all()
    return w["s"].get(Action, aid)


def test_a_new_action_without_a_gathering(real):
    at = run_app(GROUP, page="action_plan")
    assert not at.exception and "Demodata" not in texts(at)
    at.button(key="action_plan.new.submit").click().run()  # nothing filled in
    assert "kan ikke være tomt" in texts(at)
    at.text_input(key="action_plan.new.title").input("Kulturskole i <b>SFO</b>")
    at.text_area(key="action_plan.new.description").input("To dager i uka")
    box = at.multiselect(key="action_plan.new.areas")
    box.select(box.options[0])
    at.text_input(key="action_plan.new.owner_text").input("Rektor")
    at.date_input(key="action_plan.new.deadline").set_value(date(2027, 6, 1))
    at.selectbox(key="action_plan.new.status").select_index(1)
    at.button(key="action_plan.new.submit").click().run()
    assert "Tiltaket «Kulturskole i <b>SFO</b>» er lagret." in texts(at)
    row = real["s"].exec(select(Action)).one()
    assert (row.title, row.description, row.owner_text, row.deadline, row.status,
            row.source_gathering_id) == ("Kulturskole i <b>SFO</b>", "To dager i uka", "Rektor",
                                         date(2027, 6, 1), "in_progress", None)
    assert at.text_input(key="action_plan.new.title").value == ""  # the form is empty again
    assert any("Kulturskole i <b>SFO</b>" in str(m.value).replace("\\", "")
               for m in at.markdown)  # on the board, as text


def test_every_field_is_edited_and_the_deadline_cleared(real):
    aid = _action(real, "Gammel", deadline=date(2027, 4, 1))
    at = run_app(GROUP, page="action_plan")
    key = f"action_plan.update.{aid}"
    at = typing.send(at, f"action_plan.text.{aid}", "Ny beskrivelse")  # saved while typing
    assert typing.ack(at, f"action_plan.text.{aid}")["ok"]
    at.text_input(key=f"{key}.title").input("Ny tittel")
    at.text_input(key=f"{key}.owner_text").input("Kultursjefen")
    at.selectbox(key=f"{key}.priority").select_index(0)
    at.selectbox(key=f"{key}.status").select_index(2)  # on hold
    at.checkbox(key=f"{key}.no_deadline").check()
    at.text_area(key=f"{key}.note").input("Venter på budsjettet")
    at.button(key=f"{key}.submit").click().run()
    assert "«Gammel» er oppdatert." in texts(at)
    row = _row(real, aid)
    assert (row.title, row.description, row.owner_text, row.priority, row.status, row.deadline,
            row.progress_note) == ("Ny tittel", "Ny beskrivelse", "Kultursjefen", 1, "on_hold",
                                   None, "Venter på budsjettet")
    assert real["s"].exec(select(ActionNote.text).where(ActionNote.action_id == aid)).all() == [
        "Venter på budsjettet"]


def test_an_edit_from_an_old_version_is_refused_and_loses_nothing(real):
    aid = _action(real)
    at = run_app(GROUP, page="action_plan")
    from kultur3.group import actions
    actions.update_action(session=real["s"], actor=real["group"], action_id=aid,
                          base_version=1, title="Noen andre først")
    real["s"].commit()
    key = f"action_plan.update.{aid}"
    at.text_area(key=f"{key}.note").input("Mitt notat")
    at.button(key=f"{key}.submit").click().run()
    assert "Noen andre lagret dette samtidig" in texts(at)
    assert _row(real, aid).title == "Noen andre først"


def test_the_group_removes_and_staff_restore(real):
    aid = _action(real, "Skal bort")
    at = run_app(GROUP, page="action_plan")
    at.button(key=f"action_plan.delete.{aid}").click().run()
    assert "«Skal bort» er fjernet fra handlingsplanen." in texts(at)
    assert _row(real, aid).deleted_at is not None
    assert not any(b.key == f"action_plan.delete.{aid}" for b in at.button)
    assert not any((b.key or "").startswith("action_plan.restore.") for b in at.button)
    staff = run_app(STAFF, page="action_plan")
    assert "Slettede tiltak (1)" in [e.label for e in staff.expander]
    staff.button(key=f"action_plan.restore.{aid}").click().run()
    assert "«Skal bort» er tilbake i handlingsplanen." in texts(staff)
    assert _row(real, aid).deleted_at is None
    assert any(b.key == f"action_plan.delete.{aid}" for b in staff.button)


def test_move_down_changes_the_order(real):
    first, second = _action(real, "Først"), _action(real, "Andre")
    at = run_app(GROUP, page="action_plan")
    assert at.button(key=f"action_plan.up.{first}").disabled
    at.button(key=f"action_plan.down.{first}").click().run()
    assert _row(real, first).position > _row(real, second).position
    cards = [c for c in at.markdown if "Først" in str(c.value) or "Andre" in str(c.value)]
    assert "Andre" in str(cards[0].value)


def _cards(at) -> set[int]:
    """The actions on the board, by their remove buttons."""
    return {int(b.key.rsplit(".", 1)[1]) for b in at.button
            if (b.key or "").startswith("action_plan.delete.")}


@pytest.mark.parametrize(("param", "shown"), [("forfalt", "late"), ("snart", "soon")])
def test_the_filter_from_a_link_and_its_reset(real, param, shown):
    today = clock.today()
    made = {"late": _action(real, "Forsinket", deadline=today - timedelta(days=2)),
            "soon": _action(real, "Snart", deadline=today + timedelta(days=5)),
            "later": _action(real, "Senere", deadline=today + timedelta(days=60))}
    at = run_app(GROUP)
    at.query_params["vis"] = param
    at.switch_page("pages/action_plan.py").run()
    assert _cards(at) == {made[shown]}
    assert "Viser 1" in texts(at)
    assert not any((b.key or "").startswith("action_plan.up.") for b in at.button)  # no moves
    at.button(key="action_plan.show_all").click().run()
    assert _cards(at) == set(made.values())
    assert "vis" not in at.query_params


def test_the_description_and_the_form_saved_in_one_run_are_no_conflict(real):
    """Typing the description and pressing «Lagre» at once: the field's send and the form's
    submit arrive in one run. The form was drawn from the version before the description's
    save, and that save was this person's own: it must not be refused as someone else's."""
    aid = _action(real, "Gammel")
    at = run_app(GROUP, page="action_plan")
    key = f"action_plan.update.{aid}"
    at.text_input(key=f"{key}.title").input("Ny tittel")
    at.button(key=f"{key}.submit").click()
    at = typing.send(at, f"action_plan.text.{aid}", "Ny beskrivelse")  # the same run
    assert "Noen andre lagret dette samtidig" not in texts(at)
    assert "«Gammel» er oppdatert." in texts(at)
    row = _row(real, aid)
    assert (row.title, row.description) == ("Ny tittel", "Ny beskrivelse")
