"""Anchoring and the municipality's own leadership: the group records, its leadership
comments and approves, nobody else does; the report prints the group's own words."""

import io
from datetime import date

import pytest
from pypdf import PdfReader
from sqlmodel import func, select

from kultur3.access.permissions import OPERATOR
from kultur3.core.errors import Conflict, InvalidInput, PermissionDenied
from kultur3.group import actions, anchoring, team, workspace
from kultur3.group.anchoring import AnchoringInput
from kultur3.group.scoring import AreaGap
from kultur3.insight import group_pdf, municipality_work
from kultur3.models import Anchoring, AnchoringKind, AnchoringStatus, LogKind, ProgrammeStatus
from kultur3.programme import catalogue, lifecycle
from tests.conftest import actor_of, municipality_id

PLAN = AnchoringInput(kind=AnchoringKind.POLITICAL, title="Sak om kulturskolen i bydelene",
                      case_ref="2026/1187", decided_on=date(2026, 10, 1),
                      status=AnchoringStatus.ADOPTED, owner="Kommunalsjef",
                      note="Vedtatt med tillegg om frivilligheten")


@pytest.fixture
def pid(demo):
    return catalogue.list_programmes(session=demo)[0].id


def _add(demo, pid, who="kommune-3203", data=PLAN) -> int:
    actor = actor_of(demo, who)
    return anchoring.add_entry(session=demo, actor=actor, programme_id=pid,
                               municipality_id=municipality_id(demo, "3203"), data=data)


def test_the_group_records_and_its_leadership_approves(demo, pid):
    entry = _add(demo, pid)
    leader = actor_of(demo, "kommuneleder-3203")
    anchoring.review(session=demo, actor=leader, entry_id=entry, comment="Godt forankret",
                     approve=True)
    views = anchoring.entries(session=demo, actor=leader, programme_id=pid,
                              municipality_id=leader.municipality_id)
    mine = next(v for v in views if v.id == entry)
    assert mine.approved_by == "Hilde Aasen, kommunalsjef i Asker" and mine.leader_comment == "Godt forankret"
    anchoring.review(session=demo, actor=leader, entry_id=entry, comment="", approve=False)
    assert demo.get(Anchoring, entry).approved_at is None


@pytest.mark.parametrize("who", ["kommune-3203", "kommuneleder-1804", "leder", "fasilitator"])
def test_nobody_else_approves(demo, pid, who):
    entry = _add(demo, pid)
    with pytest.raises(PermissionDenied):
        anchoring.review(session=demo, actor=actor_of(demo, who), entry_id=entry, comment="x",
                         approve=True)


def test_a_municipal_leader_reads_its_own_and_writes_nothing(demo, pid):
    leader = actor_of(demo, "kommuneleder-3203")
    asker, bodo = leader.municipality_id, municipality_id(demo, "1804")
    assert municipality_work.municipality_work(session=demo, actor=leader, programme_id=pid,
                                  municipality_id=asker).pictures
    with pytest.raises(PermissionDenied):
        municipality_work.municipality_work(session=demo, actor=leader, programme_id=pid,
                               municipality_id=bodo)
    with pytest.raises(PermissionDenied):
        _add(demo, pid, who="kommuneleder-3203")
    with pytest.raises(PermissionDenied):
        actions.add_log_entry(session=demo, actor=leader, programme_id=pid, municipality_id=asker,
                              kind=LogKind.PLAN, text="x", happened_on=date(2026, 1, 1))
    with pytest.raises(PermissionDenied):
        team.save_project(session=demo, actor=leader, programme_id=pid, municipality_id=asker,
                          texts={"project_goal": "x"}, base_version=0)
    assert [p.id for p in catalogue.visible_programmes(session=demo, actor=leader)] == [pid]


def test_edits_are_compare_and_set_and_bad_input_saves_nothing(demo, pid):
    entry = _add(demo, pid)
    group = actor_of(demo, "kommune-3203")
    changed = AnchoringInput(kind=PLAN.kind, title=PLAN.title, status=AnchoringStatus.DONE)
    anchoring.update_entry(session=demo, actor=group, entry_id=entry, base_version=1,
                           data=changed)
    with pytest.raises(Conflict):
        anchoring.update_entry(session=demo, actor=group, entry_id=entry, base_version=1,
                               data=changed)
    before = demo.exec(select(func.count()).select_from(Anchoring)).one()
    for bad in (AnchoringInput(kind=PLAN.kind, title="  "),
                AnchoringInput(kind=PLAN.kind, title="x", case_ref="1" * 61),
                AnchoringInput(kind=PLAN.kind, title="x", note="n" * 4001)):
        with pytest.raises(InvalidInput):
            _add(demo, pid, data=bad)
    assert demo.exec(select(func.count()).select_from(Anchoring)).one() == before
    anchoring.delete_entry(session=demo, actor=group, entry_id=entry)
    assert demo.get(Anchoring, entry) is None


def test_an_archived_programme_takes_no_anchoring(demo, pid):
    for status in (ProgrammeStatus.CLOSED, ProgrammeStatus.ARCHIVED):
        lifecycle.set_status(session=demo, actor=OPERATOR, programme_id=pid, status=status)
    with pytest.raises(InvalidInput):
        _add(demo, pid)
        demo.flush()


def test_high_scores_with_nothing_adopted_are_flagged():
    gaps = [AreaGap(1, "Bærekraft", 5, 4.5), AreaGap(2, "Helhet", 5, 2)]
    assert anchoring.high_without_anchoring(gaps, 0) == ["Bærekraft"]
    assert anchoring.high_without_anchoring(gaps, 1) == []


def test_counts_per_municipality(demo, pid):
    _add(demo, pid)
    counts = anchoring.counts(session=demo, programme_id=pid)
    asker = counts[municipality_id(demo, "3203")]
    assert asker.get("vedtatt", 0) >= 1 and anchoring.anchored(asker) >= 1


def test_the_report_prints_the_groups_own_words(demo, pid):
    group = actor_of(demo, "kommune-3203")
    asker = group.municipality_id
    g = next(g for g in catalogue.gatherings_for(session=demo, programme_id=pid,
                                                  municipality_id=asker)
             if g.status == "active")
    q1 = catalogue.questions(session=demo, programme_id=pid)[0]
    workspace.save_answer(session=demo, actor=group, gathering_id=g.id, municipality_id=asker,
                          question_id=q1.id, value_area_id=None, text="Vi vil møte barna i "
                          "Kárášjohka og Unjárga der de bor", base_version=1)
    team.save_project(session=demo, actor=group, programme_id=pid, municipality_id=asker,
                      texts={"project_goal": "Tre nye tilbud i bydelshus"}, base_version=0)
    _add(demo, pid)
    data = municipality_work.municipality_work(session=demo, actor=actor_of(demo, "kommuneleder-3203"),
                                  programme_id=pid, municipality_id=asker, lang="nn")
    pdf = group_pdf.build(data, programme="Pilot", is_demo=True, lang="nn")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for expected in ("Rapport: Kulturskole 3.0 i Asker", "Framtidsbileta med eigne ord",
                     "Kárášjohka", "Unjárga", "Tre nye tilbud",
                     "Sak om kulturskolen i bydelene", "Demodata", "Forankring"):
        assert expected in " ".join(text.split()), expected
    assert data.actions and data.actions[0].title in " ".join(text.split())


def test_leaders_count_anchoring_per_municipality(demo, pid):
    _add(demo, pid)
    rows = anchoring.programme_counts(session=demo, actor=actor_of(demo, "leder"),
                                      programme_id=pid)
    assert len(rows) == 16
    asker = next(r for r in rows if r.municipality == "Asker")
    assert asker.adopted >= 1
    with pytest.raises(PermissionDenied):
        anchoring.programme_counts(session=demo, actor=actor_of(demo, "kommuneleder-3203"),
                                   programme_id=pid)
