"""Sector is a controlled list (issue 24 §3); the sector view compares the culture school with
its partners, each bin shown only with at least three people who scored."""

import pytest
from sqlalchemy import text
from sqlmodel import select

from kultur3 import migrate
from kultur3.core.errors import InvalidInput, PermissionDenied
from kultur3.core.validation import build
from kultur3.group import team, workspace
from kultur3.insight import sectors
from kultur3.models import Gathering, Member, Participation, ScoreKind, Sector
from kultur3.models.inputs import MemberIn
from kultur3.models.sectors import sector_of
from kultur3.programme import catalogue
from kultur3.seed import PILOTS
from kultur3.store.db import make_engine
from tests.conftest import actor_of, municipality_id
from tests.test_migrations import ROWS


@pytest.fixture
def asker(demo):
    pid = catalogue.list_programmes(session=demo)[0].id
    g = demo.exec(select(Gathering).where(Gathering.title == "Fellessamling 3 – digital")).one()
    return pid, g.id, municipality_id(demo, "3203")


def _members(demo, mid):
    return demo.exec(select(Member).join(Participation).where(
        Participation.municipality_id == mid)).all()


def test_typed_sectors_become_the_list_and_an_unknown_one_is_refused_by_name():
    assert [sector_of(x) for x in ("Helse", " helsetjenesten ", "Skole", "Grunnskolen",
                                   "KULTURSKOLEN", "Kulturskulen", "Kindergarten", "")] == [
        Sector.HELSE_OMSORG, Sector.HELSE_OMSORG, Sector.GRUNNSKOLE, Sector.GRUNNSKOLE,
        Sector.KULTURSKOLEN, Sector.KULTURSKOLEN, Sector.BARNEHAGE, None]
    assert build(MemberIn, name="Kari", group_role="Rektor", sector="Helse").sector == \
        "helse_omsorg"
    with pytest.raises(InvalidInput) as refused:
        build(MemberIn, name="Kari", group_role="Rektor", sector="Brannvesenet")
    assert refused.value.key == "error.unknown_sector"
    assert refused.value.params == {"value": "Brannvesenet"}


def test_small_bins_are_never_shown_and_are_named_with_their_count(demo, asker):
    pid, gid, mid = asker
    people = _members(demo, mid)
    assert len(people) == 5
    for m, sector in zip(people, ("kulturskolen", "kulturskolen", "grunnskole", "barnehage",
                                  ""), strict=True):
        m.sector = sector
    demo.commit()
    split = sectors.group_split(session=demo, actor=actor_of(demo, "kommune-3203"),
                                gathering_id=gid, municipality_id=mid)
    assert split.sectors == () and split.rows == ()
    assert split.hidden == (("kulturskolen", 2), ("partners", 2)) and split.unstated == 1


def test_a_bin_of_three_shows_its_median_beside_the_hidden_one(demo, asker):
    pid, gid, mid = asker
    people = _members(demo, mid)
    for m in people[:3]:
        m.sector = "kulturskolen"
    for m in people[3:]:
        m.sector = "helse_omsorg"
    demo.commit()
    area = catalogue.value_areas(session=demo, programme_id=pid)[0]
    group = actor_of(demo, "kommune-3203")
    for m, value in zip(people[:3], (2, 3, 5), strict=True):
        workspace.save_score(session=demo, actor=group, gathering_id=gid, municipality_id=mid,
                             value_area_id=area.id, kind=ScoreKind.CURRENT, value=value,
                             member_id=m.id)
    split = sectors.group_split(session=demo, actor=group, gathering_id=gid, municipality_id=mid)
    assert split.sectors == (("kulturskolen", 3),)
    assert split.hidden == (("partners", len(people) - 3),) and split.hidden_people == 2
    row = next(r for r in split.rows if r[1] == "kulturskolen" and r[0] == "Attraktiv og relevant")
    assert row[3] == 3


def test_demo_groups_show_both_bins_and_one_group_breaks_the_composition(demo, asker):
    pid, gid, _ = asker
    shown = []
    for number in PILOTS:
        mid = municipality_id(demo, number)
        split = sectors.group_split(session=demo, actor=actor_of(demo, f"kommune-{number}"),
                                    gathering_id=gid, municipality_id=mid)
        shown.append(tuple(b for b, _ in split.sectors))
    # A group of six has a second teacher, so both bins reach three; a smaller group shows
    # its partners' bin at most (people.second_teacher in the demo's content).
    assert shown.count(("kulturskolen", "partners")) >= 2
    assert set(shown) <= {("kulturskolen", "partners"), ("partners",), ()}
    views = {n: team.team_view(session=demo, actor=actor_of(demo, f"kommune-{n}"),
                               programme_id=pid, municipality_id=municipality_id(demo, n))
             for n in ("3427", "3203")}
    small = views["3427"].composition
    assert (small.size, small.size_ok, small.outside_ok) == (3, False, True)
    assert views["3203"].composition.ok


def test_the_programme_split_is_for_leaders(demo, asker):
    pid, _, _ = asker
    split = sectors.programme_split(session=demo, actor=actor_of(demo, "leder"),
                                    programme_id=pid)
    assert [b for b, _ in split.sectors] == ["kulturskolen", "partners"]
    assert all(n >= sectors.MIN_PER_SECTOR for _, n in split.sectors)
    with pytest.raises(PermissionDenied):
        sectors.programme_split(session=demo, actor=actor_of(demo, "kommune-3203"),
                                programme_id=pid)
    with pytest.raises(PermissionDenied):
        sectors.group_split(session=demo, actor=actor_of(demo, "kommune-1804"),
                            gathering_id=asker[1], municipality_id=asker[2])


def test_composition_names_what_the_call_asks_for():
    from kultur3.group.membership import MemberRow

    def rows(*sectors_):
        return [MemberRow(id=i, name="x", group_role="x", sector=s, email=None,
                          is_coordinator=False, user_id=None) for i, s in enumerate(sectors_)]
    all_school = team.composition(rows(*["kulturskolen"] * 4))
    assert (all_school.size_ok, all_school.outside_ok) == (True, False)
    unstated = team.composition(rows("kulturskolen", "", "", "kulturskolen"))
    assert (unstated.outside_ok, unstated.unstated) == (False, 2)
    assert team.composition(rows(*["kulturskolen"] * 6, "annet")).size_ok is False
    assert team.composition(rows("kulturskolen", "kulturskolen", "annet", "naringsliv")).ok


# The migration: free text to the list, on SQLite and PostgreSQL.

TYPED = {"Helse": "helse_omsorg", "Helsetjenesten": "helse_omsorg", " skole ": "grunnskole",
         "Grunnskolen": "grunnskole", "kulturskolen": "kulturskolen",
         "Kulturskolen ": "kulturskolen", "Kommunen (skoleeier)": "grunnskole",
         "Frivillighet": "kultur_frivillighet", "Næringsliv": "naringsliv",
         "NÆRINGSLIV": "naringsliv", "Innbyggere": "innbygger", "SFO": "grunnskole",
         "Flyktningtjenesten": "annet", "Brannvesenet": "annet", "": ""}


def test_the_migration_maps_free_text_to_the_list_and_back(backend):
    url = backend.fresh("bare")
    engine = make_engine(url)
    try:
        migrate.upgrade(engine, "0019")
        with engine.begin() as c:
            for sql in ROWS:
                c.execute(text(sql))
            c.execute(text("INSERT INTO participation (id, programme_id, municipality_id, "
                           "joined_at) VALUES (1, 1, 1, CURRENT_TIMESTAMP)"))
            for i, typed in enumerate(TYPED, start=1):
                c.execute(text("INSERT INTO member (id, participation_id, name, group_role, "
                               "sector, is_coordinator, active) VALUES (:i, 1, 'N', 'R', :s, "
                               "false, true)"), {"i": i, "s": typed})
            c.execute(text(
                "INSERT INTO invitation (token_hash, kind, email, display_name, role, "
                "group_role, sector, is_coordinator, lang, created_at, expires_at) VALUES "
                "('h', 'invite', 'a@b.no', '', 'group', '', 'Helsetjenesten', false, 'nb', "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))

        def stored():
            with engine.connect() as c:
                members = dict(c.execute(text("SELECT id, sector FROM member")).all())
                invited = c.execute(text("SELECT sector FROM invitation")).scalar()
            return [members[i] for i in range(1, len(TYPED) + 1)], invited

        migrate.upgrade(engine, "0022")
        assert stored() == (list(TYPED.values()), "helse_omsorg")
        migrate.downgrade(engine, "0019")
        labels, invited = stored()
        assert invited == "Helse og omsorg" and labels[0] == "Helse og omsorg"
        assert labels[-2:] == ["Annet", ""]
        migrate.upgrade(engine, "0022")
        assert stored() == (list(TYPED.values()), "helse_omsorg")
    finally:
        engine.dispose()
        backend.drop(url)


def test_an_import_with_an_unknown_sector_names_it_and_writes_nothing(demo):
    from kultur3.core.i18n import t
    from kultur3.group import member_import
    from kultur3.models import Invitation
    pid = catalogue.list_programmes(session=demo)[0].id
    mid = municipality_id(demo, "3203")
    before = (len(_members(demo, mid)), len(demo.exec(select(Invitation)).all()))
    content = (b"navn;rolle;sektor;epost;koordinator\n"
               b"Kari Berg;Rektor;Grunnskolen;kari@example.no;\n"   # a synonym: fine
               b"Per Lie;Brannsjef;Brannvesenet;per@example.no;\n")
    result = member_import.import_members_csv(session=demo, actor=actor_of(demo, "admin"),
                                              programme_id=pid, number="3203",
                                              content=content, invite=True)
    demo.commit()
    assert result.imported == 0
    assert result.errors == [(3, "error.unknown_sector", {"value": "Brannvesenet"})]
    assert t("error.unknown_sector", "nb", value="Brannvesenet").startswith(
        "Ukjent sektor «Brannvesenet». Velg en av: kulturskolen, grunnskole,")
    assert (len(_members(demo, mid)), len(demo.exec(select(Invitation)).all())) == before
    good = member_import.import_members_csv(
        session=demo, actor=actor_of(demo, "admin"), programme_id=pid, number="3203",
        content=content.decode().replace("Brannvesenet", "annet").encode())
    assert good.imported == 2
    assert {m.name: m.sector for m in _members(demo, mid)}["Kari Berg"] == "grunnskole"


def test_the_command_line_invites_with_a_sector_from_the_list(engine, session):
    from kultur3.models import Invitation
    from tests.test_cli import cli
    url = engine.url.render_as_string(hide_password=False)
    slug = cli(url, "programme", "create", "Vestland 2027", demo=False).stdout.strip()
    assert cli(url, "programme", "enrol", slug, "4638", demo=False).returncode == 0
    unknown = cli(url, "invite", "per@h.no", "--role", "group", "--municipality", "4638",
                  "--programme", slug, "--sector", "Brannvesenet", demo=False)
    assert unknown.returncode == 2 and "helse_omsorg" in unknown.stderr
    made = cli(url, "invite", "hilde@h.no", "--role", "group", "--municipality", "4638",
               "--programme", slug, "--sector", "helse_omsorg", demo=False)
    assert made.returncode == 0, made.stderr
    assert [i.sector for i in session.exec(select(Invitation)).all()] == ["helse_omsorg"]


def test_an_area_shows_a_bins_median_only_from_three_number_answers():
    """Three partners scored, but two said «vet ikke» on the first area: the bin is shown,
    and that area's median would be the one person's score, so it is not."""
    rows = [(1, "helse_omsorg", 1, "current", 2), (2, "grunnskole", 1, "current", None),
            (3, "barnehage", 1, "current", None), (1, "helse_omsorg", 2, "current", 4),
            (2, "grunnskole", 2, "current", 3), (3, "barnehage", 2, "current", 5)]
    split = sectors._split(rows, {1: "A", 2: "B"})
    assert split.sectors == (("partners", 3),)
    assert [(area, current) for area, _bin, _desired, current in split.rows] == [
        ("A", None), ("B", 4.0)]
