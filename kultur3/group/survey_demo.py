"""The demo's surveys (issue 24): four pilot groups have a pupil or partner survey with 12–40
responses, one a survey with 3 (below the threshold, so nothing of it shows). Answers are
drawn around the group's own current state, some areas lower and some higher, so the radar's
third line and the differences named in words have something to say. Invented, like the rest
of the demo; called once from kultur3.seed after the score cells are built."""

from __future__ import annotations

import random
import secrets
from datetime import date, timedelta

from sqlmodel import Session, select

from kultur3.models import (
    Gathering,
    Municipality,
    ScoreCell,
    Survey,
    SurveyArea,
    SurveyAudience,
    SurveyResponse,
    SurveyScore,
    ValueArea,
)

# number -> (audience, responses, how the respondents lean per area against the group's own
# current state: + higher, - lower). 3 responses: below SURVEY_MIN_RESPONSES, shows nothing.
# Høyanger writes nynorsk, so its survey is in nynorsk (content["nn"]).
NYNORSK = {"4638"}
DEMO_SURVEYS: dict[str, tuple[SurveyAudience, int, dict[str, int]]] = {
    "1804": (SurveyAudience.PUPILS, 24, {"samskaping": -2, "brukeren": -1, "utviklende": 1}),
    "3203": (SurveyAudience.PARTNERS, 15, {"inkluderende": -1, "samskaping": -2, "helhet": 1}),
    "4638": (SurveyAudience.PUPILS, 38, {"attraktiv": 1, "brukeren": -2}),
    "5053": (SurveyAudience.PARTNERS, 12, {"brukeren": 1, "helhet": -2}),
    "1122": (SurveyAudience.PUPILS, 3, {}),
}
TITLES = {SurveyAudience.PUPILS: "Hva mener elevene?",
          SurveyAudience.PARTNERS: "Hva mener samarbeidspartnerne?"}


def add_demo_surveys(session: Session, programme_id: int, content: dict, today: date,
                     rng_seed: int = 2024) -> int:
    """Add the demo's surveys; how many. Its own random stream, so the rest of the demo
    draws the same numbers as before."""
    rng = random.Random(rng_seed)
    areas = {a.key: a for a in session.exec(
        select(ValueArea).where(ValueArea.programme_id == programme_id))}
    munis = {m.number: m for m in session.exec(select(Municipality).where(
        Municipality.number.in_(list(DEMO_SURVEYS))))}  # type: ignore[attr-defined]
    made = 0
    for number, (audience, count, lean) in DEMO_SURVEYS.items():
        muni = munis.get(number)
        if muni is None:
            continue
        own = _current(session, programme_id, muni.id)
        lang = "nn" if number in NYNORSK else "nb"
        texts = content["nn"] if lang == "nn" else content
        statements = texts["statements"][audience.value]
        survey = Survey(programme_id=programme_id, municipality_id=muni.id,
                        title=content["nn"]["title"][audience.value] if lang == "nn"
                        else TITLES[audience], audience=audience, lang=lang,
                        open_question=texts["open_question"][audience.value],
                        opens_on=today - timedelta(days=40), closes_on=today + timedelta(days=5),
                        token=secrets.token_urlsafe(24))
        session.add(survey)
        session.flush()
        for position, (key, text) in enumerate(statements.items()):
            session.add(SurveyArea(survey_id=survey.id, value_area_id=areas[key].id,
                                   position=position, statement=text))
        opens = texts["open_answers"][audience.value]
        for i in range(count):
            response = SurveyResponse(
                survey_id=survey.id, answered_on=today - timedelta(days=rng.randint(1, 39)),
                open_answer=opens[i] if i < len(opens) and count >= 5 else "")
            session.add(response)
            session.flush()
            for key in statements:
                area = areas[key]
                session.add(SurveyScore(response_id=response.id, value_area_id=area.id,
                                        value=_answer(rng, own.get(area.id), lean.get(key, 0))))
        made += 1
    session.flush()
    return made


def _current(session: Session, programme_id: int, municipality_id: int) -> dict[int, float]:
    """The group's own current state per area at its latest scored gathering."""
    rows = session.exec(select(ScoreCell.value_area_id, ScoreCell.value, Gathering.held_on)
                        .join(Gathering, Gathering.id == ScoreCell.gathering_id)
                        .where(Gathering.programme_id == programme_id,
                               ScoreCell.municipality_id == municipality_id,
                               ScoreCell.kind == "current")).all()
    out: dict[int, tuple[date, float]] = {}
    for area_id, value, held_on in rows:
        if value is not None and (area_id not in out or held_on > out[area_id][0]):
            out[area_id] = (held_on, value)
    return {a: v for a, (_, v) in out.items()}


def _answer(rng: random.Random, own: float | None, lean: int) -> int | None:
    """One respondent's score: about one in twelve says «Vet ikke»; the rest spread one step
    either side of the group's own value moved by the lean."""
    if rng.random() < 0.08:
        return None
    centre = (own if own is not None else 3.0) + lean
    return max(1, min(5, round(centre + rng.choice((-1, 0, 0, 0, 1)))))
