# ruff: noqa: F811 - the db fixture is imported from test_live_pages.py and used by name
"""The room at scale in AppTest: a wall of 16 answers in pages, one answer spotlit from the
console, table cards printed from the console, a table code that joins at once, and a
Norwegian message for a phone that guesses codes."""

import re

from sqlmodel import Session, select

from kultur3 import live
from kultur3.live import joining
from kultur3.models import Participant, TableCode
from kultur3.seed import PILOTS
from tests.pages.conftest import texts
from tests.pages.test_live_pages import console, db, fs2, run_app, run_guest, say  # noqa: F401


def sixteen_answers(db) -> list[str]:
    console(db, live.set_phase, phase="q1")
    console(db, live.set_revealed, phase="q1", revealed=True)
    said = []
    for number in PILOTS:
        text = f"Fremtidsbildet til kommune {number}"
        say(db, f"kommune-{number}", text)
        said.append(text)
    return said


def test_sixteen_answers_are_all_on_the_wall_in_pages_of_six(db):
    said = sixteen_answers(db)
    token = console(db, live.new_view_token)
    at = run_guest("visning", token)
    assert not at.exception
    body = texts(at)
    assert all(text in body for text in said)  # every answer, none dropped
    captions = [c.value for c in at.caption]
    assert "Side 1 av 3 · 16 svar · blar videre av seg selv" in captions
    assert "Side 3 av 3 · 16 svar · blar videre av seg selv" in captions
    css = "\n".join(h.proto.body for h in at.get("html"))
    assert re.search(r"k3-page-\d+ 36s", css)  # three pages of 12 s each, turned by CSS


def test_the_console_spotlights_one_answer_and_steps_on(db):
    said = sixteen_answers(db)
    at = run_app("fasilitator", page="live_console")
    assert not at.exception
    at.button(key="live_console.spot_next").click().run()
    first = fs2(db).spotlight_answer_id
    assert first is not None
    at.button(key="live_console.spot_next").click().run()
    assert fs2(db).spotlight_answer_id not in (None, first)
    token = console(db, live.new_view_token)
    projector = run_guest("visning", token)
    body = texts(projector)
    shown = [text for text in said if text in body]
    assert len(shown) == 1  # one answer, on the whole screen
    assert any("svar 2 av 16" in c.value for c in projector.caption)
    at.button(key="live_console.spot_off").click().run()
    assert fs2(db).spotlight_answer_id is None


def test_table_cards_are_printed_from_the_console(db):
    console(db, joining.set_code_joining, enabled=True)
    at = run_app("fasilitator", page="live_console")
    at.button(key="live_console.table_cards").click().run()
    assert not at.exception
    with Session(db) as s:
        codes = s.exec(select(TableCode).where(TableCode.gathering_id == fs2(db).id)).all()
    assert len(codes) == 16
    assert at.get("download_button")  # the PDF, ready to download


def test_a_table_code_joins_its_municipality_without_a_list(db):
    console(db, joining.set_code_joining, enabled=True)
    console(db, live.set_phase, phase="q1")
    cards = console(db, joining.table_cards)
    bodo = next(c for c in cards if c.name == "Bodø")
    at = run_guest("kode", bodo.code, page="join")
    assert not at.exception
    with Session(db) as s:
        p = s.exec(select(Participant)).one()
    assert p.municipality_id == bodo.municipality_id
    assert "Kommunegruppa i Bodø" in texts(at)
    assert "join.municipality" not in [w.key for w in at.selectbox]  # nothing to pick


def test_the_room_code_turned_off_says_to_use_the_table_card(db):
    console(db, joining.set_code_joining, enabled=True)
    console(db, joining.set_room_code_open, enabled=False)
    at = run_guest("kode", fs2(db).join_code, page="join")
    assert "Denne samlingen bruker bordkort" in texts(at)
    with Session(db) as s:
        assert s.exec(select(Participant)).all() == []


def test_a_phone_guessing_codes_gets_a_plain_message(db):
    at = run_guest("kode", "AAAAAA", page="join")
    for guess in ("BBBBBB", "CCCCCC", "DDDDDD", "EEEEEE", "FFFFFF", "GGGGGG", "HHHHHH",
                  "JJJJJJ", "KKKKKK", "MMMMMM"):
        at.text_input(key="join.code").input(guess).run()
    assert "For mange ukjente koder" in texts(at)


def test_the_code_and_qr_stay_in_a_corner_in_every_phase(db):
    console(db, joining.set_code_joining, enabled=True)
    console(db, live.set_phase, phase="scoring")
    token = console(db, live.new_view_token)
    at = run_guest("visning", token)
    code = fs2(db).join_code
    assert any(code in m.value for m in at.markdown)
    assert any(getattr(e, "type", "") == "image" for e in _all(at.main))  # the QR
    assert "127.0.0.1" not in texts(at)


def _all(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _all(child)
