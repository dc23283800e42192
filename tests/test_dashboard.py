"""Aggregation, the 3-municipality threshold, trends, learning partners, action stats,
exports and PDF reports, on a real database with hand-made numbers."""

import io
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from kultur3.access import accounts
from kultur3.access.permissions import OPERATOR, Actor
from kultur3.core.errors import PermissionDenied
from kultur3.group import workspace
from kultur3.group.actions import create_action
from kultur3.group.scoring import AreaGap
from kultur3.insight import dashboard, exports, pdf
from kultur3.models import (
    ActionStatus,
    Gathering,
    GatheringKind,
    GatheringStatus,
    Member,
    Participation,
    Role,
    ScoreKind,
)
from kultur3.programme.catalogue import value_areas
from kultur3.seed import create_programme, load_municipalities

NUMBERS = ["3203", "1804", "5006", "4001"]


@pytest.fixture
def world(session):
    """Four municipalities, two gatherings, agreed scores in the first two areas."""
    load_municipalities(session)
    p = create_programme(session=session, slug="t", name="Test")
    admin = accounts.create_user(session=session, actor=OPERATOR, username="boss", role=Role.ADMIN,
                                 password_hash="x")
    actor = Actor(user_id=admin.id, username="boss", display_name="B", role=Role.ADMIN)
    from sqlmodel import select

    from kultur3.models import Municipality
    munis = {m.number: m for m in session.exec(select(Municipality).where(
        Municipality.number.in_(NUMBERS))).all()}
    for n in NUMBERS:
        part = Participation(programme_id=p.id, municipality_id=munis[n].id)
        session.add(part)
        session.flush()
        session.add(Member(participation_id=part.id, name=f"M {n}", group_role="r"))
    g1 = Gathering(programme_id=p.id, kind=GatheringKind.FELLESSAMLING, title="F1",
                   held_on=date(2021, 9, 1), status=GatheringStatus.CLOSED)
    g2 = Gathering(programme_id=p.id, kind=GatheringKind.FELLESSAMLING, title="F2",
                   held_on=date(2022, 5, 1), status=GatheringStatus.ACTIVE)
    session.add_all([g1, g2])
    session.flush()
    areas = value_areas(session=session, programme_id=p.id)
    return dict(s=session, p=p, actor=actor, munis=munis, g1=g1, g2=g2, areas=areas)


def agree(w, number, gathering, area_index, desired, current):
    for kind, value in ((ScoreKind.DESIRED, desired), (ScoreKind.CURRENT, current)):
        workspace.save_score(session=w["s"], actor=w["actor"], gathering_id=gathering.id,
                             municipality_id=w["munis"][number].id,
                             value_area_id=w["areas"][area_index].id, kind=kind, value=value,
                             is_group=True)


def frame(w, **kw):
    return dashboard.gap_frame(session=w["s"], actor=w["actor"], programme_id=w["p"].id, **kw)


def test_frame_uses_agreed_values_and_member_median_otherwise(world):
    agree(world, "3203", world["g1"], 0, 5, 2)
    member = world["s"].exec(__import__("sqlmodel").select(Member)).first()
    muni_of_member = world["s"].get(Participation, member.participation_id).municipality_id
    workspace.save_score(session=world["s"], actor=world["actor"], gathering_id=world["g1"].id,
                         municipality_id=muni_of_member, value_area_id=world["areas"][1].id,
                         kind=ScoreKind.CURRENT, value=3, member_id=member.id)
    f = frame(world)
    asker = f[(f["number"] == "3203") & (f["value_area_id"] == world["areas"][0].id)].iloc[0]
    assert (asker["desired"], asker["current"], asker["gap"]) == (5, 2, 3)
    by_member = f[(f["municipality_id"] == muni_of_member)
                  & (f["value_area_id"] == world["areas"][1].id)].iloc[0]
    assert by_member["current"] == 3 and pd.isna(by_member["gap"])  # no desired: no gap


def test_na_is_left_out_not_zero(world):
    agree(world, "3203", world["g1"], 0, None, 2)
    row = frame(world).iloc[0]
    assert pd.isna(row["desired"]) and pd.isna(row["gap"])


def test_latest_and_heatmap_order(world):
    agree(world, "3203", world["g1"], 0, 5, 1)
    agree(world, "3203", world["g2"], 0, 5, 4)
    agree(world, "1804", world["g1"], 0, 5, 2)
    f = frame(world)
    now = dashboard.latest(f)
    assert set(now.loc[now["number"] == "3203", "gathering"]) == {"F2"}
    heat = dashboard.heatmap(f)
    assert list(heat.index) == ["Bodø", "Asker"]  # gap 3 before gap 1


@pytest.mark.parametrize(("scored", "shown"), [(2, False), (3, True), (4, True)])
def test_benchmark_hidden_below_three_municipalities(world, scored, shown):
    for i, n in enumerate(NUMBERS[:scored]):
        agree(world, n, world["g1"], 0, 5, i + 1)
    result = dashboard.benchmark(frame(world), world["munis"]["3203"].id)
    assert result.shown is shown and result.municipalities == scored
    if shown:
        row = result.table.iloc[0]
        assert row["value"] == 1 and row["median"] == pd.Series(range(1, scored + 1)).median()


def test_trend_and_closed_since_first(world):
    agree(world, "3203", world["g1"], 0, 5, 1)
    agree(world, "3203", world["g2"], 0, 5, 3)
    tr = dashboard.trend(frame(world), world["munis"]["3203"].id)
    assert list(tr["gap"]) == [4, 2]
    closed = dashboard.closed_since_first(tr).iloc[0]
    assert (closed["first"], closed["latest"], closed["closed"]) == (4, 2, 2)


def test_learning_partners_score_highest_on_my_biggest_gap(world):
    agree(world, "3203", world["g1"], 0, 5, 1)
    agree(world, "1804", world["g1"], 0, 5, 4)
    agree(world, "5006", world["g1"], 0, 5, 5)
    agree(world, "4001", world["g1"], 0, 5, 2)
    partners = dashboard.learning_partners(frame(world), world["munis"]["3203"].id)
    assert list(partners["partner"])[:2] == ["Steinkjer", "Bodø"]


def test_filters_by_county_and_gathering(world):
    agree(world, "3203", world["g1"], 0, 5, 1)
    agree(world, "1804", world["g2"], 0, 5, 1)
    assert set(frame(world, filters=dashboard.Filters(county="Nordland"))["number"]) == {"1804"}
    assert set(frame(world, filters=dashboard.Filters(gathering_id=world["g1"].id))["number"]) \
        == {"3203"}


def test_action_stats(world):
    agree(world, "3203", world["g1"], 0, 5, 1)
    agree(world, "3203", world["g1"], 1, 5, 1)
    create_action(session=world["s"], actor=world["actor"], programme_id=world["p"].id,
                  municipality_id=world["munis"]["3203"].id, title="A",
                  value_area_ids=[world["areas"][0].id], deadline=date(2020, 1, 1))
    create_action(session=world["s"], actor=world["actor"], programme_id=world["p"].id,
                  municipality_id=world["munis"]["3203"].id, title="B",
                  value_area_ids=[world["areas"][1].id], status=ActionStatus.DONE)
    stats = dashboard.action_stats(session=world["s"], actor=world["actor"],
                                   programme_id=world["p"].id, frame=frame(world))
    assert (stats.total, stats.done, stats.overdue) == (2, 1, 1)
    assert stats.by_status.loc["Asker", "done"] == 1
    # Area 2's only action is done: its large gap counts as uncovered again.
    assert list(stats.uncovered["value_area"]) == [world["areas"][1].names["nb"]]


def test_groups_cannot_read_the_dashboard(world):
    group = Actor(user_id=1, username="g", display_name="g", role=Role.GROUP,
                  municipality_id=world["munis"]["3203"].id)
    with pytest.raises(PermissionDenied):
        frame({**world, "actor": group})


def test_exports_are_inert_in_spreadsheets():
    df = pd.DataFrame({"tekst": ["=HYPERLINK(\"http://x\")", "+1", "vanlig", "Kárášjohka 🎻"],
                       "tall": [1, 2, 3, 4]})
    csv = exports.to_csv(df).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv and "'+1" in csv and "Kárášjohka 🎻" in csv
    book = load_workbook(io.BytesIO(exports.to_excel({"ark": df})))
    cells = [c.value for c in book["ark"]["A"]]
    assert cells[1] == "'=HYPERLINK(\"http://x\")" and cells[4] == "Kárášjohka 🎻"


def test_csv_writes_decimals_with_a_comma_for_norwegian_excel():
    frame = pd.DataFrame({"kommune": ["Asker", "Bodø", "Nes"], "gap": [2.125, None, 1.0]})
    csv = exports.to_csv(frame).decode("utf-8-sig")
    assert csv.splitlines() == ["kommune;gap", "Asker;2,125", "Bodø;", "Nes;1,0"]


def test_pdf_report_has_the_text():
    text = pdf.ReportText(title="Asker – Test", subtitle="Fokus", desired="Ønsket",
                              current="Nå", biggest_gaps="Største gap", actions="Tiltak",
                              group="Medlemmer", demo_note="Demodata")
    document = pdf.municipality_report(
        text=text, fmt=str, gaps=[AreaGap(1, "Bærekraft", 5, 2), AreaGap(2, "B", None, 1)],
        actions=[("<script>x</script> $a$", "Pågår", "Kari", "12.05.2022")],
        members=[("Áile Sara", "Lærer")])
    content = PdfReader(io.BytesIO(document)).pages[0].extract_text()
    for expected in ("Asker – Test", "Demodata", "Bærekraft", "<script>x</script> $a$",
                     "Áile Sara"):
        assert expected in content
