"""Moderation in the room: an answer taken off the projector (the group keeps its text, the
reason is kept), and put back."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session

from kultur3.access import audit
from kultur3.access.permissions import Actor, check
from kultur3.core.errors import InvalidInput, NotFound
from kultur3.core.validation import build
from kultur3.live.state import check_staff_programme
from kultur3.models import Answer, Gathering
from kultur3.models.inputs import REASON_MAX, HideReasonIn
from kultur3.store.archive_guard import check_writable
from kultur3.store.changed import changed

__all__ = ["REASON_MAX", "hide_answer", "restore_answer"]


def staff_row(session: Session, actor: Actor, model, row_id: int):
    """A row of the room (an answer, an activity entry: anything with a gathering_id), for
    staff of its gathering's programme; refused when its programme is archived: moderation
    writes bare UPDATE statements, which the archive guard's flush hook never sees."""
    check(actor, "live.moderate")
    row = session.get(model, row_id)
    if row is None:
        raise NotFound()
    programme_id = session.get(Gathering, row.gathering_id).programme_id
    check_staff_programme(session, actor, programme_id)
    check_writable(session, programme_id)
    return row


def _staff_answer(session: Session, actor: Actor, answer_id: int) -> Answer:
    return staff_row(session, actor, Answer, answer_id)


def hide_answer(*, session: Session, actor: Actor, answer_id: int, reason: str) -> None:
    """Take an answer off the projector; the group keeps its text and the reason is kept."""
    answer = _staff_answer(session, actor, answer_id)
    reason = " ".join((reason or "").split())
    if not reason:
        raise InvalidInput(key="live.reason_needed")
    reason = build(HideReasonIn, reason=reason).reason
    session.exec(update(Answer).where(Answer.id == answer_id)  # type: ignore[call-overload]
                 .values(hidden=True, hidden_reason=reason))
    changed(session, gathering_id=answer.gathering_id)
    audit.record(session, actor=actor, action="live.hide_answer", entity="answer",
                 entity_id=answer_id, detail={"reason": reason})


def restore_answer(*, session: Session, actor: Actor, answer_id: int) -> None:
    """Put a hidden answer back on the projector (the reason stays in the log)."""
    answer = _staff_answer(session, actor, answer_id)
    session.exec(update(Answer).where(Answer.id == answer_id)  # type: ignore[call-overload]
                 .values(hidden=False))
    changed(session, gathering_id=answer.gathering_id)
    audit.record(session, actor=actor, action="live.restore_answer", entity="answer",
                 entity_id=answer_id, detail={"reason": answer.hidden_reason})
