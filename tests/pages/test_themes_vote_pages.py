"""Themes and the room-wide vote in AppTest: the console suggests themes and shows them on
the projector, starts a vote of the whole room; a group screen votes; the projector ranks."""

from sqlmodel import Session, select

from kultur3.models import Member, RoomDot, RoomVote, Theme, ThemeAnswer, ThemeBoard
from tests.conftest import actor_of
from tests.pages.conftest import run_app, texts
from tests.pages.test_live_pages import db, fs2, say  # noqa: F401 (fixture)

ANSWERS = {"kommune-3203": "Kulturskolen spiller musikk i barnehagen hver uke",
           "kommune-1804": "Barnehagen får musikk fra kulturskolen",
           "kommune-4638": "Et <b>ungdomshus</b> med teater"}


def _answers(engine) -> dict[str, int]:
    return {user: say(engine, user, text) for user, text in ANSWERS.items()}


def test_console_suggests_themes_and_the_projector_shows_them(db):  # noqa: F811
    answers = _answers(db)
    at = run_app("fasilitator", page="live_console")
    assert not at.exception
    at.selectbox(key="live_console.themes.question").set_value(1).run()
    at.button(key="live_console.themes.suggest").click().run()
    assert not at.exception
    with Session(db) as s:  # the demo's other answers make themes of their own
        ours = s.exec(select(Theme).join(ThemeAnswer).where(
            ThemeAnswer.answer_id == answers["kommune-3203"])).one()
        together = set(s.exec(select(ThemeAnswer.answer_id).where(
            ThemeAnswer.theme_id == ours.id)).all())
    assert answers["kommune-1804"] in together
    assert f"**{ours.label}** · {len(together)} svar" in texts(at)
    at.text_input(key=f"live_console.theme_label.{ours.id}").set_value("Musikk i barnehagen")
    at.button(key=f"live_console.theme_rename_save.{ours.id}").click().run()
    at.toggle(key="live_console.themes.shown").set_value(True).run()
    assert not at.exception
    with Session(db) as s:
        assert s.get(Theme, ours.id).label == "Musikk i barnehagen"
        assert s.exec(select(ThemeBoard.shown)).one() is True
    # The projector shows the question's themes in its phase.
    at.button(key="live_console.next").click().run()  # welcome -> q1
    projector = run_app("fasilitator", page="projector")
    assert not projector.exception
    shown = texts(projector)
    assert "Musikk i barnehagen" in shown and f"{len(together)} svar" in shown


def test_a_room_vote_from_the_console_to_a_group_screen_and_the_projector(db):  # noqa: F811
    answers = _answers(db)
    at = run_app("fasilitator", page="live_console")
    # A form: every field is sent with its submit button, in one run.
    at.radio(key="live_console.room_vote.kind").set_value("answers")
    at.selectbox(key="live_console.room_vote.question").set_value(1)
    at.number_input(key="live_console.room_vote.dots").set_value(2)
    at.button(key="live_console.room_vote.start").click().run()
    assert not at.exception
    with Session(db) as s:
        vote = s.exec(select(RoomVote)).one()
        assert (vote.kind, vote.dots, vote.is_open) == ("answers", 2, True)
        member = s.exec(select(Member).where(
            Member.participation_id.in_(select(Member.participation_id)))).first()
        group = actor_of(s, "kommune-3203")
    gid = fs2(db).id
    screen = run_app("kommune-3203", page="live_group")
    assert not screen.exception
    voter = screen.selectbox(key=f"live_group.room_voter.{gid}")
    voter.select_index(0).run()
    screen.button(key=f"live_group.room_vote.{answers['kommune-1804']}.plus").click().run()
    assert not screen.exception
    with Session(db) as s:
        dots = s.exec(select(RoomDot)).all()
        assert [(d.target_id, d.municipality_id) for d in dots] == [
            (answers["kommune-1804"], group.municipality_id)]
    assert member is not None
    projector = run_app("fasilitator", page="projector")
    assert not projector.exception
    shown = texts(projector)
    assert "1 har stemt" in shown and "1\\. " in shown and "3\\. " not in shown
