"""Scores that mean what they say (issue 24 §1), on the screens: a personal account scores
without a picker, a shared login's picker is labelled, a participant sees the agreed value
closed, the console counts the room or not, and the projector shows the room beside the
groups."""

from sqlmodel import Session, select

from kultur3 import live
from kultur3.live import joining
from kultur3.models import Gathering, Member, Participation, Score, User
from kultur3.programme import catalogue
from tests.pages.conftest import run_app, texts
from tests.pages.test_live_pages import FS2, _asker, console, db, fs2, run_guest  # noqa: F401

__all__ = ["db"]


def _personal(engine):
    """Asker's login made one person's own: unmarked as shared, it is the account of the
    member row that names it (the demo refuses accounts it did not make); (username, member)."""
    with Session(engine) as s:
        user = s.exec(select(User).where(User.username == "kommune-3203")).one()
        user.shared_login = False
        member = s.exec(select(Member.id).join(Participation).where(
            Member.user_id == user.id,
            Participation.programme_id == fs2(engine).programme_id)).one()
        s.commit()
        return user.username, member


def _first_area(engine) -> int:
    with Session(engine) as s:
        return catalogue.value_areas(session=s, programme_id=fs2(engine).programme_id)[0].id


def test_a_personal_account_scores_as_itself_without_a_picker(db):
    username, member = _personal(db)
    at = run_app(username, page="workshop")
    at.segmented_control(key="workshop.step").set_value("scores").run()
    assert not at.exception
    prefix = f"workshop.{fs2(db).id}.{_asker(db)}"
    assert not [w for w in at.selectbox if w.key == f"{prefix}.who"]
    assert "Du skårer som" in texts(at)
    area = _first_area(db)
    at.radio(key=f"{prefix}.score.{member}.current.{area}").set_value(4).run()
    assert not at.exception
    with Session(db) as s:
        row = s.exec(select(Score).where(
            Score.member_id == member, Score.value_area_id == area, Score.kind == "current",
            Score.gathering_id == fs2(db).id)).one()
    assert (row.value, row.entered_by_id) == (4, None)


def test_a_shared_login_keeps_the_picker_labelled(db):
    at = run_app("kommune-3203", page="workshop")
    at.segmented_control(key="workshop.step").set_value("scores").run()
    assert not at.exception
    assert "Delt gruppeinnlogging" in texts(at)
    assert at.selectbox(key=f"workshop.{fs2(db).id}.{_asker(db)}.who")


def test_a_participant_scores_in_the_room_and_the_agreed_value_is_closed(db):
    console(db, joining.set_code_joining, enabled=True)
    console(db, live.set_phase, phase="scoring")
    with Session(db) as s:
        key = joining.join(session=s, code=fs2(db).join_code, municipality_id=_asker(db))
        s.commit()
    at = run_guest("deltaker", key)
    assert not at.exception
    shown = texts(at)
    assert "Du skårer som deltaker i rommet" in shown
    assert "Bare gruppas medlemmer kan sette gruppas felles verdi" in shown
    area = _first_area(db)
    assert at.selectbox(key=f"workshop.{fs2(db).id}.{_asker(db)}.agreed.current.{area}").disabled


def test_the_console_counts_the_room_and_the_projector_shows_it_beside(db):
    console(db, joining.set_code_joining, enabled=True)
    console(db, live.set_phase, phase="scoring")
    console(db, live.set_revealed, phase="scoring", revealed=True)
    area = _first_area(db)
    at = run_guest("deltaker", _join(db))
    at.radio(key=f"workshop.{fs2(db).id}.{_asker(db)}.score.guest.current.{area}").set_value(5).run()
    assert not at.exception
    projector = run_app("fasilitator", page="projector")
    assert not projector.exception
    assert "Deltakere i rommet" in texts(projector)
    assert "holdes utenfor gruppas verdi" in texts(projector)
    assert len(projector.dataframe) >= 1  # the room's figures beside the radar's table

    at = run_app("fasilitator", page="live_console")
    assert not at.toggle(key="live_console.room_scores").value
    at.toggle(key="live_console.room_scores").set_value(True).run()
    assert not at.exception
    with Session(db) as s:
        assert s.get(Gathering, fs2(db).id).room_scores_counted
    assert "teller i gruppas verdi" in texts(run_app("fasilitator", page="projector"))


def _join(engine) -> str:
    with Session(engine) as s:
        key = joining.join(session=s, code=fs2(engine).join_code, municipality_id=_asker(engine))
        s.commit()
        return key
