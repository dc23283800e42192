"""A programme's life: create (from a template or a copy of another programme's framework),
edit, move through planned -> active -> closed -> archived, enrol municipalities, give staff
access. Every write is audited; the command line acts with actor None (the operator)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, func, select

from kultur3.access import audit
from kultur3.access.enrolment import enrolled_ids
from kultur3.access.permissions import Actor, check
from kultur3.core.errors import InvalidInput, NotFound
from kultur3.core.validation import build, clean_text
from kultur3.models import (
    FocusArea,
    Municipality,
    Participation,
    Programme,
    ProgrammeAccess,
    ProgrammeStatus,
    Question,
    User,
    ValueArea,
    utcnow,
)
from kultur3.models.inputs import ProgrammeIn
from kultur3.programme import catalogue, templates
from kultur3.store.changed import changed

# Where a status may go next: forward one step, or back one step to undo a mistake.
TRANSITIONS: dict[ProgrammeStatus, tuple[ProgrammeStatus, ...]] = {
    ProgrammeStatus.PLANNED: (ProgrammeStatus.ACTIVE,),
    ProgrammeStatus.ACTIVE: (ProgrammeStatus.CLOSED, ProgrammeStatus.PLANNED),
    ProgrammeStatus.CLOSED: (ProgrammeStatus.ARCHIVED, ProgrammeStatus.ACTIVE),
    ProgrammeStatus.ARCHIVED: (ProgrammeStatus.CLOSED,),
}
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "–": "-", "—": "-"})


@dataclass(frozen=True)
class ProgrammeInput:
    name: str
    description: str = ""
    starts_on: date | None = None
    ends_on: date | None = None


def slugify(name: str) -> str:
    """A URL-safe slug: «Kulturskole 3.0 – Vestland 2027» -> kulturskole-3-0-vestland-2027."""
    folded = unicodedata.normalize("NFKD", name.lower().translate(_FOLD))
    ascii_only = folded.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")[:50] or "program"


def _checked(session: Session, data: ProgrammeInput, programme_id: int | None = None
             ) -> ProgrammeInput:
    checked = build(ProgrammeIn, name=data.name or "", description=data.description or "")
    name, description = checked.name, checked.description
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        raise InvalidInput(key="programme.bad_period")
    same = session.exec(select(Programme.id).where(
        func.lower(Programme.name) == name.lower())).first()
    if same is not None and same != programme_id:
        raise InvalidInput(key="programme.duplicate_name", name=name)
    return ProgrammeInput(name=name, description=description, starts_on=data.starts_on,
                          ends_on=data.ends_on)


def _unique_slug(session: Session, name: str) -> str:
    base = slug = slugify(name)
    n = 2
    while session.exec(select(Programme.id).where(Programme.slug == slug)).first() is not None:
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_programme(*, session: Session, actor: Actor, data: ProgrammeInput,
                     template: str | None = templates.DEFAULT_TEMPLATE,
                     copy_from: str | None = None, is_demo: bool = False) -> Programme:
    """A new programme (status planned) with the built-in framework, or a copy of another
    programme's framework (questions, active value areas, focus areas; never its work)."""
    check(actor, "programme.create")
    clean = _checked(session, data)
    source = None
    if copy_from:
        source = session.exec(select(Programme).where(Programme.slug == copy_from)).first()
        if source is None:
            raise NotFound(key="programme.unknown", slug=copy_from)
    elif template not in templates.TEMPLATES:
        raise InvalidInput(key="programme.unknown_template", template=template or "")
    programme = Programme(slug=_unique_slug(session, clean.name), name=clean.name,
                          description=clean.description, starts_on=clean.starts_on,
                          ends_on=clean.ends_on, is_demo=is_demo)
    session.add(programme)
    session.flush()
    if source is not None:
        _copy_framework(session, source.id, programme.id)
    else:
        _template_framework(session, programme.id)
    session.flush()
    changed(session)
    audit.record(session, actor=actor, action="programme.create", entity="programme",
                 entity_id=programme.id, detail={"name": clean.name, "slug": programme.slug,
                                                 "template": None if source else template,
                                                 "copy_from": copy_from})
    return programme


def _template_framework(session: Session, programme_id: int) -> None:
    for q in templates.QUESTIONS:
        session.add(Question(programme_id=programme_id, **q))
    for pos, area in enumerate(templates.VALUE_AREAS, start=1):
        session.add(ValueArea(programme_id=programme_id, position=pos, **area))
    for pos, focus in enumerate(templates.FOCUS_AREAS, start=1):
        session.add(FocusArea(programme_id=programme_id, position=pos, **focus))


def _copy_framework(session: Session, source_id: int, programme_id: int) -> None:
    for q in session.exec(select(Question).where(Question.programme_id == source_id)):
        session.add(Question(programme_id=programme_id, number=q.number, texts=dict(q.texts),
                             help_texts=dict(q.help_texts)))
    areas = session.exec(select(ValueArea).where(
        ValueArea.programme_id == source_id, col(ValueArea.retired).is_(False))
        .order_by(ValueArea.position, ValueArea.id)).all()
    for pos, a in enumerate(areas, start=1):
        session.add(ValueArea(programme_id=programme_id, key=a.key, position=pos,
                              names=dict(a.names), descriptions=dict(a.descriptions),
                              level_texts={k: dict(v) for k, v in a.level_texts.items()},
                              survey_statements=dict(a.survey_statements)))
    for f in session.exec(select(FocusArea).where(FocusArea.programme_id == source_id)):
        session.add(FocusArea(programme_id=programme_id, key=f.key, position=f.position,
                              names=dict(f.names)))


def _programme(session: Session, programme_id: int) -> Programme:
    p = session.get(Programme, programme_id)
    if p is None:
        raise NotFound()
    return p


def by_slug(*, session: Session, slug: str) -> Programme:
    """A programme by its slug; NotFound naming the slug otherwise."""
    p = session.exec(select(Programme).where(Programme.slug == slug)).first()
    if p is None:
        raise NotFound(key="programme.unknown", slug=slug)
    return p


def update_programme(*, session: Session, actor: Actor, programme_id: int,
                     data: ProgrammeInput) -> None:
    """New name, description or period."""
    check(actor, "programme.edit")
    p = _programme(session, programme_id)
    clean = _checked(session, data, programme_id)
    before = {"name": p.name, "description": p.description,
              "starts_on": str(p.starts_on or ""), "ends_on": str(p.ends_on or "")}
    p.name, p.description = clean.name, clean.description
    p.starts_on, p.ends_on = clean.starts_on, clean.ends_on
    session.add(p)
    changed(session)
    audit.record(session, actor=actor, action="programme.update", entity="programme",
                 entity_id=p.id, detail={"before": before, "after": {
                     "name": p.name, "description": p.description,
                     "starts_on": str(p.starts_on or ""), "ends_on": str(p.ends_on or "")}})


def set_status(*, session: Session, actor: Actor, programme_id: int,
               status: ProgrammeStatus) -> None:
    """Move a programme one step on planned -> active -> closed -> archived (or one back)."""
    check(actor, "programme.edit")
    p = _programme(session, programme_id)
    current, wanted = ProgrammeStatus(p.status), ProgrammeStatus(status)
    if wanted not in TRANSITIONS[current]:
        raise InvalidInput(key="programme.bad_transition", before=current.value,
                           after=wanted.value)
    p.status = wanted
    p.archived_at = utcnow() if wanted == ProgrammeStatus.ARCHIVED else None
    session.add(p)
    session.flush()
    changed(session)
    audit.record(session, actor=actor, action="programme.status", entity="programme",
                 entity_id=p.id, detail={"before": current.value, "after": wanted.value})


def enrol(*, session: Session, actor: Actor, programme_id: int, numbers: list[str],
          focus_key: str | None = None) -> list[str]:
    """Enrol municipalities by kommunenummer; all or nothing. Returns the names enrolled
    (already enrolled ones are left as they are)."""
    check(actor, "programme.enrol")
    catalogue.check_programme(session=session, actor=actor, programme_id=programme_id)
    p = _programme(session, programme_id)
    if ProgrammeStatus(p.status) == ProgrammeStatus.ARCHIVED:
        raise InvalidInput(key="error.programme_archived")
    wanted = [clean_text(n) for n in numbers if clean_text(n)]
    if not wanted:
        raise InvalidInput(key="error.empty", field="common.number")
    found = {m.number: m for m in session.exec(
        select(Municipality).where(col(Municipality.number).in_(wanted))).all()}
    for number in wanted:  # every number checked before anything is written
        if number not in found or found[number].retired:
            raise NotFound(key="error.unknown_municipality", number=number)
    focus_id = None
    if focus_key:
        focus_id = session.exec(select(FocusArea.id).where(
            FocusArea.programme_id == programme_id, FocusArea.key == focus_key)).first()
        if focus_id is None:
            raise InvalidInput(key="programme.unknown_focus", focus=focus_key)
    enrolled = enrolled_ids(session, programme_id)
    added = []
    for number in dict.fromkeys(wanted):
        m = found[number]
        if m.id in enrolled:
            continue
        session.add(Participation(programme_id=programme_id, municipality_id=m.id,
                                  focus_area_id=focus_id))
        added.append(m.name)
    session.flush()
    changed(session)
    audit.record(session, actor=actor, action="participation.enrol", entity="programme",
                 entity_id=programme_id, detail={"municipalities": wanted})
    return added


def grant_access(*, session: Session, actor: Actor, programme_id: int, user_id: int
                 ) -> None:
    """A facilitator or leader takes part in the programme (idempotent)."""
    check(actor, "programme.staff")
    _programme(session, programme_id)
    if session.get(User, user_id) is None:
        raise NotFound()
    if session.get(ProgrammeAccess, (programme_id, user_id)) is None:
        session.add(ProgrammeAccess(programme_id=programme_id, user_id=user_id))
        session.flush()
        changed(session)
        audit.record(session, actor=actor, action="programme.access", entity="programme",
                     entity_id=programme_id, detail={"user_id": user_id})
