"""What the big screen shows in the phases of a local gathering and a leader follow-up day
(issue 25 §6): what the room talks about, not one sentence of help.

- «Siden sist»: the group's actions one by one, with status and owner;
- «Logg» and «Tiltak»: the actions too (the plan the group is working on);
- «Forankring»: the anchoring entries with their status;
- «Beslutninger»: the decisions (actions) recorded in this gathering, as they are recorded
  (a new action from the gathering moves its live counter: the projector wakes);
- «Gruppa presenterer»: the group's radar, its development project and the survey line of
  each survey shown (kultur3/insight/survey_results.py), where there is one.

The projector of the gathering (staff, or its view link) may show the work of the gathering's
own municipality to the room: the live checks below are the permission, and the group's
reads are then made as the operator, since a view link is no member of the group.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from kultur3.access.permissions import OPERATOR, Actor, Resource, check
from kultur3.group import actions, anchoring, team, workspace
from kultur3.group.actions import ActionView
from kultur3.group.anchoring import AnchoringView
from kultur3.group.scoring import AreaGap
from kultur3.group.team import ProjectView
from kultur3.insight import survey_results
from kultur3.insight.survey_results import SurveyResult
from kultur3.live.state import check_live_read
from kultur3.models import GatheringStatus, Municipality, Phase

ACTION_PHASES = (Phase.SINCE_LAST, Phase.LOG, Phase.ACTIONS)
SCREENS = (*ACTION_PHASES, Phase.ANCHORING, Phase.DECISIONS, Phase.PRESENT)
# Six cards fit a 1280x720 projector in three columns at the projector's base type, as the
# answer wall's six do (kultur3/ui/wall.py; tests/browser/test_phase_screens.py measures the
# type and that the sixth card ends inside the screen); more are counted, not drawn small.
MAX_CARDS = 6


@dataclass(frozen=True)
class PhaseScreen:
    phase: Phase
    municipality: str
    actions: tuple[ActionView, ...] = ()
    more: int = 0  # cards not drawn (beyond MAX_CARDS)
    anchoring: tuple[AnchoringView, ...] = ()
    radar: tuple[AreaGap, ...] = ()
    project: ProjectView | None = None
    surveys: tuple[SurveyResult, ...] = ()
    radar_from: str | None = None  # the earlier gathering the radar is from, when not this


def phase_screen(*, session: Session, actor: Actor, gathering_id: int, lang: str = "nb",
                 today: date | None = None) -> PhaseScreen | None:
    """The current phase's content for the projector, or None where the phase has none (a
    joint gathering, or a phase the projector draws itself)."""
    g = check_live_read(session, actor, gathering_id)
    check(actor, "live.project", Resource(gathering_id=gathering_id))
    phase = Phase(g.phase)
    # The group's current work, read as OPERATOR: only while the gathering runs. A closed
    # gathering's view link (view tokens do not expire) would otherwise go on showing the
    # group's live action plan, anchoring and survey lines long after the day.
    if (g.municipality_id is None or phase not in SCREENS
            or g.status != GatheringStatus.ACTIVE):
        return None
    mid, pid = g.municipality_id, g.programme_id
    name = session.get(Municipality, mid).name
    group = {"session": session, "actor": OPERATOR, "programme_id": pid, "municipality_id": mid}
    if phase in ACTION_PHASES or phase == Phase.DECISIONS:
        made = actions.list_actions(**group, lang=lang, today=today,
                                    gathering_id=gathering_id if phase == Phase.DECISIONS
                                    else None)
        if phase == Phase.DECISIONS:  # the newest decision first: the one being recorded
            made = sorted(made, key=lambda a: -a.id)
        return PhaseScreen(phase, name, tuple(made[:MAX_CARDS]),
                           more=max(0, len(made) - MAX_CARDS))
    if phase == Phase.ANCHORING:
        entries = anchoring.entries(**group)
        return PhaseScreen(phase, name, anchoring=tuple(entries[:MAX_CARDS]),
                           more=max(0, len(entries) - MAX_CARDS))
    # Only the gaps: radar_data's band and earlier line are not drawn here, and it looked
    # the earlier gathering up a second time when this one had no scores.
    def gaps_of(gid: int):
        return workspace.gaps_from(workspace.score_sheet(
            session=session, actor=OPERATOR, gathering_id=gid, municipality_id=mid, lang=lang))
    gaps, source = gaps_of(gathering_id), None
    if not any(a.desired is not None or a.current is not None for a in gaps):
        # A leader day scores nothing itself: the group presents its latest radar.
        earlier = workspace.previous_gathering(session=session, actor=OPERATOR,
                                               gathering_id=gathering_id, municipality_id=mid)
        if earlier is not None:
            gaps, source = gaps_of(earlier.id), earlier.title
    return PhaseScreen(phase, name, radar=tuple(gaps), project=team.project(**group),
                       surveys=survey_results.group_results(**group, lang=lang),
                       radar_from=source)
