"""The live write lock is one rule: the group screen disables exactly the inputs the services
refuse (kultur3.live.state.input_locked, built from phases.input_refusal and the role half of a
write), for a group, the facilitator writing on its behalf, and the municipality's leadership,
with the phase's input open and locked."""

import pytest
from sqlmodel import Session

from kultur3 import live
from kultur3.core.errors import Kultur3Error
from kultur3.group import workspace
from kultur3.programme import catalogue
from tests.conftest import actor_of
from tests.pages import typing
from tests.pages.conftest import run_app
from tests.pages.test_live_pages import _asker, console, db, fs2  # noqa: F401 (fixture)


def _refused(engine, user: str, phase: str) -> bool:
    """Whether the service refuses this user's write in this phase (rolled back either way)."""
    g = fs2(engine)
    with Session(engine) as s:
        actor, mid = actor_of(s, user), _asker(engine)
        area = catalogue.value_areas(session=s, programme_id=g.programme_id)[0].id
        try:
            if phase == "q1":
                q1 = catalogue.questions(session=s, programme_id=g.programme_id)[0]
                saved = workspace.answers(session=s, actor=actor, gathering_id=g.id,
                                          municipality_id=mid).get((q1.id, None))
                workspace.save_answer(session=s, actor=actor, gathering_id=g.id,
                                      municipality_id=mid, question_id=q1.id, text="Prøve",
                                      base_version=saved.version if saved else 0)
            else:
                live.add_dot(session=s, actor=actor, gathering_id=g.id, municipality_id=mid,
                             voter_key="gprove", kind="area", target_id=area)
        except Kultur3Error:
            return True
        finally:
            s.rollback()
    return False


def _disabled(engine, user: str, phase: str) -> bool:
    """Whether the group screen disables its input (found by key) for this user."""
    g = fs2(engine)
    at = run_app(user, page="live_group")
    if user == "fasilitator":  # staff pick the municipality they write for
        box = at.selectbox(key="live_group.municipality")
        at = box.set_value(next(o for o in box.options if "3203" in o)).run()
    assert not at.exception
    with Session(engine) as s:
        q1 = catalogue.questions(session=s, programme_id=g.programme_id)[0]
        area = catalogue.value_areas(session=s, programme_id=g.programme_id)[0].id
    if phase == "q1":
        return typing.data(at, f"workshop.{g.id}.{_asker(engine)}.answer.{q1.id}.all")["disabled"]
    at = at.selectbox(key=f"live_group.voter.{g.id}").select_index(0).run()
    return at.button(key=f"live_group.vote.area.{area}.plus").disabled


@pytest.mark.parametrize(("user", "phase"), [
    ("kommune-3203", "q1"), ("kommune-3203", "prioritising"),
    ("fasilitator", "q1"), ("fasilitator", "prioritising"),
    ("kommuneleder-3203", "q1"),
])
def test_the_group_screen_and_the_services_agree_on_the_lock(db, user, phase):  # noqa: F811
    console(db, live.set_phase, phase=phase)
    for is_open in (True, False):
        console(db, live.set_input_open, phase=phase, is_open=is_open)
        assert _disabled(db, user, phase) == _refused(db, user, phase), (user, phase, is_open)
    if user == "kommune-3203":  # the lock itself is seen: closed refuses, open lets in
        assert _refused(db, user, phase)
        console(db, live.set_input_open, phase=phase, is_open=True)
        assert not _refused(db, user, phase)
