"""One answer full-screen on the projector: the facilitator puts it there from the console
and steps through the wall one answer at a time (◀ ▶), or goes back to the whole wall."""

from __future__ import annotations

from sqlmodel import Session

from kultur3.access.permissions import Actor
from kultur3.core.errors import InvalidInput, NotFound
from kultur3.live.console import _changed, staff_gathering
from kultur3.live.room import WallCard
from kultur3.models import Answer


def set_answer_spotlight(*, session: Session, actor: Actor, gathering_id: int,
                         answer_id: int | None) -> None:
    """Show one answer of this gathering big (None: the wall again). A hidden answer cannot
    be put there; hiding the spotlit answer takes it off the projector (its wall drops hidden
    answers, and the projector shows the wall when the spotlit one is not on it)."""
    g = staff_gathering(session, actor, gathering_id)
    if answer_id is not None:
        answer = session.get(Answer, answer_id)
        if answer is None or answer.gathering_id != gathering_id:
            raise NotFound()
        if answer.hidden:
            raise InvalidInput(key="live.spotlight_hidden")
    g.spotlight_answer_id = answer_id
    _changed(session, actor, g, "answer_spotlight", {"answer": answer_id})


def step(cards: list[WallCard], current: int | None, delta: int) -> int | None:
    """The answer delta steps from current among the visible cards, in wall order (newest
    first, as the projector shows them), wrapping round; the first one when none is shown."""
    visible = [c.answer_id for c in cards if not c.hidden]
    if not visible:
        return None
    if current not in visible:
        return visible[0]
    return visible[(visible.index(current) + delta) % len(visible)]
