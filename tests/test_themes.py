"""Themes on the wall: suggested from shared words, renamed, merged, an answer moved; the
projector's board; refused to anyone but the programme's staff; from an empty database."""

import pytest
from sqlmodel import select

from kultur3 import live
from kultur3.core.errors import InvalidInput, NotFound, PermissionDenied
from kultur3.group import workspace
from kultur3.live import export, themes
from kultur3.models import Answer, AuditEvent, Role, Theme
from kultur3.programme import catalogue
from tests.factories import ADMIN, enrol, make_gathering, make_programme, make_user

ANSWERS = {
    "4638": "Kulturskolen samarbeider med barnehagen om musikk for de minste",
    "3203": "Musikk i barnehagen, der kulturskolen samarbeider med de ansatte",
    "1804": "Et åpent kulturhus der ungdom møtes og skaper teater",
    "5053": "Ungdom skaper sitt eget teater i kulturhuset hver fredag",
    "3218": "Lavere pris",
}


def answers_in_room(session, *, anonymous=False):
    programme = make_programme(session)
    ids = {number: enrol(session, programme, number) for number in ANSWERS}
    gid = make_gathering(session, programme)
    live.set_phase(session=session, actor=ADMIN, gathering_id=gid, phase="q1")
    if anonymous:
        live.set_anonymous(session=session, actor=ADMIN, gathering_id=gid, anonymous=True)
    q1 = catalogue.framework_view(session=session, programme_id=programme.id).question(1)
    made = {}
    for number, text in ANSWERS.items():
        workspace.save_answer(
            session=session, actor=ADMIN, gathering_id=gid, municipality_id=ids[number],
            question_id=q1.id, text=text, base_version=0)
        made[number] = session.exec(select(Answer.id).where(
            Answer.gathering_id == gid, Answer.municipality_id == ids[number])).one()
    return programme, gid, ids, made


def test_the_word_most_answers_share_makes_a_theme_labelled_by_it():
    texts = {1: "Kulturskolen samarbeider med barnehagen", 2: "Barnehagen og kulturskole",
             3: "Teater for ungdom", 4: "Ungdom lager teater", 5: "Lavere pris"}
    groups = themes.suggest_groups(texts)
    assert [ids for _, ids in groups] == [[1, 2], [3, 4]]
    assert [label for label, _ in groups] == ["Barnehagen", "Teater"]  # ties by key
    assert themes.suggest_groups({1: "musikk", 2: "dans og drama"}) == []  # nothing shared


def test_a_word_nearly_every_answer_has_does_not_make_one_big_theme():
    """«kulturskolen» in all eight answers would chain them into one theme; it is left out,
    and the words that tell them apart make the themes."""
    texts = {i: f"Kulturskolen og {topic}" for i, topic in enumerate(
        ("barnehagen", "barnehagen synger", "eldre", "eldre danser", "teater", "teater ute",
         "pris", "korps"))}
    groups = themes.suggest_groups(texts)
    assert [(label, ids) for label, ids in groups] == [
        ("Barnehagen", [0, 1]), ("Eldre", [2, 3]), ("Teater", [4, 5])]


def test_suggest_rename_merge_move_and_show_from_an_empty_database(session):
    programme, gid, ids, made = answers_in_room(session)
    assert themes.suggest_themes(session=session, actor=ADMIN, gathering_id=gid,
                                 question_number=1) == 2
    board = themes.theme_board(session=session, actor=ADMIN, gathering_id=gid,
                               question_number=1)
    assert [v.count for v in board.themes] == [2, 2]
    assert [c.answer_id for c in board.loose] == [made["3218"]]
    assert not board.shown
    first, second = board.themes
    themes.rename_theme(session=session, actor=ADMIN, theme_id=first.theme_id,
                        label="  Samarbeid   med barnehagen ")
    themes.move_answer(session=session, actor=ADMIN, answer_id=made["3218"],
                       theme_id=second.theme_id)
    themes.merge_themes(session=session, actor=ADMIN, theme_id=second.theme_id,
                        into_theme_id=first.theme_id)
    themes.show_themes(session=session, actor=ADMIN, gathering_id=gid, question_number=1,
                       shown=True)
    board = themes.theme_board(session=session, actor=ADMIN, gathering_id=gid,
                               question_number=1)
    assert [(v.label, v.count) for v in board.themes] == [("Samarbeid med barnehagen", 5)]
    assert board.loose == () and board.shown
    # Suggesting again leaves the facilitator's theme as it is: every answer is placed.
    assert themes.suggest_themes(session=session, actor=ADMIN, gathering_id=gid,
                                 question_number=1) == 0
    # The export has a sheet of themes.
    frames = export.export_frames(session=session, actor=ADMIN, gathering_id=gid)
    sheet = frames["temaer"]
    assert len(sheet) == 5 and set(sheet["tema"]) == {"Samarbeid med barnehagen"}
    actions = {e.action for e in session.exec(select(AuditEvent)).all()}
    assert {"themes.suggest", "themes.rename", "themes.move", "themes.merge",
            "themes.show"} <= actions


def test_a_theme_empty_or_too_long_label_is_refused_and_nothing_changes(session):
    _, gid, _, _ = answers_in_room(session)
    tid = themes.add_theme(session=session, actor=ADMIN, gathering_id=gid, question_number=1,
                           label="Pris")
    for bad in ("   ", "x" * 81):
        with pytest.raises(InvalidInput):
            themes.rename_theme(session=session, actor=ADMIN, theme_id=tid, label=bad)
    assert session.get(Theme, tid).label == "Pris"


def test_an_answer_moves_only_into_a_theme_of_its_own_question(session):
    _, gid, _, made = answers_in_room(session)
    q2 = themes.add_theme(session=session, actor=ADMIN, gathering_id=gid, question_number=2,
                          label="Annet spørsmål")
    with pytest.raises(NotFound):
        themes.move_answer(session=session, actor=ADMIN, answer_id=made["3218"], theme_id=q2)


def test_anonymous_room_and_hidden_answers_on_the_projector(session):
    _, gid, _, made = answers_in_room(session, anonymous=True)
    themes.suggest_themes(session=session, actor=ADMIN, gathering_id=gid, question_number=1)
    live.hide_answer(session=session, actor=ADMIN, answer_id=made["4638"], reason="Et navn")
    token = live.new_view_token(session=session, actor=ADMIN, gathering_id=gid)
    from kultur3.access import identity
    viewer = identity.viewer_actor(session, token)
    board = themes.theme_board(session=session, actor=viewer, gathering_id=gid,
                               question_number=1)
    cards = [c for v in board.themes for c in v.cards] + list(board.loose)
    assert made["4638"] not in {c.answer_id for c in cards}
    assert {c.municipality for c in cards} == {None}
    staff = themes.theme_board(session=session, actor=ADMIN, gathering_id=gid,
                               question_number=1, include_hidden=True)
    assert any(c.hidden for v in staff.themes for c in v.cards)
    # The export keeps the record, marked as the answers sheet marks it.
    sheet = next(f for name, f in export.export_frames(
        session=session, actor=ADMIN, gathering_id=gid).items() if "tema" in name.lower())
    assert sorted(sheet.iloc[:, -1]) == sorted(
        ["ja" if a == made["4638"] else "" for a in themes_answer_ids(session, gid)])


def themes_answer_ids(session, gid):
    return [row[3] for row in themes.theme_rows(session, gid)]


def test_only_the_programmes_staff_manage_themes(session):
    programme, gid, ids, made = answers_in_room(session)
    group = make_user(session, Role.GROUP, programme=programme, municipality="4638",
                      coordinator=True)
    other = make_programme(session, name="Et annet program")
    outsider = make_user(session, Role.FACILITATOR, programme=other)
    for actor in (group, outsider):
        with pytest.raises(PermissionDenied):
            themes.suggest_themes(session=session, actor=actor, gathering_id=gid,
                                  question_number=1)
        with pytest.raises(PermissionDenied):
            themes.add_theme(session=session, actor=actor, gathering_id=gid,
                             question_number=1, label="Tema")
    assert session.exec(select(Theme)).all() == []
    insider = make_user(session, Role.FACILITATOR, programme=programme)
    assert themes.suggest_themes(session=session, actor=insider, gathering_id=gid,
                                 question_number=1) == 2
