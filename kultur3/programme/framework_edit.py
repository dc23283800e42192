"""Editing a programme's framework: value areas (rename, reorder, add, retire) and the wording
of its questions, per language. Every edit is audited with before and after; nothing is
deleted, so old scores stay readable."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from kultur3.access import audit
from kultur3.access.permissions import Actor, check
from kultur3.core.errors import InvalidInput, NotFound
from kultur3.core.i18n import LANG_NAMES
from kultur3.core.validation import clean_text
from kultur3.models import LANGS, NAME_MAX, STATEMENT_MAX, Question, ValueArea
from kultur3.programme import templates
from kultur3.store.changed import changed

QUESTION_MAX = 400


def _texts(values: dict[str, str], *, field: str, limit: int, required: bool) -> dict[str, str]:
    out = {lang: clean_text(values.get(lang)) for lang in LANGS}
    if required and not out["nb"]:
        raise InvalidInput(key="error.empty", field=f"{field} ({LANG_NAMES['nb']})")
    for lang, text in out.items():
        if len(text) > limit:  # the language by its own name: «(Nynorsk)» in every UI language
            raise InvalidInput(key="error.too_long", field=f"{field} ({LANG_NAMES[lang]})",
                               limit=limit)
    return {k: v for k, v in out.items() if v}


def _area(session: Session, area_id: int) -> ValueArea:
    area = session.get(ValueArea, area_id)
    if area is None:
        raise NotFound()
    return area


def _saved(session: Session, actor: Actor, action: str, entity: str, entity_id: int,
           before: dict, after: dict) -> None:
    changed(session)
    audit.record(session, actor=actor, action=action, entity=entity, entity_id=entity_id,
                 detail={"before": before, "after": after})


def rename_value_area(*, session: Session, actor: Actor, area_id: int,
                      names: dict[str, str]) -> None:
    """New names for a value area in bokmål (required), nynorsk and English."""
    check(actor, "framework.edit")
    area = _area(session, area_id)
    before = dict(area.names)
    area.names = _texts(names, field="navn", limit=NAME_MAX, required=True)
    session.add(area)
    _saved(session, actor, "framework.rename_area", "valuearea", area.id, before, area.names)


def set_retired(*, session: Session, actor: Actor, area_id: int, retired: bool) -> None:
    """Take a value area off the radar (or back); its scores are kept."""
    check(actor, "framework.edit")
    area = _area(session, area_id)
    before = {"retired": area.retired}
    area.retired = retired
    session.add(area)
    _saved(session, actor, "framework.retire_area", "valuearea", area.id, before,
           {"retired": retired})


def move_value_area(*, session: Session, actor: Actor, area_id: int, step: int) -> None:
    """Move a value area one place up (-1) or down (+1) on the radar."""
    check(actor, "framework.edit")
    area = _area(session, area_id)
    ordered = list(session.exec(select(ValueArea).where(
        ValueArea.programme_id == area.programme_id).order_by(ValueArea.position, ValueArea.id)))
    i = next(i for i, a in enumerate(ordered) if a.id == area.id)
    j = i + (1 if step > 0 else -1)
    if not 0 <= j < len(ordered):
        return
    ordered[i], ordered[j] = ordered[j], ordered[i]
    for position, a in enumerate(ordered, start=1):
        a.position = position
        session.add(a)
    _saved(session, actor, "framework.move_area", "valuearea", area.id, {"index": i},
           {"index": j})


def add_value_area(*, session: Session, actor: Actor, programme_id: int,
                   names: dict[str, str]) -> int:
    """A new value area at the end of the radar."""
    check(actor, "framework.edit")
    clean = _texts(names, field="navn", limit=NAME_MAX, required=True)
    key = re.sub(r"[^a-z0-9]+", "-", clean["nb"].lower()).strip("-")[:50] or "omrade"
    existing = set(session.exec(select(ValueArea.key).where(
        ValueArea.programme_id == programme_id)).all())
    base, n = key, 2
    while key in existing:
        key, n = f"{base}-{n}", n + 1
    last = max((a.position for a in session.exec(select(ValueArea).where(
        ValueArea.programme_id == programme_id))), default=0)
    # A new area starts with the generic Kommune 1.0 -> 3.0 texts; the admin rewrites them.
    area = ValueArea(programme_id=programme_id, key=key, position=last + 1, names=clean,
                     descriptions={}, level_texts=templates.generic_level_texts())
    session.add(area)
    session.flush()
    _saved(session, actor, "framework.add_area", "valuearea", area.id, {}, clean)
    return area.id


def reword_question(*, session: Session, actor: Actor, question_id: int,
                    texts: dict[str, str], help_texts: dict[str, str]) -> None:
    """New wording (and help) of a question, per language."""
    check(actor, "framework.edit")
    q = session.get(Question, question_id)
    if q is None:
        raise NotFound()
    before = {"texts": dict(q.texts), "help_texts": dict(q.help_texts)}
    q.texts = _texts(texts, field="spørsmål", limit=QUESTION_MAX, required=True)
    q.help_texts = _texts(help_texts, field="hjelpetekst", limit=QUESTION_MAX, required=False)
    session.add(q)
    _saved(session, actor, "framework.reword_question", "question", q.id, before,
           {"texts": q.texts, "help_texts": q.help_texts})


LEVEL_TEXT_MAX = 400


def set_area_texts(*, session: Session, actor: Actor, area_id: int,
                   descriptions: dict[str, str], level_texts: dict[str, dict[str, str]],
                   survey_statements: dict[str, str] | None = None) -> None:
    """A value area's description and its level texts 1-5, per language (bokmål required for
    every level, so nobody scores against a blank); and, when given, the survey's statement
    per language (a survey copies it when made, so no survey already out changes)."""
    check(actor, "framework.edit")
    area = _area(session, area_id)
    before = {"descriptions": dict(area.descriptions), "level_texts": dict(area.level_texts),
              "survey_statements": dict(area.survey_statements)}
    if survey_statements is not None:
        area.survey_statements = _texts(survey_statements, field="framework.survey_statement",
                                        limit=STATEMENT_MAX, required=False)
    area.descriptions = _texts(descriptions, field="framework.description",
                               limit=LEVEL_TEXT_MAX, required=False)
    area.level_texts = {level: _texts(level_texts.get(level, {}),
                                      field=f"framework.level_{level}", limit=LEVEL_TEXT_MAX,
                                      required=True)
                        for level in ("1", "2", "3", "4", "5")}
    session.add(area)
    _saved(session, actor, "framework.area_texts", "valuearea", area.id, before,
           {"descriptions": area.descriptions, "level_texts": area.level_texts,
            "survey_statements": area.survey_statements})
