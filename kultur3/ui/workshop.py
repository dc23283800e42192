"""Widgets of the group workspace: answer editors that save themselves, scoring, gap to action.

Writes happen in widget callbacks, so a saved value is in the database before the page
reruns; the result (saved at, or a conflict with both texts) is kept in session state under
the widget's own key and shown next to the widget.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import streamlit as st

from kultur3.access import identity
from kultur3.access.permissions import Actor
from kultur3.core import formatting
from kultur3.group import actions, membership, scorers, workspace
from kultur3.models import ANSWER_MAX, ActionStatus, Role, ScoreKind
from kultur3.programme import catalogue
from kultur3.programme.catalogue import AreaView, GatheringInfo, QuestionView
from kultur3.ui.context import cached_read, fmt_date, fmt_num, lang, t
from kultur3.ui.feedback import Outcome, act, attempt, show
from kultur3.ui.typing_field import person_doc, typing_field
from kultur3.ui.widgets import escape

GUEST = "guest"
NA = "na"
SCORE_OPTIONS = [1, 2, 3, 4, 5, NA]
STEPS = ["q1", "q2", "q3", "scores", "q4"]


@dataclass(frozen=True)
class Where:
    """The group and gathering the workspace is writing into."""

    actor: Actor
    programme_id: int
    municipality_id: int
    gathering_id: int

    @property
    def prefix(self) -> str:
        return f"workshop.{self.gathering_id}.{self.municipality_id}"


def choose_gathering(gatherings: list[GatheringInfo]) -> GatheringInfo:
    """Gathering picker; starts on the running gathering, else the last one held."""
    default = catalogue.default_gathering(gatherings)
    labels = {g.id: f"{g.title} ({fmt_date(g.held_on)})" for g in gatherings}
    chosen = st.selectbox(t("common.gathering"), list(labels), format_func=labels.get,
                          index=[g.id for g in gatherings].index(default.id),
                          key="workshop.gathering")
    return next(g for g in gatherings if g.id == chosen)


def stepper(done: frozenset[str] = frozenset()) -> str:
    """The five steps as one row of buttons, a ✓ on those done; remembers the step."""
    step = st.segmented_control(
        t("workshop.step"), STEPS,
        format_func=lambda s: t(f"step.{s}") + (" ✓" if s in done else ""),
        key="workshop.step", default="q1", label_visibility="collapsed")
    return step or "q1"


def done_steps(frame, saved: dict, sheet: list, made: list) -> frozenset[str]:
    """Which steps the group has done: a whole answer to questions 1-3, any score, and an
    answer to question 4 or an action from this gathering."""
    def answered(number: int) -> bool:
        question = frame.question(number)
        state = saved.get((question.id, None)) if question else None
        return bool(state and state.text)

    done = {f"q{n}" for n in (1, 2, 3) if answered(n)}
    if any(area.individual(kind) or area.agreed_set.get(kind)
           for area in sheet for kind in (ScoreKind.DESIRED, ScoreKind.CURRENT)):
        done.add("scores")
    if made or answered(4):
        done.add("q4")
    return frozenset(done)


# --- Answers ----------------------------------------------------------------------------------


def _answer_key(where: Where, question_id: int, area_id: int | None) -> str:
    return f"{where.prefix}.answer.{question_id}.{area_id or 'all'}"


def _answer_save(where: Where, question_id: int, area_id: int | None):
    """The typing field's save: the answer from the version its draft was based on."""
    def save(text: str, base: int, draft: str | None, seq: int) -> Outcome:
        saved = attempt(workspace.save_answer, actor=where.actor,
                        gathering_id=where.gathering_id, municipality_id=where.municipality_id,
                        question_id=question_id, value_area_id=area_id, text=text,
                        base_version=base, draft_key=draft, draft_seq=seq)
        return (Outcome(value=(saved.value.version, saved.value.text)) if saved.ok
                else saved)
    return save


def answer_editor(where: Where, question_id: int, area_id: int | None, label: str,
                  saved: workspace.AnswerState | None, *, height: int = 160,
                  disabled: bool = False) -> None:
    """A text field that saves while typing and keeps what the server has not confirmed
    (kultur3/ui/typing_field.py), with its status underneath."""
    key = _answer_key(where, question_id, area_id)
    label_key = ("workshop.saved_by_staff" if saved is not None and saved.entered_by_staff
                 else "workshop.saved_before")
    typing_field(key, doc=person_doc(where.actor, f"answer.{where.gathering_id}."
                          f"{where.municipality_id}.{question_id}.{area_id or 'all'}"),
                 label=label, text=saved.text if saved else "",
                 version=saved.version if saved else 0,
                 save=_answer_save(where, question_id, area_id),
                 saved_label=(t(label_key, time=formatting.fmt_datetime(saved.updated_at, lang()))
                              if saved is not None else ""),
                 max_chars=ANSWER_MAX, height=height, placeholder=t("workshop.placeholder"),
                 disabled=disabled)


def question_step(where: Where, question: QuestionView, areas: list[AreaView], saved: dict,
                  *, disabled: bool = False) -> None:
    """One of questions 1–3: the whole picture, then optionally per value area."""
    st.header(f"{question.number}. {question.text}")
    st.caption(question.help)
    answer_editor(where, question.id, None, t("workshop.whole_picture"),
                  saved.get((question.id, None)), disabled=disabled)
    with st.expander(t("workshop.per_area")):
        for area in areas:
            answer_editor(where, question.id, area.id, area.label,
                          saved.get((question.id, area.id)), height=100, disabled=disabled)


# --- Scores -----------------------------------------------------------------------------------


def _save_score(where: Where, area_id: int, kind: ScoreKind, who: str, key: str) -> None:
    """Callback: store one radio choice as a score."""
    choice = st.session_state.get(key)
    if choice is None:
        return
    value = None if choice == NA else int(choice)
    scorer = ({"guest_key": _guest_key(where.actor)} if who == GUEST
              else {"member_id": int(who)})
    act(workspace.save_score, actor=where.actor, gathering_id=where.gathering_id,
        municipality_id=where.municipality_id, value_area_id=area_id, kind=kind, value=value,
        **scorer)


def _guest_key(actor: Actor) -> str:
    """A participant joined by code scores as itself; a guest on a group's device gets one
    random key per browser session."""
    if actor.participant_id is not None:
        return identity.participant_key(actor)
    return st.session_state.setdefault("workshop.guest_key", uuid.uuid4().hex)


def _score_label(option) -> str:
    return t("workshop.na") if option == NA else str(option)


def scoring_as(where: Where) -> scorers.ScoringAs:
    """How this person scores here (own row, the shared login's picker, staff, the room)."""
    return cached_read(scorers.scoring_as, actor=where.actor, gathering_id=where.gathering_id,
                       municipality_id=where.municipality_id)


def _who(where: Where, members, mode: scorers.ScoringAs) -> str | None:
    """Whom the scores below are given as: a member id, GUEST (the room), or None."""
    if mode.mode == "room":
        st.caption(t("workshop.scoring_as_room"))
        return GUEST  # joined by code: scores as itself, in the room's stream
    if mode.mode == "none":
        st.info(t("workshop.no_member_row"))
        return None
    if mode.mode == "own":
        name = next((m.name for m in members if m.id == mode.member_id), "")
        st.caption(t("workshop.scoring_as_self", name=escape(name)))
        return str(mode.member_id)
    # A shared login or staff: the picker, labelled. Labels as options (not ids with a
    # format_func): what the person sees is stored.
    st.caption(t("workshop.picker_staff" if mode.mode == "staff" else "workshop.picker_shared"))
    names = {f"{m.name} ({m.group_role})": str(m.id) for m in members}
    names[t("workshop.guest")] = GUEST
    label = st.selectbox(t("workshop.who_scores"), list(names), index=None,
                         key=f"{where.prefix}.who", placeholder=t("workshop.pick_name"))
    return names.get(label) if label is not None else None


def my_scores(where: Where, sheet: list[workspace.AreaScores], members, *,
              disabled: bool = False) -> None:
    """Each person scores on their own device: as their own member row (a personal
    account), or by picking a name (a shared login, staff); then every area, both kinds."""
    who = _who(where, members, scoring_as(where))
    if who is None:
        return
    st.caption(t("workshop.scale_help"))
    for area in sheet:
        st.markdown(f"**{escape(area.label)}**")
        level_texts(area, key=f"{where.prefix}.levels.{area.value_area_id}")
        help_text = "\n\n".join(f"{k}: {v}" for k, v in sorted(area.levels.items()))
        cols = st.columns(2)
        for col, kind in zip(cols, (ScoreKind.DESIRED, ScoreKind.CURRENT), strict=True):
            key = f"{where.prefix}.score.{who}.{kind.value}.{area.value_area_id}"
            if key not in st.session_state:
                st.session_state[key] = _existing(where, area, kind, who)
            col.radio(t(f"common.{kind.value}"), SCORE_OPTIONS, format_func=_score_label,
                      horizontal=True, key=key, help=help_text, on_change=_save_score,
                      args=(where, area.value_area_id, kind, who, key), disabled=disabled)
            if who != GUEST and int(who) in area.by_staff.get(kind, set()):
                col.caption(t("workshop.score_by_staff"))
    show()


def level_texts(area: workspace.AreaScores, *, key: str) -> None:
    """The area's description, and what each level looks like: one tap away on a phone,
    never behind a hover."""
    if area.description:
        st.caption(escape(area.description))
    if not area.levels:
        return
    with st.expander(t("workshop.levels"), key=key):
        st.markdown("\n".join(f"- **{level}** – {escape(text)}"
                               for level, text in sorted(area.levels.items())))
        st.caption(t("workshop.na_help"))


def _existing(where: Where, area: workspace.AreaScores, kind: ScoreKind, who: str):
    if who == GUEST:
        values = area.guests.get(kind, {})
        guest = _guest_key(where.actor)
        if guest not in values:
            return None
        value = values[guest]
    else:
        values = area.members.get(kind, {})
        if int(who) not in values:
            return None
        value = values[int(who)]
    return NA if value is None else value


def _save_agreed(where: Where, area_id: int, kind: ScoreKind, key: str) -> None:
    """Callback: the group's agreed value, or back to the median ("auto")."""
    choice = st.session_state.get(key)
    cell = {"actor": where.actor, "gathering_id": where.gathering_id,
            "municipality_id": where.municipality_id, "value_area_id": area_id, "kind": kind}
    if choice == "auto":
        act(workspace.clear_agreed_score, **cell)
    else:
        act(workspace.save_score, value=None if choice == NA else int(choice), is_group=True,
            **cell)


def agreed_scores(where: Where, sheet: list[workspace.AreaScores], *,
                  disabled: bool = False) -> None:
    """The group's view: the members' spread and median per area, the room's median beside
    it, and the value it agrees on (members only, in the agenda's scoring phase)."""
    st.caption(t("workshop.agree_help"))
    refusal = scoring_as(where).agreed_refusal
    if refusal:
        st.info(t(refusal))
    disabled = disabled or refusal is not None
    for area in sheet:
        st.markdown(f"**{escape(area.label)}**")
        cols = st.columns(2)
        for col, kind in zip(cols, (ScoreKind.DESIRED, ScoreKind.CURRENT), strict=True):
            key = f"{where.prefix}.agreed.{kind.value}.{area.value_area_id}"
            median, spread = area.median(kind), area.spread(kind)
            st.session_state[key] = (("na" if area.agreed.get(kind) is None
                                      else area.agreed[kind]) if area.agreed_set.get(kind)
                                     else "auto")
            auto = t("workshop.auto", median=fmt_num(median))
            col.selectbox(t(f"common.{kind.value}"), ["auto", *SCORE_OPTIONS], key=key,
                          format_func=lambda o, auto=auto: auto if o == "auto" else _score_label(o),
                          on_change=_save_agreed, args=(where, area.value_area_id, kind, key),
                          disabled=disabled)
            n = len([v for v in area.individual(kind) if v is not None])
            col.caption(t("workshop.spread", low=fmt_num(spread[0]), high=fmt_num(spread[1]), n=n)
                        if spread else t("workshop.no_scores_yet"))
            room = [v for v in area.room(kind) if v is not None]
            if room:
                col.caption(t("workshop.room_median", median=fmt_num(area.room_median(kind)),
                              n=len(room)) + " · " + t("scores.room_counted"
                                                       if area.room_counted
                                                       else "scores.room_apart"))
            if area.agreed_set.get(kind) and area.agreed_by_staff.get(kind):
                col.caption(t("workshop.score_by_staff"))


def members_for(where: Where):
    """The group's members (for scoring and owners); none for a participant joined by code,
    who scores and votes as itself and does not see the member list."""
    if where.actor.role == Role.PARTICIPANT:
        return []
    return cached_read(membership.members, actor=where.actor, programme_id=where.programme_id,
                       municipality_id=where.municipality_id)  # read models: safe to cache


# --- Gap to action ----------------------------------------------------------------------------


def action_form(where: Where, areas: list[AreaView], members, suggested: list[int]) -> None:
    """Create a tiltak from a gap: linked value areas, owner, deadline, status, priority."""
    area_ids = {a.label: a.id for a in areas}
    owners: dict[str, int | None] = {f"{m.name} ({m.group_role})": m.id for m in members}
    owners[t("actions.owner_unit")] = None
    with st.form(f"{where.prefix}.action_form"):
        st.text_input(t("actions.title"), key="workshop.action.title", max_chars=200)
        st.multiselect(t("actions.areas"), list(area_ids),
                       default=[a.label for a in areas if a.id in suggested],
                       key="workshop.action.areas", placeholder=t("common.choose"))
        left, right = st.columns(2)
        left.selectbox(t("actions.owner"), list(owners), key="workshop.action.owner")
        right.text_input(t("actions.owner_text"), key="workshop.action.owner_text",
                         max_chars=120)
        left.date_input(t("actions.deadline"), value=None, key="workshop.action.deadline",
                        format="DD.MM.YYYY")
        right.selectbox(t("actions.priority"), [1, 2, 3], index=1,
                        format_func=lambda p: t(f"priority.{p}"),
                        key="workshop.action.priority")
        st.text_area(t("actions.description"), key="workshop.action.description",
                     max_chars=4000, height=90)
        st.form_submit_button(t("actions.create"), type="primary", on_click=_create_action,
                              args=(where, area_ids, owners), key="workshop.action.submit")
    show()


def _create_action(where: Where, area_ids: dict[str, int], owners: dict[str, int | None]
                   ) -> None:
    """Callback: create the action from the form's values."""
    get = st.session_state.get
    title = get("workshop.action.title", "")
    created = act(
        actions.create_action, ok="actions.created", ok_params={"title": title},
        actor=where.actor, programme_id=where.programme_id,
        municipality_id=where.municipality_id, title=title,
        value_area_ids=[area_ids[a] for a in get("workshop.action.areas") or [] if a in area_ids],
        description=get("workshop.action.description", ""),
        owner_member_id=owners.get(get("workshop.action.owner")),
        owner_text=get("workshop.action.owner_text") or None,
        deadline=get("workshop.action.deadline"), status=ActionStatus.NOT_STARTED,
        priority=int(get("workshop.action.priority") or 2), source_gathering_id=where.gathering_id)
    if created.ok:  # clear the form only once the action is stored; on an error the text stays
        for field, empty in (("title", ""), ("owner_text", ""), ("description", ""),
                             ("areas", []), ("deadline", None)):
            st.session_state[f"workshop.action.{field}"] = empty
