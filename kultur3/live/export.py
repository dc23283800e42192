"""Everything a gathering produced, as tables for CSV and Excel, at any moment."""

from __future__ import annotations

from collections import Counter, defaultdict

import pandas as pd
from sqlmodel import Session, col, select

from kultur3.access.permissions import Actor, check
from kultur3.core.i18n import t
from kultur3.live import room_vote, themes
from kultur3.live.activity_results import ENTRY_COLUMNS, entries_frame
from kultur3.live.state import _gathering, check_staff_programme
from kultur3.models import (
    Action,
    ActionStatus,
    ActionValueArea,
    Answer,
    Member,
    Question,
    Score,
    ScoreKind,
    Vote,
)
from kultur3.programme import catalogue
from kultur3.programme.templates import localized

# Column headings and labels, each translated as `export.<key>`.
ANSWER_COLUMNS = ("municipality", "question", "value_area", "answer", "hidden", "reason", "changed",
                  "by_staff")
SCORE_COLUMNS = ("municipality", "value_area", "kind", "who", "value", "by_staff")
VOTE_COLUMNS = ("municipality", "kind", "target", "dots")
ACTION_COLUMNS = ("municipality", "action", "value_areas", "owner", "deadline", "status",
                  "priority", "description", "by_staff")
THEME_COLUMNS = ("question", "theme", "municipality", "answer", "hidden")
ROOM_VOTE_COLUMNS = ("room_vote", "room_vote_kind", "target", "dots", "voters")
SHEETS = ("sheet_answers", "sheet_scores", "sheet_votes", "sheet_actions", "sheet_themes",
          "sheet_room_votes", "sheet_activities")
ACTIVITY_KINDS = ("kind_poll", "kind_multi", "kind_scale", "kind_words", "kind_open")
EXPORT_KEYS = frozenset((*ANSWER_COLUMNS, *SCORE_COLUMNS, *VOTE_COLUMNS, *ACTION_COLUMNS, *SHEETS,
                         *THEME_COLUMNS, *ROOM_VOTE_COLUMNS, *ENTRY_COLUMNS, *ACTIVITY_KINDS,
                         "yes", "group", "room", "action", "value_area"))


def export_frames(*, session: Session, actor: Actor, gathering_id: int, lang: str = "nb"
                  ) -> dict[str, pd.DataFrame]:
    """The gathering's answers, scores, votes and actions as tables, at any moment; headings
    and labels in the session's language. Reads only this gathering's rows."""
    check(actor, "live.export")
    g = _gathering(session, gathering_id)
    check_staff_programme(session, actor, g.programme_id)

    def tr(key: str) -> str:
        return t(f"export.{key}", lang)

    def staff(entered_by_id: int | None) -> str:
        """Entered by staff on the group's behalf: marked, as the screens mark it."""
        return tr("yes") if entered_by_id is not None else ""

    names = {p.municipality_id: p.name for p in catalogue.participants(
        session=session, programme_id=g.programme_id)}  # also any dropped from the gathering
    areas = {a.id: localized(a.names, lang) for a in catalogue.value_areas(
        session=session, programme_id=g.programme_id, include_retired=True)}
    numbers = dict(session.exec(select(Question.id, Question.number).where(
        Question.programme_id == g.programme_id)).all())
    answers = pd.DataFrame(
        [(names.get(a.municipality_id), numbers.get(a.question_id), areas.get(a.value_area_id, ""),
          a.text, tr("yes") if a.hidden else "", a.hidden_reason if a.hidden else "",
          a.updated_at.strftime("%Y-%m-%d %H:%M"), staff(a.entered_by_id))
         for a in session.exec(select(Answer).where(Answer.gathering_id == gathering_id)
                               .order_by(Answer.municipality_id, Answer.question_id)).all()],
        columns=[tr(k) for k in ANSWER_COLUMNS])
    rows = session.exec(select(Score, Member.name).join(Member, isouter=True)
                        .where(Score.gathering_id == gathering_id)
                        .order_by(Score.municipality_id, Score.value_area_id)).all()
    scores = pd.DataFrame(
        [(names.get(s.municipality_id), areas.get(s.value_area_id),
          t(f"common.{ScoreKind(s.kind).value}", lang),
          tr("group") if s.is_group else (member or tr("room")), s.value,
          staff(s.entered_by_id)) for s, member in rows],
        columns=[tr(k) for k in SCORE_COLUMNS])
    acts = session.exec(select(Action).where(Action.source_gathering_id == gathering_id,
                                             col(Action.deleted_at).is_(None))
                        .order_by(Action.municipality_id, Action.id)).all()
    titles = {a.id: a.title for a in acts}  # dots go only to actions made in this gathering
    votes = pd.DataFrame(
        [(names.get(mid), tr("action") if kind == "action" else tr("value_area"),
          titles.get(tid, "") if kind == "action" else areas.get(tid, ""), n)
         for (mid, kind, tid), n in sorted(Counter(session.exec(
             select(Vote.municipality_id, Vote.target_kind, Vote.target_id)
             .where(Vote.gathering_id == gathering_id)).all()).items())
         if kind != "action" or tid in titles],  # a removed action's dots are left out
        columns=[tr(k) for k in VOTE_COLUMNS])
    links: dict[int, list[str]] = defaultdict(list)
    for aid, vid in session.exec(select(ActionValueArea.action_id, ActionValueArea.value_area_id)
                                 .where(col(ActionValueArea.action_id).in_(list(titles) or [-1]))
                                 ).all():
        links[aid].append(areas.get(vid, ""))
    actions_frame = pd.DataFrame(
        [(names.get(a.municipality_id), a.title, ", ".join(links[a.id]), a.owner_text or "",
          a.deadline, t(f"action_status.{ActionStatus(a.status).value}", lang), a.priority,
          a.description, staff(a.entered_by_id)) for a in acts],
        columns=[tr(k) for k in ACTION_COLUMNS])
    # A themed answer hidden since (personal data) is marked as on the answers sheet.
    themed = pd.DataFrame([(n, label, names.get(mid), text, tr("yes") if hidden else "")
                           for n, label, mid, _, text, hidden
                           in themes.theme_rows(session, gathering_id)],
                          columns=[tr(k) for k in THEME_COLUMNS])
    room_votes = pd.DataFrame([(vid, t(f"room_vote.kind_{kind}", lang), target, dots, voters)
                               for vid, kind, target, dots, voters
                               in room_vote.vote_rows(session, gathering_id)],
                              columns=[tr(k) for k in ROOM_VOTE_COLUMNS])
    return {tr("sheet_answers"): answers, tr("sheet_scores"): scores,
            tr("sheet_votes"): votes, tr("sheet_actions"): actions_frame,
            tr("sheet_themes"): themed, tr("sheet_room_votes"): room_votes,
            tr("sheet_activities"): entries_frame(session, gathering_id, names, tr)}
