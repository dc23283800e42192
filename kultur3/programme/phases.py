"""The rules of a live gathering that every write checks: phases, input locks and the timer.

Kept apart from kultur3.live (the console and the projector) so the workspace, actions and
votes can check a lock without importing the console.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from kultur3.access.permissions import Actor, is_staff
from kultur3.core.errors import InvalidInput, Kultur3Error, PermissionDenied
from kultur3.models import Gathering, GatheringKind, GatheringStatus, Phase, Role

# Each kind of gathering has its own agenda; a facilitator adjusts it per gathering.
AGENDAS: dict[GatheringKind, tuple[Phase, ...]] = {
    GatheringKind.FELLESSAMLING: (Phase.WELCOME, Phase.Q1, Phase.Q2, Phase.Q3, Phase.SCORING,
                                  Phase.Q4, Phase.PRIORITISING, Phase.SUMMARY),
    GatheringKind.LOKAL_SAMLING: (Phase.WELCOME, Phase.SINCE_LAST, Phase.LOG, Phase.RESCORE,
                                  Phase.ACTIONS, Phase.SUMMARY),
    GatheringKind.LEDEROPPFOLGING: (Phase.WELCOME, Phase.PRESENT, Phase.ANCHORING,
                                    Phase.DECISIONS, Phase.SUMMARY),
}
PHASES: tuple[Phase, ...] = AGENDAS[GatheringKind.FELLESSAMLING]
# The steps of the local gathering and the leaders' follow-up: each has a help text
# («phase_help.…») that the projector shows and the group's screen puts above its content.
GUIDED: tuple[Phase, ...] = tuple(p for kind in (GatheringKind.LOKAL_SAMLING,
                                                 GatheringKind.LEDEROPPFOLGING)
                                  for p in AGENDAS[kind] if p not in (Phase.WELCOME, Phase.SUMMARY))
TIMER_MAX_S = 3 * 60 * 60


def agenda_of(gathering: Gathering) -> tuple[Phase, ...]:
    """This gathering's phases in order: its own list, else its kind's."""
    own = [Phase(p) for p in gathering.agenda or [] if p in Phase._value2member_map_]
    return tuple(own) or AGENDAS[GatheringKind(gathering.kind)]


def next_phase(phase: str, agenda: tuple[Phase, ...] = PHASES) -> Phase:
    """The phase after this one on the agenda (the last one stays; off the agenda: the first)."""
    if Phase(phase) not in agenda:
        return agenda[0]
    index = agenda.index(Phase(phase))
    return agenda[min(index + 1, len(agenda) - 1)]


def previous_phase(phase: str, agenda: tuple[Phase, ...] = PHASES) -> Phase:
    """The phase before this one on the agenda (the first one stays)."""
    if Phase(phase) not in agenda:
        return agenda[0]
    index = agenda.index(Phase(phase))
    return agenda[max(index - 1, 0)]


def check_agenda(phases: list[str]) -> list[str]:
    """A valid agenda: known phases, each once, at least one."""
    clean = [p for p in phases if p]
    if not clean:
        raise InvalidInput(key="live.agenda_empty")
    if any(p not in Phase._value2member_map_ for p in clean) or len(set(clean)) != len(clean):
        raise InvalidInput(key="live.agenda_invalid")
    return clean


def phase_of_question(number: int) -> Phase:
    """The phase in which a question is answered in plenary."""
    return {1: Phase.Q1, 2: Phase.Q2, 3: Phase.Q3, 4: Phase.Q4}.get(number, Phase.Q4)


class _Lockable(Protocol):
    """What the lock reads: a Gathering row (the services) or a LiveState (the screens)."""

    locked_phases: Sequence[str] | None
    code_joining: bool
    status: str


def input_refusal(actor: Actor, gathering: _Lockable, phase: Phase) -> Kultur3Error | None:
    """The live write lock, the one rule: why this actor may not write into this phase now,
    or None. Staff may always write (to correct on a group's behalf); a participant joined by
    code only while code-joining is on and the gathering is not closed; nobody else into a
    phase the facilitator locked. The services raise it (check_input_open); the group screen
    disables its inputs by it (kultur3.live.state.input_locked)."""
    if is_staff(actor):
        return None
    if actor.role == Role.PARTICIPANT and (
            not gathering.code_joining or gathering.status == GatheringStatus.CLOSED):
        return PermissionDenied(key="live.joining_closed")
    if Phase(phase).value in (gathering.locked_phases or []):
        return InvalidInput(key="live.input_locked", phase=Phase(phase).value)
    return None


def check_input_open(actor: Actor, gathering: Gathering, phase: Phase) -> None:
    """Refuse a write into a locked phase (input_refusal)."""
    refusal = input_refusal(actor, gathering, phase)
    if refusal is not None:
        raise refusal


# --- The timer --------------------------------------------------------------------------------


def now_ms() -> int:
    """The server's clock in epoch milliseconds: the one clock every screen's timer reads."""
    return int(time.time() * 1000)


@dataclass(frozen=True)
class TimerState:
    running: bool
    remaining_s: int | None  # None: no timer set

    @property
    def label(self) -> str:
        """mm:ss (h:mm:ss past an hour); an empty string when no timer is set."""
        if self.remaining_s is None:
            return ""
        minutes, seconds = divmod(max(self.remaining_s, 0), 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"

    @property
    def finished(self) -> bool:
        return self.remaining_s == 0


def timer_from(running: bool, ends_ms: int | None, remaining_s: int | None,
               now: int | None = None) -> TimerState:
    """What every screen shows, computed from the server's clock."""
    if running and ends_ms is not None:
        left_ms = ends_ms - (now if now is not None else now_ms())
        return TimerState(True, max(0, -(-left_ms // 1000)))  # round up: 0 only when done
    return TimerState(False, remaining_s)


def timer_state(gathering: Gathering, now: int | None = None) -> TimerState:
    """The gathering's timer now."""
    return timer_from(gathering.timer_running, gathering.timer_ends_ms,
                      gathering.timer_remaining_s, now)


def _check_seconds(seconds: int) -> int:
    seconds = int(seconds)
    if not 1 <= seconds <= TIMER_MAX_S:
        raise InvalidInput(key="live.timer_range", limit=TIMER_MAX_S // 60)
    return seconds


def timer_start(gathering: Gathering, seconds: int, now: int) -> None:
    """Start a countdown of `seconds` from now."""
    seconds = _check_seconds(seconds)
    gathering.timer_running = True
    gathering.timer_ends_ms = now + seconds * 1000
    gathering.timer_remaining_s = None


def timer_pause(gathering: Gathering, now: int) -> None:
    """Freeze the countdown where it is."""
    state = timer_state(gathering, now)
    gathering.timer_running = False
    gathering.timer_ends_ms = None
    gathering.timer_remaining_s = state.remaining_s


def timer_resume(gathering: Gathering, now: int) -> None:
    """Continue a paused countdown."""
    if gathering.timer_running or not gathering.timer_remaining_s:
        return
    gathering.timer_running = True
    gathering.timer_ends_ms = now + gathering.timer_remaining_s * 1000
    gathering.timer_remaining_s = None


def timer_add(gathering: Gathering, seconds: int, now: int) -> None:
    """Add time: to a running, paused or finished timer (a finished one starts again)."""
    seconds = int(seconds)
    state = timer_state(gathering, now)
    if state.remaining_s is None or (state.running and state.finished):
        timer_start(gathering, seconds, now)
    elif state.running:
        gathering.timer_ends_ms = (gathering.timer_ends_ms or now) + seconds * 1000
    else:
        gathering.timer_remaining_s = min(TIMER_MAX_S, state.remaining_s + seconds)


def timer_reset(gathering: Gathering) -> None:
    """No timer."""
    gathering.timer_running = False
    gathering.timer_ends_ms = None
    gathering.timer_remaining_s = None
