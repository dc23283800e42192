"""Municipalities in a programme, members, and the all-or-nothing CSV import."""

import pytest
from sqlmodel import func, select

from kultur3.core.errors import InvalidInput, NotFound, PermissionDenied
from kultur3.group import member_import, membership
from kultur3.models import Member, Participation
from kultur3.programme import catalogue
from tests.conftest import actor_of, municipality_id


@pytest.fixture
def pid(demo):
    return catalogue.list_programmes(session=demo)[0].id


def members_of(demo, number):
    return demo.exec(select(func.count()).select_from(Member).join(Participation).where(
        Participation.municipality_id == municipality_id(demo, number))).one()


def test_add_municipality_with_free_text_focus(demo, pid):
    staff = actor_of(demo, "fasilitator")
    membership.add_municipality(session=demo, actor=staff, programme_id=pid, number="5610",
                            focus_text="Joik og duodji for alle generasjoner")
    part = [p for p in catalogue.participants(session=demo, programme_id=pid)
            if p.number == "5610"][0]
    assert part.name == "Karasjok" and part.focus_area.startswith("Joik")
    with pytest.raises(InvalidInput):
        membership.add_municipality(session=demo, actor=staff, programme_id=pid, number="5610")
    with pytest.raises(NotFound):
        membership.add_municipality(session=demo, actor=staff, programme_id=pid, number="9999")


@pytest.mark.parametrize("who", ["leder", "kommune-1804"])
def test_only_staff_and_the_coordinator_manage_groups(demo, pid, who):
    with pytest.raises(PermissionDenied):
        membership.add_member(session=demo, actor=actor_of(demo, who), programme_id=pid,
                          number="3203", member=membership.MemberInput("Ola", "Lærer"))
    # The demo's shared login is its own group's coordinator: it may.
    assert membership.add_member(session=demo, actor=actor_of(demo, "kommune-3203"),
                             programme_id=pid, number="3203",
                             member=membership.MemberInput("Ola", "Lærer"))


def test_add_member_validates(demo, pid):
    staff = actor_of(demo, "admin")
    with pytest.raises(InvalidInput):
        membership.add_member(session=demo, actor=staff, programme_id=pid, number="3203",
                          member=membership.MemberInput("", "Lærer"))
    with pytest.raises(InvalidInput) as err:
        membership.add_member(session=demo, actor=staff, programme_id=pid, number="3203",
                          member=membership.MemberInput("Ola", "Lærer", email="ikke en adresse"))
    assert err.value.key == "groups.bad_email"


GOOD = "navn;rolle;sektor;epost;koordinator\nÁile Sara;Lærer;Kulturskolen;aile@example.no;ja\n" \
       "Ola Nordmann;Rektor;Skole;;\n"


def test_import_good_file(demo, pid):
    before = members_of(demo, "3203")
    result = member_import.import_members_csv(session=demo, actor=actor_of(demo, "admin"),
                                       programme_id=pid, number="3203",
                                       content=GOOD.encode("utf-8-sig"))
    assert result.imported == 2 and result.errors == []
    assert members_of(demo, "3203") == before + 2


@pytest.mark.parametrize(("content", "first_error"), [
    (GOOD + ";Lærer;;;\n", (4, "error.empty")),
    (GOOD + "Kari;Lærer;x;y@z.no;ja;ekstra\n", (4, "groups.csv_extra_cells")),
    (GOOD + "Kari;Lærer;;ikke-epost;\n", (4, "groups.bad_email")),
    ("fornavn;etternavn\nKari;Nordmann\n", (1, "groups.csv_header")),
    ("navn;rolle\n", (2, "groups.csv_empty")),
])
def test_any_bad_row_imports_nothing_and_names_the_line(demo, pid, content, first_error):
    before = members_of(demo, "3203")
    result = member_import.import_members_csv(session=demo, actor=actor_of(demo, "admin"),
                                       programme_id=pid, number="3203",
                                       content=content.encode("utf-8"))
    assert result.imported == 0 and result.errors[0][:2] == first_error
    assert members_of(demo, "3203") == before


def test_nynorsk_headings_are_understood(demo, pid):
    before = members_of(demo, "3203")
    result = member_import.import_members_csv(session=demo, actor=actor_of(demo, "admin"),
                                       programme_id=pid, number="3203",
                                       content="Namn;Rolle;E-post\nÅse Li;Lærar;ase@example.no\n"
                                       .encode())
    assert result.imported == 1 and result.errors == []
    assert members_of(demo, "3203") == before + 1


def test_non_utf8_file_gets_a_plain_message(demo, pid):
    result = member_import.import_members_csv(session=demo, actor=actor_of(demo, "admin"),
                                       programme_id=pid, number="3203",
                                       content="navn;rolle\nÅse;Lærer\n".encode("latin-1"))
    assert result.errors == [(0, "groups.csv_encoding", {})]


def test_comma_separated_is_understood(demo, pid):
    result = member_import.import_members_csv(session=demo, actor=actor_of(demo, "admin"),
                                       programme_id=pid, number="3203",
                                       content=b"navn,rolle\nKari,Laerer\n")
    assert result.imported == 1
