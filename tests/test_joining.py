# ruff: noqa: F811 - the room fixture is imported from tests/test_live.py and used by name
"""Joining without an account: table codes (one per municipality, no picking), the room code
that can be turned off, rate limits on code lookups and joins, joins that do not rerun the
projectors, the table cards PDF, and the answer spotlight."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import col, select

from kultur3 import live
from kultur3.access import identity
from kultur3.core.errors import InvalidInput, NotFound, PermissionDenied, RateLimited
from kultur3.insight import pdf
from kultur3.live import joining, spotlight
from kultur3.models import Answer, Gathering, Participant, RateEvent, TableCode, utcnow
from kultur3.store import ratelimit
from tests.test_live import answer, room  # noqa: F401 - room is a fixture, used by name


def cards(demo, room):
    joining.set_code_joining(session=demo, actor=room.staff, gathering_id=room.gid, enabled=True)
    return {c.name: c for c in joining.table_cards(session=demo, actor=room.staff,
                                                   gathering_id=room.gid)}


def test_each_municipality_gets_its_own_table_code_that_joins_it_at_once(demo, room):
    by_name = cards(demo, room)
    names = [n for _, n in live.gathering_municipalities(session=demo, gathering_id=room.gid)]
    assert list(by_name) == names  # one card per municipality, by name
    codes = [c.code for c in by_name.values()]
    assert len(set(codes)) == len(codes)
    assert demo.get(Gathering, room.gid).join_code not in codes
    asker = next(c for c in by_name.values() if c.municipality_id == room.asker_id)
    info = joining.find_by_code(session=demo, code=asker.code.lower())
    assert (info.open, info.municipality_id, info.municipalities) == (True, room.asker_id, [])
    key = joining.join(session=demo, code=asker.code, municipality_id=room.bodo_id)  # ignored
    p = identity.participant_actor(demo, key)
    assert (p.municipality_id, p.gathering_id) == (room.asker_id, room.gid)
    # Printing again keeps the codes (cards already on the tables stay valid).
    again = cards(demo, room)
    assert [c.code for c in again.values()] == codes


def test_table_codes_are_made_only_when_the_cards_are_printed(demo, room):
    assert demo.exec(select(TableCode)).all() == []
    with pytest.raises(PermissionDenied):
        joining.table_cards(session=demo, actor=room.asker, gathering_id=room.gid)


def test_the_room_code_can_be_turned_off_while_table_codes_still_work(demo, room):
    by_name = cards(demo, room)
    room_code = demo.get(Gathering, room.gid).join_code
    joining.set_room_code_open(session=demo, actor=room.staff, gathering_id=room.gid,
                               enabled=False)
    info = joining.find_by_code(session=demo, code=room_code)
    assert (info.open, info.closed_key, info.municipalities) == (False, "live.room_code_off", [])
    with pytest.raises(PermissionDenied) as exc:
        joining.join(session=demo, code=room_code, municipality_id=room.asker_id)
    assert exc.value.key == "live.room_code_off"
    code = next(iter(by_name.values())).code
    assert joining.join(session=demo, code=code)
    # Turning code-joining off closes the table codes too.
    joining.set_code_joining(session=demo, actor=room.staff, gathering_id=room.gid,
                             enabled=False)
    with pytest.raises(PermissionDenied):
        joining.join(session=demo, code=code)


def test_a_municipality_taken_off_the_gathering_loses_its_table_code(demo, room):
    by_name = cards(demo, room)
    asker = next(c for c in by_name.values() if c.municipality_id == room.asker_id)
    live.set_municipalities(session=demo, actor=room.staff, gathering_id=room.gid,
                            municipality_ids=[room.bodo_id])
    assert joining.find_by_code(session=demo, code=asker.code).open is False


def test_ten_unknown_codes_a_minute_from_one_client_are_refused_with_a_message(demo, room):
    for i in range(joining.FAILED_CODES_PER_MINUTE):
        assert joining.find_by_code(session=demo, code=f"ZZZZZ{i}", client="10.0.0.7") is None
    real = cards(demo, room)
    code = next(iter(real.values())).code
    with pytest.raises(RateLimited) as exc:
        joining.find_by_code(session=demo, code=code, client="10.0.0.7")
    assert exc.value.key == "live.too_many_codes"
    # Another phone in the room is not affected.
    assert joining.find_by_code(session=demo, code=code, client="10.0.0.8").open


def test_failed_codes_count_in_the_one_rate_limit_counter_and_old_ones_are_purged(
        demo, room, monkeypatch):
    """Unknown codes go through kultur3.store.ratelimit like every other limit: a day later
    the next counted event deletes them, and the window no longer holds them."""
    real = time_now = utcnow()
    monkeypatch.setattr(ratelimit, "utcnow", lambda: time_now)
    time_now = real - timedelta(days=2)
    for i in range(joining.FAILED_CODES_PER_MINUTE):
        assert joining.find_by_code(session=demo, code=f"ZZZZZ{i}", client="10.0.0.6") is None
    with pytest.raises(RateLimited):
        joining.find_by_code(session=demo, code="ZZZZZZ", client="10.0.0.6")
    keys = list(joining._failure_keys("10.0.0.6", ""))
    assert len(demo.exec(select(RateEvent).where(col(RateEvent.key).in_(keys))).all()) == 20
    time_now = real
    assert joining.find_by_code(session=demo, code="ZZZZZY", client="10.0.0.6") is None
    left = demo.exec(select(RateEvent).where(col(RateEvent.key).in_(keys))).all()
    assert [e.at for e in left] == [real, real]  # the two counted now; the old twenty are gone


def test_joins_per_code_are_limited(demo, room, monkeypatch):
    monkeypatch.setattr(joining, "JOINS_PER_CODE_PER_MINUTE", 3)
    code = next(iter(cards(demo, room).values())).code
    for _ in range(3):
        joining.join(session=demo, code=code, client="10.0.0.9")
    with pytest.raises(RateLimited):
        joining.join(session=demo, code=code, client="10.0.0.9")


def test_a_join_does_not_rerun_the_projectors(demo, room):
    code = next(iter(cards(demo, room).values())).code
    before = live.live_version(session=demo, gathering_id=room.gid)
    for _ in range(5):
        joining.join(session=demo, code=code)
    assert live.live_version(session=demo, gathering_id=room.gid) == before
    assert len(demo.exec(select(Participant)).all()) == 5


def test_table_cards_pdf_has_one_page_per_municipality():
    text = pdf.TableCardText(gathering="Fellessamling 3", scan="Skann", or_type="eller",
                                 wifi="Wi-Fi:", demo_note=None)
    document = pdf.table_cards(text=text, cards=[
        ("Asker", "ABC234", "https://k.example.no/delta?kode=ABC234"),
        ("Bodø", "DEF567", "https://k.example.no/delta?kode=DEF567"),
        ("Kautokeino – Guovdageaidnu", "GHJ892", "https://k.example.no/delta?kode=GHJ892")])
    assert document.startswith(b"%PDF")
    assert document.count(b"/Type /Page") - document.count(b"/Type /Pages") == 3


# --- One answer on the whole projector ---------------------------------------------------------


def test_the_facilitator_steps_through_answers_one_at_a_time(demo, room):
    live.set_phase(session=demo, actor=room.staff, gathering_id=room.gid, phase="q1")
    live.set_revealed(session=demo, actor=room.staff, gathering_id=room.gid, phase="q1",
                      revealed=True)
    answer(demo, room.asker, room, 1, "Kulturskolen er der barna er")
    answer(demo, room.bodo, room, 1, "Et ressurssenter for hele Bodø")
    view = live.room_view(session=demo, actor=room.staff, gathering_id=room.gid)
    wall = list(reversed(view.wall))  # as the projector shows it: newest first
    assert spotlight.step(view.wall, None, 0) == view.wall[0].answer_id
    ids = [c.answer_id for c in wall]
    assert spotlight.step(wall, ids[0], 1) == ids[1]
    assert spotlight.step(wall, ids[1], 1) == ids[0]  # wraps round
    spotlight.set_answer_spotlight(session=demo, actor=room.staff, gathering_id=room.gid,
                                   answer_id=ids[1])
    assert live.live_state(session=demo, actor=room.staff,
                           gathering_id=room.gid).spotlight_answer_id == ids[1]
    live.hide_answer(session=demo, actor=room.staff, answer_id=ids[0], reason="Personopplysninger")
    with pytest.raises(InvalidInput):
        spotlight.set_answer_spotlight(session=demo, actor=room.staff, gathering_id=room.gid,
                                       answer_id=ids[0])
    with pytest.raises(PermissionDenied):
        spotlight.set_answer_spotlight(session=demo, actor=room.asker, gathering_id=room.gid,
                                       answer_id=ids[1])


def test_an_answer_from_another_gathering_cannot_be_spotlit(demo, room):
    other = demo.exec(select(Gathering).where(Gathering.id != room.gid)).first()
    live.set_phase(session=demo, actor=room.staff, gathering_id=room.gid, phase="q1")
    answer(demo, room.asker, room, 1, "Et svar i denne samlingen")
    answer_id = demo.exec(select(Answer.id).where(Answer.text == "Et svar i denne samlingen")
                          ).one()
    with pytest.raises(NotFound):
        spotlight.set_answer_spotlight(session=demo, actor=room.staff, gathering_id=other.id,
                                       answer_id=answer_id)
