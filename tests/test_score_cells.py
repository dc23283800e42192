"""The score cells the leaders' pages read stay equal to a recount from the raw score rows,
whatever is written: members', guests' and agreed scores, «vet ikke», an agreed score
cleared, a member erased, guests purged. And the dashboard's gap frame built from the cells
equals the one built, as before, from every score row with pandas medians."""

from __future__ import annotations

import random
from datetime import timedelta

import pandas as pd
from sqlalchemy import and_, exists
from sqlalchemy.orm import aliased
from sqlmodel import col, select

from kultur3.access.permissions import OPERATOR
from kultur3.group import score_cells, workspace
from kultur3.insight import cell_frames, dashboard
from kultur3.models import (
    DataVersion,
    Gathering,
    Member,
    Participation,
    Score,
    ScoreCell,
    ScoreKind,
    utcnow,
)
from kultur3.privacy import personal_data
from kultur3.programme import catalogue
from kultur3.store import versions
from kultur3.store.changed import cells_name
from tests.conftest import actor_of


def recount(demo) -> dict:
    """Every cell from the raw rows: agreed, else the median (the workspace's rule)."""
    rows = demo.exec(select(Score.gathering_id, Score.municipality_id, Score.value_area_id,
                            Score.kind, Score.is_group, Score.guest_key, Score.value)).all()
    counted = set(demo.exec(select(Gathering.id).where(Gathering.room_scores_counted)).all())
    cells: dict = {}
    for g, m, a, kind, is_group, guest, value in rows:
        cells.setdefault((g, m, a, ScoreKind(kind).value), []).append(
            (is_group, guest is not None, value))
    return {k: score_cells.cell_value(v, k[0] in counted) for k, v in cells.items()}


def patched_equals_recount(demo, pid: int) -> None:
    """The per-process frame, patched municipality by municipality, equals a recount."""
    counted = recount(demo)
    gathering_ids = set(demo.exec(select(Gathering.id).where(Gathering.programme_id == pid)).all())
    expected = {}
    for (g, m, a, kind), value in counted.items():
        if g in gathering_ids:
            expected.setdefault((m, g, a), {})[kind] = value
    got = cell_frames.values(demo, pid)
    as_dict = {(r.municipality_id, r.gathering_id, r.value_area_id):
               {k: v for k in ("desired", "current") if not pd.isna(v := getattr(r, k))}
               for r in got.itertuples()}
    assert as_dict == {k: {kind: v for kind, v in d.items() if v is not None}
                       for k, d in expected.items()}


def stored(demo) -> dict:
    return {(c.gathering_id, c.municipality_id, c.value_area_id, c.kind): c.value
            for c in demo.exec(select(ScoreCell)).all()}


def old_gap_values(demo, programme_id: int) -> pd.DataFrame:
    """The dashboard's computation before the cells: every row, medians in pandas."""
    agreed = aliased(Score)
    base = (select(Score.municipality_id, Score.gathering_id, Score.value_area_id, Score.kind,
                   Score.value).join(Gathering, Gathering.id == Score.gathering_id)
            .where(Gathering.programme_id == programme_id))
    rows = [*demo.exec(base.where(col(Score.is_group))).all(),
            *demo.exec(base.where(~col(Score.is_group), ~exists().where(and_(
                agreed.is_group, agreed.gathering_id == Score.gathering_id,
                agreed.municipality_id == Score.municipality_id,
                agreed.value_area_id == Score.value_area_id, agreed.kind == Score.kind)))).all()]
    raw = pd.DataFrame(rows, columns=["municipality_id", "gathering_id", "value_area_id", "kind",
                                      "value"])
    raw["kind"] = raw["kind"].map(lambda k: ScoreKind(k).value)
    return (raw.groupby(["municipality_id", "gathering_id", "value_area_id", "kind"])["value"]
            .median().unstack("kind").reindex(columns=["desired", "current"]).reset_index())


def test_the_demo_starts_with_every_cell_counted(demo):
    assert stored(demo) == recount(demo)
    # groups x scored gatherings (the first, the local, the second, today's in progress: the
    # two quiet groups missed the last two) x areas x kinds
    assert len(stored(demo)) == (16 * 4 - 2 * 2) * 8 * 2


def test_cells_follow_random_writes(demo):
    rng = random.Random(15)
    pid = catalogue.list_programmes(session=demo)[0].id
    g = demo.exec(select(Gathering).where(Gathering.status == "active")).one()
    g.phase = "scoring"  # the agreed value is set in the room's scoring phase
    areas = [a.id for a in catalogue.value_areas(session=demo, programme_id=pid)]
    groups = ["kommune-3203", "kommune-1804", "kommune-5006"]
    for step in range(120):
        actor = actor_of(demo, rng.choice(groups))
        members = demo.exec(select(Member.id).join(Participation).where(
            Participation.municipality_id == actor.municipality_id)).all()
        area, kind = rng.choice(areas), rng.choice(list(ScoreKind))
        what = rng.random()
        common = dict(session=demo, actor=actor, gathering_id=g.id,
                      municipality_id=actor.municipality_id, value_area_id=area, kind=kind)
        value = rng.choice([None, 1, 2, 3, 4, 5])
        if what < 0.5:
            workspace.save_score(**common, value=value, member_id=rng.choice(members))
        elif what < 0.65:
            workspace.save_score(**common, value=value, guest_key=f"gjest-{rng.randint(1, 4)}")
        elif what < 0.85:
            workspace.save_score(**common, value=value, is_group=True)
        else:
            workspace.clear_agreed_score(**common)
        if step % 40 == 39:
            demo.commit()
            assert stored(demo) == recount(demo)
        if step % 10 == 9:  # the kept frame, patched per municipality, after every few writes
            patched_equals_recount(demo, pid)
    admin = actor_of(demo, "admin")
    member = demo.exec(select(Member.id).join(Participation).where(
        Participation.municipality_id == actor_of(demo, "kommune-3203").municipality_id)).first()
    personal_data.delete_person(session=demo, actor=admin, kind="member", person_id=member)
    demo.commit()
    assert stored(demo) == recount(demo)
    patched_equals_recount(demo, pid)
    personal_data.purge_guests(session=demo, older_than_days=1, now=utcnow() + timedelta(days=2))
    demo.commit()
    assert stored(demo) == recount(demo)
    patched_equals_recount(demo, pid)
    assert not demo.exec(select(Score).where(col(Score.guest_key).is_not(None))).all()


def test_the_dashboard_frame_from_cells_equals_the_old_recount(demo):
    pid = catalogue.list_programmes(session=demo)[0].id
    frame = dashboard.gap_frame(session=demo, actor=actor_of(demo, "leder"), programme_id=pid)
    old = old_gap_values(demo, pid)
    key = ["municipality_id", "gathering_id", "value_area_id"]
    mine = frame[[*key, "desired", "current"]].sort_values(key).reset_index(drop=True)
    theirs = old[[*key, "desired", "current"]].sort_values(key).reset_index(drop=True)
    theirs.columns.name = None
    pd.testing.assert_frame_equal(mine, theirs, check_dtype=False)


def test_a_score_write_moves_only_its_own_municipalitys_counter(demo):
    """A write invalidates what it touched: one municipality's cells, not the programme's."""
    pid = catalogue.list_programmes(session=demo)[0].id
    g = demo.exec(select(Gathering).where(Gathering.status == "active")).one()
    g.phase = "scoring"  # the agreed value is set in the room's scoring phase
    area = catalogue.value_areas(session=demo, programme_id=pid)[0].id
    cell_frames.values(demo, pid)  # kept

    def counters() -> dict:
        return dict(demo.exec(select(DataVersion.name, DataVersion.value).where(
            col(DataVersion.name).startswith("cells:"))).all())

    before, data_before = counters(), versions.current(demo)
    asker = actor_of(demo, "kommune-3203")
    workspace.save_score(session=demo, actor=asker, gathering_id=g.id,
                         municipality_id=asker.municipality_id, value_area_id=area,
                         kind=ScoreKind.CURRENT, value=1, is_group=True)
    demo.commit()
    after = counters()
    mine = cells_name(pid, asker.municipality_id)
    assert {k for k in after if after[k] != before.get(k)} == {mine}
    assert versions.current(demo) > data_before  # the programme's screens still see a change
    patched_equals_recount(demo, pid)
    row = cell_frames.values(demo, pid).set_index(["municipality_id", "gathering_id",
                                                   "value_area_id"]).loc[
        (asker.municipality_id, g.id, area)]
    assert row["current"] == 1.0


def test_a_rebuild_is_read_whole_and_an_empty_programme_has_no_cells(demo, session):
    pid = catalogue.list_programmes(session=demo)[0].id
    kept = cell_frames.values(demo, pid)
    assert len(kept) > 0
    score_cells.rebuild(demo, pid)
    demo.commit()
    patched_equals_recount(demo, pid)
    from kultur3.programme import lifecycle
    empty = lifecycle.create_programme(
        session=session, actor=OPERATOR, data=lifecycle.ProgrammeInput(name="Tomt program"))
    session.commit()
    assert cell_frames.values(session, empty.id).empty


def test_the_overview_kept_per_municipality_equals_a_fresh_read_after_writes(demo):
    from kultur3.insight import overview
    pid = catalogue.list_programmes(session=demo)[0].id
    leader = actor_of(demo, "leder")
    g = demo.exec(select(Gathering).where(Gathering.status == "active")).one()
    g.phase = "scoring"  # the agreed value is set in the room's scoring phase
    areas = [a.id for a in catalogue.value_areas(session=demo, programme_id=pid)]
    overview.municipality_gaps(session=demo, actor=leader, programme_id=pid)  # kept now
    rng = random.Random(16)
    for _ in range(12):
        asker = actor_of(demo, rng.choice(["kommune-3203", "kommune-1804", "kommune-5006"]))
        common = dict(session=demo, actor=asker, gathering_id=g.id,
                      municipality_id=asker.municipality_id, value_area_id=rng.choice(areas),
                      kind=rng.choice(list(ScoreKind)))
        if rng.random() < 0.8:
            workspace.save_score(**common, value=rng.choice([None, 1, 3, 5]), is_group=True)
        else:
            workspace.clear_agreed_score(**common)
        demo.commit()
        patched = overview.municipality_gaps(session=demo, actor=leader, programme_id=pid)
        cell_frames.forget()
        assert patched == overview.municipality_gaps(session=demo, actor=leader,
                                                     programme_id=pid)
