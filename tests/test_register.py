"""The national municipality register: there on every install, renewed from a newer CSV
with renamed, renumbered and merged municipalities keeping their history."""

from sqlmodel import func, select

from kultur3 import migrate
from kultur3.access.permissions import OPERATOR
from kultur3.models import Municipality, Participation
from kultur3.programme import lifecycle, register
from kultur3.seed import load_municipalities

HEADER = "kommunenummer,kommunenavn,samisk_navn,fylkesnummer,fylke,tidligere_nummer\n"


def _count(session) -> int:
    return session.exec(select(func.count()).select_from(Municipality)).one()


def _by_number(session, number: str) -> Municipality:
    return session.exec(select(Municipality).where(Municipality.number == number)).one()


def test_every_install_has_the_register_once(engine, session):
    assert _count(session) == 357  # `db upgrade` on an empty database, no demo
    assert load_municipalities(session) == 0
    migrate.upgrade(engine)
    session.expire_all()
    assert _count(session) == 357
    assert _by_number(session, "5610").sami_name == "Kárášjohka"


def test_the_shipped_register_parses_cleanly():
    rows, errors = register.parse(register.MUNICIPALITIES_CSV.read_text(encoding="utf-8"))
    assert errors == [] and len(rows) == 357


def test_a_newer_register_renames_renumbers_and_merges_keeping_history(session):
    programme = lifecycle.create_programme(
        session=session, actor=OPERATOR, data=lifecycle.ProgrammeInput(name="Historikk"))
    lifecycle.enrol(session=session, actor=OPERATOR, programme_id=programme.id,
                          numbers=["4638", "4647", "3203"])
    hoyanger = _by_number(session, "4638")
    content = (HEADER
               + "4638,Høyanger kommune,,46,Vestland,\n"        # renamed in place
               + "4699,Sunnfjord,,46,Vestland,4647\n"           # new number, same place
               + "3299,Asker og Bærum,,32,Akershus,3203 3201\n"  # merged
               ).encode()
    result = register.load(session=session, actor=OPERATOR, content=content)
    assert (result.errors, result.renamed, result.renumbered, result.added, result.merged) == (
        [], 1, 1, 1, 2)
    session.expire_all()
    assert _by_number(session, "4638").id == hoyanger.id
    assert _by_number(session, "4638").name == "Høyanger kommune"
    sunnfjord = _by_number(session, "4699")
    assert sunnfjord.former_numbers == ["4647"]
    # Its enrolment followed it: the same row, so all its work keeps its municipality.
    assert session.exec(select(Participation).where(
        Participation.municipality_id == sunnfjord.id)).first() is not None
    asker, merged = _by_number(session, "3203"), _by_number(session, "3299")
    assert asker.retired and asker.successor_id == merged.id
    assert _by_number(session, "3201").retired
    assert "3203" not in [n for n, _, _ in register.active_municipalities(session=session)]
    assert _count(session) == 358


def test_a_broken_register_changes_nothing(session):
    content = (HEADER + "4638,Nytt navn,,46,Vestland,\n" + "12,Feil,,46,Vestland,\n"
               + "4640,,,46,Vestland,\n" + "4638,Dobbel,,46,Vestland,\n").encode()
    result = register.load(session=session, actor=OPERATOR, content=content)
    assert [line for line, _, _ in result.errors] == [3, 4, 5]
    assert result.errors[2][1] == "register.duplicate"
    session.expire_all()
    assert _by_number(session, "4638").name == "Høyanger"
    def load(content: bytes) -> str:
        return register.load(session=session, actor=OPERATOR, content=content).errors[0][1]
    assert load(b"navn\nx\n") == "register.header"
    assert load(b"\xff\xfe") == "groups.csv_encoding"
