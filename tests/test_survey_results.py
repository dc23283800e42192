"""A group's survey results (issue 24 §2): aggregates only, nothing below 5 responses, the
radar's survey line and the differences in words, who may read them, CSV and Excel."""

import io
import math
import re

import pandas as pd
import pytest

from kultur3.access.permissions import OPERATOR
from kultur3.core.errors import PermissionDenied
from kultur3.group.scoring import AreaGap
from kultur3.insight import exports, survey_results
from kultur3.insight.municipality_work import municipality_work
from kultur3.models import Role, SurveyAudience
from kultur3.programme import catalogue
from tests.factories import ADMIN, enrol, make_programme, make_survey, make_user


@pytest.fixture
def w(session):
    programme = make_programme(session)
    mine, other = enrol(session, programme, "4638"), enrol(session, programme, "3203")
    areas = [a.id for a in catalogue.value_areas(session=session, programme_id=programme.id)]
    return dict(programme=programme, m=mine, other=other, areas=areas,
                group=make_user(session, Role.GROUP, programme=programme, municipality="4638",
                                coordinator=True),
                other_group=make_user(session, Role.GROUP, programme=programme,
                                      municipality="3203", coordinator=True))


def _read(session, w, actor=None):
    return survey_results.group_results(session=session, actor=actor or w["group"],
                                        programme_id=w["programme"].id, municipality_id=w["m"])


def _answers(area: int, values: list) -> list[dict]:
    return [{area: v} for v in values]


def test_a_group_without_a_survey_reads_nothing(session, w):
    assert _read(session, w) == ()


def test_four_responses_show_nothing_not_even_the_count(session, w):
    make_survey(session, w["programme"], w["m"], answers=_answers(w["areas"][0], [1, 2, 3, 4]))
    [r] = _read(session, w)
    assert (r.shown, r.responses, r.areas) == (False, None, ())


def test_five_responses_show_the_median_the_middle_half_and_dont_know(session, w):
    a, b = w["areas"][:2]
    answers = [{a: 1, b: None}, {a: 2, b: 5}, {a: 4, b: 5}, {a: 5, b: None}, {a: 5, b: 4}]
    make_survey(session, w["programme"], w["m"], answers=answers)
    [r] = _read(session, w)
    assert r.shown and r.responses == 5
    first, second = r.areas
    assert (first.median, first.q1, first.q3, first.answered, first.dont_know) == (
        4.0, 2.0, 5.0, 5, 0)
    # Three number answers: an area's figures need five, or one answer could be read off.
    assert (second.median, second.q1, second.answered, second.dont_know) == (None, None, 3, 2)


def test_the_line_follows_the_radar_and_a_difference_of_one_is_named(session, w):
    a, b, c = w["areas"][:3]
    make_survey(session, w["programme"], w["m"],
                answers=[{a: 2, b: 4, c: 3}] * 3 + [{a: 2, b: 5, c: 3}] * 2)
    found = _read(session, w)
    gaps = [AreaGap(c, "C", 4, 3.4), AreaGap(a, "Brukeren i sentrum", 5, 3.4),
            AreaGap(b, "B", 5, 3.5), AreaGap(999, "Ikke spurt", 4, 2)]
    assert survey_results.radar_line(found[0], gaps) == [3.0, 2.0, 4.0, None]
    diffs = survey_results.differences(found, gaps)
    # a: 2 against 3,4 (1,4 lower); b: 4 against 3,5 (0,5: not named); c: 3 against 3,4.
    assert [(d.area, d.difference) for d in diffs] == [("Brukeren i sentrum", -1.4)]
    assert diffs[0].audience == SurveyAudience.PUPILS


def test_several_surveys_are_read_side_by_side(session, w):
    a = w["areas"][0]
    make_survey(session, w["programme"], w["m"], answers=_answers(a, [4] * 6))
    make_survey(session, w["programme"], w["m"], title="Partnere", audience="partners",
                answers=_answers(a, [2] * 5))
    found = _read(session, w)
    assert sorted((r.audience.value, r.areas[0].median) for r in found) == [
        ("partners", 2.0), ("pupils", 4.0)]


def test_who_reads_the_aggregates(session, w):
    make_survey(session, w["programme"], w["m"], answers=_answers(w["areas"][0], [3] * 5))
    programme = w["programme"]
    leader = make_user(session, Role.LEADER, programme=programme)
    facilitator = make_user(session, Role.FACILITATOR, programme=programme)
    own_leadership = make_user(session, Role.MUNICIPAL_LEADER, programme=programme,
                               municipality="4638")
    expected = _read(session, w, ADMIN)
    for actor in (w["group"], leader, facilitator, own_leadership, OPERATOR):
        assert _read(session, w, actor) == expected
    other_programme = make_programme(session, "Et annet program")
    stranger = make_user(session, Role.FACILITATOR, programme=other_programme)
    for actor in (w["other_group"], stranger):
        with pytest.raises(PermissionDenied):
            _read(session, w, actor)
    with pytest.raises(PermissionDenied):  # no service takes None for an actor
        survey_results.group_results(session=session, actor=None,
                                     programme_id=programme.id, municipality_id=w["m"])


def test_the_municipalitys_work_carries_the_aggregates(session, w):
    make_survey(session, w["programme"], w["m"], answers=_answers(w["areas"][0], [3] * 5),
                open_answers=("Navnet til læreren min er Kari",))
    work = municipality_work(session=session, actor=ADMIN, programme_id=w["programme"].id,
                             municipality_id=w["m"])
    assert [r.areas[0].median for r in work.surveys] == [3.0]
    assert "Kari" not in repr(work)  # an open answer never reaches the leaders' page


def test_csv_and_excel_hold_aggregates_and_never_a_response(session, w):
    a, b = w["areas"][:2]
    make_survey(session, w["programme"], w["m"], title="=Elever",
                answers=[{a: v, b: 2} for v in (1, 2, 3, 4, 5, 5)],
                open_answers=("Hemmelig fritekst",) * 6)
    make_survey(session, w["programme"], w["m"], title="For få", answers=_answers(a, [5] * 3))
    frame = survey_results.frame(_read(session, w), {})
    csv = exports.to_csv(frame).decode("utf-8-sig")
    assert "Hemmelig" not in csv
    rows = list(pd.read_csv(io.StringIO(csv), sep=";", decimal=",").itertuples(index=False))
    assert len(rows) == 3  # two areas of the survey shown, one empty row for the other
    shown = [r for r in rows if r.survey == "'=Elever"]  # a formula is made inert
    assert [(r.median, r.q1, r.q3, r.answered, r.dont_know, r.responses) for r in shown] == [
        (3.5, 2.25, 4.75, 6, 0, 6), (2.0, 2.0, 2.0, 6, 0, 6)]
    few = next(r for r in rows if r.survey == "For få")
    assert pd.isna(few.responses) and pd.isna(few.median)
    book = pd.read_excel(io.BytesIO(exports.to_excel({"Brukere": frame})), sheet_name=None)
    medians = book["Brukere"]["median"]
    assert medians.dropna().tolist() == [3.5, 2.0] and medians.isna().sum() == 1


def test_the_demo_has_four_surveys_to_read_and_one_below_the_threshold(demo):
    from sqlmodel import func, select

    from kultur3.models import Municipality, Survey, SurveyResponse
    pid = catalogue.list_programmes(session=demo)[0].id
    found = {}
    for survey in demo.exec(select(Survey)).all():
        number = demo.get(Municipality, survey.municipality_id).number
        [found[number]] = survey_results.group_results(
            session=demo, actor=OPERATOR, programme_id=pid,
            municipality_id=survey.municipality_id)
    shown = {n: r for n, r in found.items() if r.shown}
    assert len(shown) == 4 and all(12 <= r.responses <= 40 for r in shown.values())
    assert {r.audience for r in shown.values()} == {SurveyAudience.PUPILS,
                                                    SurveyAudience.PARTNERS}
    [below] = [r for r in found.values() if not r.shown]
    assert demo.exec(select(func.count()).select_from(SurveyResponse).where(
        SurveyResponse.survey_id == below.survey_id)).one() == 3
    open_answers = demo.exec(select(func.count()).select_from(SurveyResponse).where(
        SurveyResponse.open_answer != "")).one()
    assert 2 <= open_answers <= 12
    # Believable against the group's own scores: each group's survey names a difference.
    from kultur3.insight import overview
    for number, r in shown.items():
        home = overview.group_home(session=demo, actor=OPERATOR, programme_id=pid,
                                   municipality_id=demo.exec(select(Municipality.id).where(
                                       Municipality.number == number)).one())
        assert survey_results.differences([r], home.gaps), number


def test_the_groups_report_prints_the_aggregates_and_no_open_answer(demo):
    from pypdf import PdfReader
    from sqlmodel import select

    from kultur3.insight import group_pdf
    from kultur3.models import Municipality
    pid = catalogue.list_programmes(session=demo)[0].id
    bodo = demo.exec(select(Municipality.id).where(Municipality.number == "1804")).one()
    work = municipality_work(session=demo, actor=OPERATOR, programme_id=pid,
                             municipality_id=bodo)
    pdf = group_pdf.build(work, programme="Pilot", is_demo=True, lang="nb")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Slik ser brukerne det" in text
    assert "Hva mener elevene? · Elevene · Svar: 24" in text
    # The demo's pupils lean two steps below the group on Samskaping (survey_demo.DEMO_SURVEYS):
    # the report names the difference, of one step or more after rounding.
    assert re.search(r"Elevene gir Samskaping og medvirkning [12] lavere enn dere selv", text)
    assert "bestemme låtene" not in text  # an open answer: never in the report


def test_leaders_read_every_groups_aggregates_and_groups_do_not(session, w):
    assert survey_results.programme_results(session=session, actor=ADMIN,
                                            programme_id=w["programme"].id) == ()
    make_survey(session, w["programme"], w["m"], answers=_answers(w["areas"][0], [2] * 5))
    make_survey(session, w["programme"], w["other"], answers=_answers(w["areas"][0], [4] * 4))
    leader = make_user(session, Role.LEADER, programme=w["programme"])
    found = survey_results.programme_results(session=session, actor=leader,
                                             programme_id=w["programme"].id)
    assert [(m.name, [(r.shown, [a.median for a in r.areas]) for r in m.surveys])
            for m in found] == [("Asker", [(False, [])]), ("Høyanger", [(True, [2.0])])]
    for actor in (w["group"], make_user(session, Role.MUNICIPAL_LEADER,
                                        programme=w["programme"], municipality="4638")):
        with pytest.raises(PermissionDenied):
            survey_results.programme_results(session=session, actor=actor,
                                             programme_id=w["programme"].id)


def test_the_reports_radar_draws_the_survey_line(monkeypatch):
    from kultur3.insight import pdf
    drawn = []
    real = pdf._radar

    spans = []

    def spy(ax, gaps, desired, current, surveys=()):
        drawn.append(list(surveys))
        real(ax, gaps, desired, current, surveys)
        spans.append(ax.get_xlim()[1] - ax.get_xlim()[0])
    monkeypatch.setattr(pdf, "_radar", spy)
    gaps = [AreaGap(1, "A", 4, 3), AreaGap(2, "B", 4, 3), AreaGap(3, "C", 4, 3)]
    out = pdf.group_report(text=pdf.ReportText("T", "S", "Ønsket", "Nå", "Gap", "Tiltak",
                                               "Gruppa", None),
                           gaps=gaps, gap_lines=[], sections=[],
                           surveys=[("Slik ser brukerne det: Elevene (6 svar)", [2.0, None, 4.0])])
    assert out.startswith(b"%PDF") and drawn == [[("Slik ser brukerne det: Elevene (6 svar)",
                                                   [2.0, None, 4.0])]]
    # The whole circle (it was cut a quarter short: the quarter before the first axis).
    assert spans == [pytest.approx(2 * math.pi)]
