"""A group's survey results as aggregates only: per value area the median and the middle half
of the answers that are not «Vet ikke», and how many said «Vet ikke». Nothing of a survey is
shown below SURVEY_MIN_RESPONSES responses (k-anonymity), and an area's figures only from
that many number answers: with 5 responses of which 4 said «Vet ikke», the «median» would be
one person's answer. Single responses and open answers never leave this module; who may read
them is the coordinator's moderation (kultur3/group/surveys.py)."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import func
from sqlmodel import Session, col, select

from kultur3.access.permissions import Actor, check, check_read
from kultur3.group import scoring
from kultur3.group.scoring import AreaGap
from kultur3.models import (
    SURVEY_MIN_RESPONSES,
    Municipality,
    Survey,
    SurveyArea,
    SurveyAudience,
    SurveyResponse,
    SurveyScore,
    ValueArea,
)
from kultur3.programme import catalogue
from kultur3.programme.templates import localized

# The smallest difference named in words beside the radar: a whole step on the 1–5 scale.
# Half a step is within what two medians of 5–40 answers move between gatherings.
WORTH_NAMING = 1.0


@dataclass(frozen=True)
class AreaResult:
    value_area_id: int
    label: str
    statement: str
    median: float | None  # None below the threshold of number answers
    q1: float | None      # the middle half: from q1 to q3
    q3: float | None
    answered: int         # answers with a number
    dont_know: int        # «Vet ikke»


@dataclass(frozen=True)
class SurveyResult:
    survey_id: int
    municipality_id: int
    title: str
    audience: SurveyAudience
    audience_label: str
    opens_on: date
    closes_on: date
    shown: bool                   # at least SURVEY_MIN_RESPONSES responses
    responses: int | None         # None when not shown: not even the count below the threshold
    areas: tuple[AreaResult, ...]  # empty when not shown


@dataclass(frozen=True)
class Difference:
    """A survey's median against the group's own current state, where they differ by
    WORTH_NAMING or more (positive: the respondents score higher)."""

    survey_id: int
    audience: SurveyAudience
    audience_label: str
    area: str
    difference: float


def middle_half(values: list[int]) -> tuple[float, float]:
    """The lower and upper quartile (inclusive method: within the answers given)."""
    if len(values) == 1:
        return float(values[0]), float(values[0])
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return float(q1), float(q3)


def _aggregate(survey: Survey, responses: int, areas: list[tuple[SurveyArea, str]],
               scores: dict[int, list[int | None]]) -> SurveyResult:
    shown = responses >= SURVEY_MIN_RESPONSES
    out = []
    for area, label in areas if shown else []:
        values = scores.get(area.value_area_id, [])
        known = [v for v in values if v is not None]
        enough = len(known) >= SURVEY_MIN_RESPONSES
        q1, q3 = middle_half(known) if enough else (None, None)
        out.append(AreaResult(
            value_area_id=area.value_area_id, label=label, statement=area.statement,
            median=scoring.median(known) if enough else None, q1=q1, q3=q3,
            answered=len(known), dont_know=len(values) - len(known)))
    return SurveyResult(
        survey_id=survey.id, municipality_id=survey.municipality_id, title=survey.title,
        audience=survey.audience,
        audience_label=survey.audience_label, opens_on=survey.opens_on,
        closes_on=survey.closes_on, shown=shown, responses=responses if shown else None,
        areas=tuple(out))


def group_results(*, session: Session, actor: Actor, programme_id: int, municipality_id: int,
                  lang: str = "nb") -> tuple[SurveyResult, ...]:
    """Every survey of one group, newest first, as aggregates. The group itself, the
    programme's staff and leaders, and the municipality's leadership read this."""
    check_read(actor, municipality_id, session=session, programme_id=programme_id)
    return _results(session, programme_id, lang, Survey.municipality_id == municipality_id)


@dataclass(frozen=True)
class MunicipalitySurveys:
    municipality_id: int
    name: str
    surveys: tuple[SurveyResult, ...]


def programme_results(*, session: Session, actor: Actor, programme_id: int, lang: str = "nb"
                      ) -> tuple[MunicipalitySurveys, ...]:
    """Every group's surveys in the programme, as aggregates per municipality (the leaders'
    dashboard), by municipality name."""
    check(actor, "dashboard.read")
    catalogue.check_programme(session=session, actor=actor, programme_id=programme_id)
    found = _results(session, programme_id, lang)
    ids = {r.municipality_id for r in found}
    names = dict(session.exec(select(Municipality.id, Municipality.name)
                              .where(col(Municipality.id).in_(ids))).all()) if ids else {}
    return tuple(MunicipalitySurveys(
        municipality_id=m, name=names.get(m, ""),
        surveys=tuple(r for r in found if r.municipality_id == m))
        for m in sorted(ids, key=lambda m: names.get(m, "")))


def _results(session: Session, programme_id: int, lang: str, *where) -> tuple[SurveyResult, ...]:
    surveys = session.exec(select(Survey).where(Survey.programme_id == programme_id, *where)
                           .order_by(col(Survey.opens_on).desc(), col(Survey.id).desc())).all()
    if not surveys:
        return ()
    ids = [s.id for s in surveys]
    counts = dict(session.exec(select(SurveyResponse.survey_id, func.count())
                               .where(col(SurveyResponse.survey_id).in_(ids))
                               .group_by(SurveyResponse.survey_id)).all())
    names = {a.id: localized(a.names, lang) for a in session.exec(
        select(ValueArea).where(ValueArea.programme_id == programme_id))}
    asked = session.exec(select(SurveyArea).where(col(SurveyArea.survey_id).in_(ids))
                         .order_by(SurveyArea.position, SurveyArea.value_area_id)).all()
    # Only the scores of surveys above the threshold are read at all.
    over = [i for i in ids if counts.get(i, 0) >= SURVEY_MIN_RESPONSES]
    scores: dict[int, dict[int, list[int | None]]] = {i: {} for i in ids}
    if over:
        for survey_id, area_id, value in session.exec(
                select(SurveyResponse.survey_id, SurveyScore.value_area_id, SurveyScore.value)
                .join(SurveyResponse, SurveyResponse.id == SurveyScore.response_id)
                .where(col(SurveyResponse.survey_id).in_(over))).all():
            scores[survey_id].setdefault(area_id, []).append(value)
    return tuple(_aggregate(
        s, counts.get(s.id, 0),
        [(a, names.get(a.value_area_id, "")) for a in asked if a.survey_id == s.id],
        scores[s.id]) for s in surveys)


def radar_line(result: SurveyResult, gaps: list[AreaGap]) -> list[float | None]:
    """The survey's medians in the radar's order (None where not asked or not shown)."""
    medians = {a.value_area_id: a.median for a in result.areas}
    return [medians.get(g.value_area_id) for g in gaps]


def differences(results: tuple[SurveyResult, ...] | list[SurveyResult], gaps: list[AreaGap]
                ) -> list[Difference]:
    """Where the respondents' median and the group's own current state differ by
    WORTH_NAMING or more, largest first."""
    current = {g.value_area_id: (g.label, g.current) for g in gaps}
    out = []
    for r in results:
        for a in r.areas:
            label, own = current.get(a.value_area_id, (a.label, None))
            if a.median is None or own is None:
                continue
            diff = round(a.median - own, 1)
            if abs(diff) >= WORTH_NAMING:
                out.append(Difference(survey_id=r.survey_id, audience=r.audience,
                                      audience_label=r.audience_label, area=label,
                                      difference=diff))
    return sorted(out, key=lambda d: -abs(d.difference))


def frame(results: tuple[SurveyResult, ...] | list[SurveyResult], columns: dict[str, str],
          audience: Callable[[SurveyResult], str] | None = None) -> pd.DataFrame:
    """The aggregates as one table for CSV and Excel: one row per survey and area; a survey
    below the threshold is a row with no figures. columns: translated headings by key;
    audience: the audience's name in the reader's language."""
    def name(r: SurveyResult) -> str:
        return audience(r) if audience else (r.audience_label or r.audience.value)
    rows = []
    for r in results:
        base = {"survey": r.title, "audience": name(r),
                "opens_on": r.opens_on.isoformat(), "closes_on": r.closes_on.isoformat(),
                "responses": r.responses}
        if not r.shown:
            rows.append({**base, "value_area": None, "statement": None, "median": None,
                         "q1": None, "q3": None, "answered": None, "dont_know": None})
        for a in r.areas:
            rows.append({**base, "value_area": a.label, "statement": a.statement,
                         "median": a.median, "q1": a.q1, "q3": a.q3, "answered": a.answered,
                         "dont_know": a.dont_know})
    keys = ["survey", "audience", "opens_on", "closes_on", "responses", "value_area",
            "statement", "median", "q1", "q3", "answered", "dont_know"]
    return pd.DataFrame(rows, columns=keys).rename(columns=columns)
