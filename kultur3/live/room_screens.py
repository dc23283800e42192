"""The room's screens beyond the phase (issue 25 §4 and §7).

- The wall's pause (WCAG 2.2.2): the wall turns its pages every 12 s; the console and the
  projector (space) stop and start it, kept per gathering so both show the same.
- «Hver for seg først»: per question the facilitator lets each phone write its own idea
  first (stage "solo": nobody else sees it), then the group screen shows the group's ideas
  side by side (stage "together") and the group writes its shared answer (an Answer, as
  before). The projector shows only the shared answers unless the facilitator shows the
  ideas. An idea is personal data: it goes with its account or participant
  (kultur3/privacy/personal_data.py, retention.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from kultur3.access import audit
from kultur3.access.permissions import (
    Actor,
    Resource,
    check,
    check_read,
    check_write,
)
from kultur3.core.errors import InvalidInput, NotFound, PermissionDenied
from kultur3.core.validation import clean_text
from kultur3.group import workspace
from kultur3.live.console import staff_gathering
from kultur3.live.state import check_live_read, gathering_municipalities
from kultur3.models import IDEA_MAX, Gathering, Idea, Question, Role, RoomScreen, utcnow
from kultur3.programme import phases
from kultur3.store.archive_guard import check_writable
from kultur3.store.changed import changed

SOLO, TOGETHER = "solo", "together"
STAGES = (SOLO, TOGETHER)


@dataclass(frozen=True)
class ScreenSettings:
    gathering_id: int
    wall_paused: bool = False
    idea_stages: tuple[tuple[int, str], ...] = ()  # (question number, stage)
    ideas_shown: tuple[int, ...] = ()

    def stage(self, number: int | None) -> str | None:
        """"solo", "together" or None (the question is answered by the group directly)."""
        return dict(self.idea_stages).get(number) if number else None


@dataclass(frozen=True)
class IdeaCard:
    idea_id: int
    municipality: str | None  # None on an anonymous projector
    text: str
    mine: bool = False


def _settings(session: Session, gathering_id: int) -> ScreenSettings:
    row = session.get(RoomScreen, gathering_id)
    if row is None:
        return ScreenSettings(gathering_id)
    stages = tuple(sorted((int(k), v) for k, v in (row.idea_stages or {}).items()
                          if v in STAGES and str(k).isdigit()))
    return ScreenSettings(gathering_id, row.wall_paused, stages,
                          tuple(sorted(int(n) for n in row.ideas_shown or [])))


def screen_settings(*, session: Session, actor: Actor, gathering_id: int) -> ScreenSettings:
    """What the room's screens show beyond the phase, for any screen that follows the room."""
    check_live_read(session, actor, gathering_id)
    return _settings(session, gathering_id)


def _row(session: Session, gathering_id: int) -> RoomScreen:
    row = session.get(RoomScreen, gathering_id)
    if row is None:
        row = RoomScreen(gathering_id=gathering_id)
        session.add(row)
    return row


def set_wall_paused(*, session: Session, actor: Actor, gathering_id: int, paused: bool
                    ) -> None:
    """Stop or start the wall's page turning. The console's staff, or the projector's own
    view link (the screen in the room, where someone presses space)."""
    check(actor, "live.pause", Resource(gathering_id=gathering_id))
    g = check_live_read(session, actor, gathering_id)
    check_writable(session, g.programme_id)
    row = _row(session, gathering_id)
    before = row.wall_paused
    row.wall_paused = bool(paused)
    session.add(row)
    session.flush()
    changed(session, gathering_id=gathering_id)  # the projector and the console wake
    audit.record(session, actor=actor, action="live.wall_paused", entity="gathering",
                 entity_id=gathering_id, detail={"before": before, "after": bool(paused)})


# The questions answered with one shared text after each has written alone: 1–3 (question 4
# is written with the gap on the screen, after the scoring).
IDEA_QUESTIONS = (1, 2, 3)


def _number(number: int) -> int:
    if int(number) not in IDEA_QUESTIONS:
        raise InvalidInput(key="error.invalid_input")
    return int(number)


def set_idea_stage(*, session: Session, actor: Actor, gathering_id: int, question_number: int,
                   stage: str | None) -> None:
    """«Hver for seg først» for one question: "solo", "together" or None (off; ideas already
    written stay, and the group screen keeps showing them)."""
    number = _number(question_number)
    if stage not in (*STAGES, None):
        raise InvalidInput(key="error.invalid_input")
    staff_gathering(session, actor, gathering_id)
    row = _row(session, gathering_id)
    stages = dict(row.idea_stages or {})
    before = stages.get(str(number))
    if stage is None:
        stages.pop(str(number), None)
    else:
        stages[str(number)] = stage
    row.idea_stages = stages  # a new dict: the JSON column sees the change
    session.add(row)
    session.flush()
    changed(session, gathering_id=gathering_id, phase=True)  # the group screens follow
    audit.record(session, actor=actor, action="live.idea_stage", entity="gathering",
                 entity_id=gathering_id,
                 detail={"question": number, "before": before, "after": stage})


def set_ideas_shown(*, session: Session, actor: Actor, gathering_id: int, question_number: int,
                    shown: bool) -> None:
    """Whether the projector shows the ideas of a question beside the shared answers."""
    number = _number(question_number)
    staff_gathering(session, actor, gathering_id)
    row = _row(session, gathering_id)
    numbers = {int(n) for n in row.ideas_shown or []}
    before = number in numbers
    (numbers.add if shown else numbers.discard)(number)
    row.ideas_shown = sorted(numbers)
    session.add(row)
    session.flush()
    changed(session, gathering_id=gathering_id, phase=True)
    audit.record(session, actor=actor, action="live.ideas_shown", entity="gathering",
                 entity_id=gathering_id,
                 detail={"question": number, "before": before, "after": bool(shown)})


def _author_key(actor: Actor, device_key: str, municipality_id: int) -> str:
    """Whose idea: a participant joined by code is itself; an account is itself on this
    browser (its device key) for this group: a group's login open on two phones is two
    people writing privately, and staff writing for two groups keep one idea each."""
    if actor.role == Role.PARTICIPANT and actor.participant_id is not None:
        return f"p{actor.participant_id}"
    if actor.user_id is not None:
        device = hashlib.sha256(f"{(device_key or '')[:64]}:{int(municipality_id)}".encode())
        return f"u{actor.user_id}-{device.hexdigest()[:10]}"
    raise PermissionDenied()


def _question(session: Session, g: Gathering, question_id: int) -> Question:
    q = session.get(Question, question_id)
    if q is None or q.programme_id != g.programme_id:
        raise NotFound()
    return q


def save_idea(*, session: Session, actor: Actor, gathering_id: int, municipality_id: int,
              question_id: int, text: str, device_key: str = "") -> None:
    """Save the actor's own idea for a question while the question is in its "solo" stage
    (an empty text removes it). Nobody else sees it until the stage is "together"."""
    check_write(actor, municipality_id, gathering_id, session=session)
    key = _author_key(actor, device_key, municipality_id)
    g = workspace.check_gathering(session, gathering_id, municipality_id)
    q = _question(session, g, question_id)
    check_writable(session, g.programme_id)
    phases.check_input_open(actor, g, phases.phase_of_question(q.number))
    if _settings(session, gathering_id).stage(q.number) != SOLO:
        raise InvalidInput(key="ideas.not_solo")
    text = clean_text(text)
    if len(text) > IDEA_MAX:
        raise InvalidInput(key="error.too_long", field="ideas.mine", limit=IDEA_MAX)
    row = session.exec(select(Idea).where(Idea.gathering_id == gathering_id,
                                          Idea.question_id == question_id,
                                          Idea.author_key == key)).first()
    if row is None and not text:
        return
    if row is not None and row.text == text:
        return
    if row is None:
        row = Idea(gathering_id=gathering_id, municipality_id=municipality_id,
                   question_id=question_id, author_key=key, text=text,
                   user_id=actor.user_id if key.startswith("u") else None,
                   participant_id=actor.participant_id if key.startswith("p") else None)
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:  # the same person's other send got in first: this one wins
            row = session.exec(select(Idea).where(Idea.gathering_id == gathering_id,
                                                  Idea.question_id == question_id,
                                                  Idea.author_key == key)).one()
            row.text, row.updated_at = text, utcnow()
            session.add(row)
    elif text:
        row.text, row.updated_at = text, utcnow()
        session.add(row)
    else:
        session.delete(row)
    session.flush()
    changed(session, gathering_id=gathering_id)
    audit.record(session, actor=actor, action="ideas.save", entity="idea",
                 entity_id=row.id, detail={"question_id": question_id, "chars": len(text)})


def my_idea(*, session: Session, actor: Actor, gathering_id: int, municipality_id: int,
            question_id: int, device_key: str = "") -> str:
    """The actor's own idea for a question ("" before it wrote one)."""
    check_read(actor, municipality_id, gathering_id, session=session)
    if actor.role != Role.PARTICIPANT and actor.user_id is None:
        return ""
    return session.exec(select(Idea.text).where(
        Idea.gathering_id == gathering_id, Idea.question_id == question_id,
        Idea.author_key == _author_key(actor, device_key, municipality_id))).first() or ""


def group_ideas(*, session: Session, actor: Actor, gathering_id: int, municipality_id: int,
                question_id: int, device_key: str = "") -> tuple[int, list[IdeaCard]]:
    """How many ideas the group has written, and their texts once the stage is "together"
    (before that only the count: each writes privately). Unnamed: the group reads the ideas,
    not who had which."""
    check_read(actor, municipality_id, gathering_id, session=session)
    g = workspace.check_gathering(session, gathering_id, municipality_id)
    q = _question(session, g, question_id)
    rows = session.exec(select(Idea).where(
        Idea.gathering_id == gathering_id, Idea.question_id == question_id,
        Idea.municipality_id == municipality_id).order_by(Idea.created_at, Idea.id)).all()
    if _settings(session, gathering_id).stage(q.number) == SOLO:  # staff too: private
        return len(rows), []
    mine = None
    if actor.role == Role.PARTICIPANT or actor.user_id is not None:
        mine = _author_key(actor, device_key, municipality_id)
    return len(rows), [IdeaCard(r.id, None, r.text, r.author_key == mine) for r in rows]


def room_ideas(*, session: Session, actor: Actor, gathering_id: int, question_number: int,
               ) -> list[IdeaCard]:
    """Every group's ideas for a question, for the projector: only when the facilitator shows
    them (and the question is not in its solo stage), by municipality unless anonymous."""
    g = check_live_read(session, actor, gathering_id)
    check(actor, "live.project", Resource(gathering_id=gathering_id))
    settings = _settings(session, gathering_id)
    if question_number not in settings.ideas_shown or settings.stage(question_number) == SOLO:
        return []
    q = session.exec(select(Question).where(Question.programme_id == g.programme_id,
                                            Question.number == question_number)).first()
    if q is None:
        return []
    names = dict(gathering_municipalities(session=session, gathering_id=gathering_id))
    rows = session.exec(select(Idea).where(
        Idea.gathering_id == gathering_id, Idea.question_id == q.id,
        col(Idea.municipality_id).in_(list(names) or [-1])).order_by(
        Idea.municipality_id, Idea.created_at, Idea.id)).all()
    return [IdeaCard(r.id, None if g.anonymous else names[r.municipality_id], r.text)
            for r in rows]
