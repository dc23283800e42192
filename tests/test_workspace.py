"""Answers with conflict detection, scores with N/A, median and spread, on a real database."""

import pytest
from sqlmodel import Session, select

from kultur3.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from kultur3.group import membership, workspace
from kultur3.models import ANSWER_MAX, Gathering, GatheringKind, Member, Participation, ScoreKind
from kultur3.programme import catalogue
from tests.conftest import actor_of, municipality_id


@pytest.fixture
def ctx(demo):
    """Asker's group, the active fellessamling (in its scoring phase, where the agreed value
    is set), question 1, the value areas."""
    made = make_ctx(demo)
    made["g"].phase = "scoring"
    return made


def make_ctx(demo):
    asker = actor_of(demo, "kommune-3203")
    pid = catalogue.list_programmes(session=demo)[0].id
    g = demo.exec(select(Gathering).where(Gathering.title == "Fellessamling 3 – digital")).one()
    qs = catalogue.questions(session=demo, programme_id=pid)
    areas = catalogue.value_areas(session=demo, programme_id=pid)
    members = membership.members(session=demo, actor=asker, programme_id=pid,
                                 municipality_id=asker.municipality_id)
    return dict(actor=asker, pid=pid, g=g, q=qs[0], areas=areas, members=members,
                m=asker.municipality_id)


def save(demo, ctx, text, base, area=None, actor=None):
    return workspace.save_answer(session=demo, actor=actor or ctx["actor"], gathering_id=ctx["g"].id,
                                 municipality_id=ctx["m"], question_id=ctx["q"].id,
                                 value_area_id=area, text=text, base_version=base)


def test_answer_round_trip_keeps_text_exactly(demo, ctx):
    text = "Vi vil være åpne 🎻 for alle – Áile Sara, Kárášjohka <script>alert(1)</script> **x**"
    current = workspace.answers(session=demo, actor=ctx["actor"], gathering_id=ctx["g"].id,
                                municipality_id=ctx["m"])[(ctx["q"].id, None)]
    state = save(demo, ctx, text, current.version)
    demo.commit()
    assert state.text == text and state.version == current.version + 1
    again = workspace.answers(session=demo, actor=ctx["actor"], gathering_id=ctx["g"].id,
                              municipality_id=ctx["m"])[(ctx["q"].id, None)]
    assert again.text == text


def test_per_area_answer_is_separate_from_the_whole(demo, ctx):
    area = ctx["areas"][0].id
    state = save(demo, ctx, "Om attraktivitet", 0, area=area)
    assert state.version == 1 and state.value_area_id == area
    whole = workspace.answers(session=demo, actor=ctx["actor"], gathering_id=ctx["g"].id,
                              municipality_id=ctx["m"])[(ctx["q"].id, None)]
    assert whole.text and whole.text != "Om attraktivitet"  # the whole-picture answer stands


def test_second_editor_from_an_old_version_gets_a_conflict_with_both_texts(demo, ctx):
    base = save(demo, ctx, "Første versjon", 0, area=ctx["areas"][1].id)
    save(demo, ctx, "Kari skrev dette", base.version, area=ctx["areas"][1].id)
    with pytest.raises(Conflict) as err:
        save(demo, ctx, "Ola skrev dette", base.version, area=ctx["areas"][1].id)
    assert err.value.params["theirs"] == "Kari skrev dette"
    assert err.value.params["mine"] == "Ola skrev dette"
    demo.commit()
    kept = workspace.answers(session=demo, actor=ctx["actor"], gathering_id=ctx["g"].id,
                             municipality_id=ctx["m"])[(ctx["q"].id, ctx["areas"][1].id)]
    assert kept.text == "Kari skrev dette"


def test_two_sessions_creating_the_same_answer_conflict(demo_engine):
    with Session(demo_engine) as s1, Session(demo_engine) as s2:
        c1, c2 = make_ctx(s1), make_ctx(s2)
        save(s1, c1, "Fra første økt", 0, area=c1["areas"][2].id)
        s1.commit()
        with pytest.raises(Conflict) as err:
            save(s2, c2, "Fra andre økt", 0, area=c2["areas"][2].id)
        assert err.value.params["theirs"] == "Fra første økt"


@pytest.mark.parametrize(("text", "key"), [
    ("", "workshop.empty_answer"), ("   \n ", "workshop.empty_answer"),
    ("x" * (ANSWER_MAX + 1), "error.too_long"),
])
def test_bad_answers_are_refused_and_nothing_is_lost(demo, ctx, text, key):
    before = workspace.answers(session=demo, actor=ctx["actor"], gathering_id=ctx["g"].id,
                               municipality_id=ctx["m"])[(ctx["q"].id, None)]
    with pytest.raises(InvalidInput) as err:
        save(demo, ctx, text, before.version)
    assert err.value.key == key
    after = workspace.answers(session=demo, actor=ctx["actor"], gathering_id=ctx["g"].id,
                              municipality_id=ctx["m"])[(ctx["q"].id, None)]
    assert after == before


def test_other_municipality_and_leader_cannot_write(demo, ctx):
    with pytest.raises(PermissionDenied):
        save(demo, ctx, "hei", 0, area=ctx["areas"][0].id, actor=actor_of(demo, "kommune-1804"))
    with pytest.raises(PermissionDenied):
        save(demo, ctx, "hei", 0, area=ctx["areas"][0].id, actor=actor_of(demo, "leder"))
    with pytest.raises(PermissionDenied):
        workspace.answers(session=demo, actor=actor_of(demo, "kommune-1804"),
                          gathering_id=ctx["g"].id, municipality_id=ctx["m"])


def test_another_municipalitys_local_gathering_is_not_found(demo, ctx):
    bodo_local = demo.exec(select(Gathering).where(
        Gathering.kind == GatheringKind.LOKAL_SAMLING,
        Gathering.municipality_id == municipality_id(demo, "1804"))).one()
    with pytest.raises(NotFound):
        workspace.save_answer(session=demo, actor=ctx["actor"], gathering_id=bodo_local.id,
                              municipality_id=ctx["m"], question_id=ctx["q"].id, text="x",
                              base_version=0)


def test_facilitator_entry_is_marked(demo, ctx):
    state = save(demo, ctx, "Ført inn fra papir", 0, area=ctx["areas"][3].id,
                 actor=actor_of(demo, "fasilitator"))
    assert state.entered_by_staff
    assert not save(demo, ctx, "Gruppa skrev selv", state.version, area=ctx["areas"][3].id
                    ).entered_by_staff


def score(demo, ctx, area, kind, value, **who):
    workspace.save_score(session=demo, actor=ctx["actor"], gathering_id=ctx["g"].id,
                         municipality_id=ctx["m"], value_area_id=area, kind=kind, value=value,
                         **who)


def sheet_for(demo, ctx, area_id):
    sheet = workspace.score_sheet(session=demo, actor=ctx["actor"], gathering_id=ctx["g"].id,
                                  municipality_id=ctx["m"])
    return next(a for a in sheet if a.value_area_id == area_id)


def test_member_scores_upsert_and_median_skips_na(demo, ctx):
    area = ctx["areas"][0].id
    values = [2, 3, None, 5, 4, 1]
    for m, v in zip(ctx["members"], values, strict=False):
        score(demo, ctx, area, ScoreKind.CURRENT, v, member_id=m.id)
    score(demo, ctx, area, ScoreKind.CURRENT, 4, member_id=ctx["members"][0].id)  # changes mind
    row = sheet_for(demo, ctx, area)
    expected = [4, 3, None, 5, 4, 1][: len(ctx["members"])]
    assert sorted(v for v in row.individual(ScoreKind.CURRENT) if v is not None) == sorted(
        v for v in expected if v is not None)
    known = sorted(v for v in expected if v is not None)
    assert row.spread(ScoreKind.CURRENT) == (known[0], known[-1])


def test_guest_scores_count_and_group_value_defaults_to_median(demo, ctx):
    area = ctx["areas"][4].id
    for m in ctx["members"]:
        score(demo, ctx, area, ScoreKind.DESIRED, 4, member_id=m.id)
    score(demo, ctx, area, ScoreKind.DESIRED, 1, guest_key="guest-abc")
    score(demo, ctx, area, ScoreKind.DESIRED, 1, guest_key="guest-abc")  # same guest, once
    # Forget the demo's agreed value so the median shows through.
    from kultur3.models import Score
    demo.delete(demo.exec(select(Score).where(
        Score.is_group, Score.value_area_id == area, Score.kind == ScoreKind.DESIRED,
        Score.gathering_id == ctx["g"].id, Score.municipality_id == ctx["m"])).one())
    demo.flush()
    row = sheet_for(demo, ctx, area)
    assert row.guests[ScoreKind.DESIRED] == {"guest-abc": 1}
    assert row.median(ScoreKind.DESIRED) == 4.0
    score(demo, ctx, area, ScoreKind.DESIRED, 3, is_group=True)
    assert sheet_for(demo, ctx, area).value(ScoreKind.DESIRED) == 3


def test_agreed_na_is_kept_as_na(demo, ctx):
    area = ctx["areas"][5].id
    score(demo, ctx, area, ScoreKind.CURRENT, None, is_group=True)
    row = sheet_for(demo, ctx, area)
    assert row.value(ScoreKind.CURRENT) is None
    gaps = workspace.gaps_from([row])
    assert gaps[0].gap is None


@pytest.mark.parametrize("value", [0, 6, -1])
def test_scores_outside_the_scale_are_refused(demo, ctx, value):
    with pytest.raises(InvalidInput):
        score(demo, ctx, ctx["areas"][0].id, ScoreKind.CURRENT, value, is_group=True)


def test_exactly_one_scorer(demo, ctx):
    with pytest.raises(InvalidInput):
        score(demo, ctx, ctx["areas"][0].id, ScoreKind.CURRENT, 3)
    with pytest.raises(InvalidInput):
        score(demo, ctx, ctx["areas"][0].id, ScoreKind.CURRENT, 3, is_group=True,
              member_id=ctx["members"][0].id)


def test_member_of_another_group_cannot_score_here(demo, ctx):
    bodo = actor_of(demo, "kommune-1804")
    other = demo.exec(select(Member).join(Participation).where(
        Participation.municipality_id == bodo.municipality_id)).first()
    with pytest.raises(PermissionDenied):
        score(demo, ctx, ctx["areas"][0].id, ScoreKind.CURRENT, 3, member_id=other.id)


def test_previous_gathering_is_the_latest_scored_one(demo, ctx):
    """Today's: the second joint gathering (a leader day holds no scores); the second's: the
    group's local gathering, where it rescored."""
    prev = workspace.previous_gathering(session=demo, actor=ctx["actor"], gathering_id=ctx["g"].id,
                                        municipality_id=ctx["m"])
    assert prev.title == "Fellessamling 2 – Trondheim"
    before = workspace.previous_gathering(session=demo, actor=ctx["actor"], gathering_id=prev.id,
                                          municipality_id=ctx["m"])
    assert before.kind == GatheringKind.LOKAL_SAMLING and before.municipality_id == ctx["m"]
