"""Widgets of the action plan: the board by status (edit, remove, move, the history of
progress), the filter from a link (?vis=), staff's removed actions, the log, «siden sist»."""

from __future__ import annotations

import streamlit as st

from kultur3.access.permissions import Actor
from kultur3.core import clock, formatting
from kultur3.group import action_edit, actions
from kultur3.group.followup import SinceLast
from kultur3.insight import shared_learning
from kultur3.models import ActionStatus, CommentTarget, LogKind
from kultur3.ui import action_edit as edit
from kultur3.ui import comments as comments_ui
from kultur3.ui.context import fmt_date, fmt_num, t
from kultur3.ui.feedback import act, show
from kultur3.ui.widgets import action_card, escape

BOARD = [ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, ActionStatus.ON_HOLD,
         ActionStatus.DONE]


def since_last(summary: SinceLast) -> None:
    """What changed since the previous gathering, what is overdue, what is left."""
    with st.container(border=True, key="action_plan.since_last"):
        st.header(t("plan.since_last"))
        if summary.previous_title:
            st.caption(t("plan.between", before=escape(summary.previous_title),
                         after=escape(summary.latest_title or "")))
        changes = [f"{escape(c.label)}: {fmt_num(c.before)} → {fmt_num(c.after)}"
                   for c in summary.changes]
        st.markdown(f"**{t('plan.changed')}** " + ("; ".join(changes) or t("plan.nothing")))
        overdue = [escape(a.title) for a in summary.overdue]
        st.markdown(f"**{t('plan.overdue')}** " + ("; ".join(overdue) or t("plan.nothing")))
        gaps = [f"{escape(g.label)} ({fmt_num(g.gap)})" for g in summary.biggest_gaps]
        st.markdown(f"**{t('plan.biggest_gaps')}** " + ("; ".join(gaps) or t("plan.nothing")))
        if summary.uncovered:
            st.warning(t("workshop.uncovered",
                         areas=", ".join(escape(g.label) for g in summary.uncovered)))


# ?vis=… on /handlingsplan (an adviser's «Mine kommuner» links here): which actions to show.
FILTER_PARAM = "vis"
FILTERS = {"forfalt": "overdue", "snart": "due_soon", "stille": "quiet"}


def chosen_filter() -> str | None:
    """The filter the link asks for (an unknown value shows everything)."""
    wanted = st.query_params.get(FILTER_PARAM)
    return wanted if wanted in FILTERS else None


def filter_bar(wanted: str | None, shown: int) -> None:
    """What the filter shows, and a visible way back to every action."""
    if wanted is None:
        return
    with st.container(border=True, key="action_plan.filter"):
        st.markdown(t(f"plan.filter_{FILTERS[wanted]}", n=shown))
        if st.button(t("plan.show_all"), key="action_plan.show_all", icon=":material/close:"):
            del st.query_params[FILTER_PARAM]
            st.rerun()


def filtered(items: list[actions.ActionView], wanted: str | None) -> list[actions.ActionView]:
    return [a for a in items if wanted is None or getattr(a, FILTERS[wanted])]


def board(actor: Actor, items: list[actions.ActionView], *, can_write: bool,
          notes: list[action_edit.NoteView] = (), areas=None, members=(),
          movable: bool = False, comments: comments_ui.OpenGroup | None = None) -> None:
    """Four columns by status, in the group's order; each card can be edited in place (every
    field where areas are given, else status and note), removed, and moved."""
    history: dict[int, list[action_edit.NoteView]] = {}
    for note in notes:
        history.setdefault(note.action_id, []).append(note)
    for column, status in zip(st.columns(len(BOARD)), BOARD, strict=True):
        with column:
            in_status = sorted((a for a in items if a.status == status),
                               key=lambda a: (a.position, a.id))
            st.markdown(f"**{t('action_status.' + status.value)}** ({len(in_status)})")
            for n, action in enumerate(in_status):
                with st.container(border=True, key=f"action_plan.card.{action.id}"):
                    action_card(action)
                    _history(action, history.get(action.id, []))
                    if can_write:
                        _tools(actor, action, first=n == 0, last=n == len(in_status) - 1,
                               movable=movable)
                        if areas is None:
                            _update_form(actor, action)
                        else:
                            edit.edit_form(actor, action, areas, members)
                    comments_ui.thread(comments, CommentTarget.ACTION, action.id)
    show()


def _history(action: actions.ActionView, notes: list[action_edit.NoteView]) -> None:
    """The description and every progress note, newest first, each with who and when."""
    if not (action.description or len(notes) > 1):
        return
    with st.expander(t("plan.history", n=len(notes))):
        if action.description:
            st.markdown(escape(action.description))
        for note in notes:
            who = escape(note.author) or t("plan.someone")
            st.caption(f"{fmt_date(formatting.local_date(note.written_at))} · {who} · "
                       f"{t('action_status.' + note.status.value)}")
            st.markdown(escape(note.text) or "–")


def _tools(actor: Actor, action: actions.ActionView, *, first: bool, last: bool,
           movable: bool) -> None:
    """Share, move up or down the column, remove (after a confirmation)."""
    share_toggle(actor, "action", action.id, action.shared)
    # One row on a phone too (columns would stack the three buttons: 390 px measured).
    with st.container(horizontal=True, key=f"action_plan.tools.{action.id}"):
        if movable:
            st.button("", icon=":material/arrow_upward:", key=f"action_plan.up.{action.id}",
                      help=t("plan.move_up"), disabled=first, on_click=_move,
                      args=(actor, action.id, True))
            st.button("", icon=":material/arrow_downward:", key=f"action_plan.down.{action.id}",
                      help=t("plan.move_down"), disabled=last, on_click=_move,
                      args=(actor, action.id, False))
        with st.popover("", icon=":material/delete:", help=t("plan.delete")):
            st.markdown(t("plan.delete_confirm", title=escape(action.title)))
            st.button(t("plan.delete"), key=f"action_plan.delete.{action.id}", type="primary",
                      on_click=_delete, args=(actor, action))


def _move(actor: Actor, action_id: int, up: bool) -> None:
    act(action_edit.move_action, actor=actor, action_id=action_id, up=up)


def _delete(actor: Actor, action: actions.ActionView) -> None:
    act(actions.delete_action, ok="plan.deleted", ok_params={"title": action.title},
        actor=actor, action_id=action.id)


def removed(actor: Actor, items: list[action_edit.RemovedView]) -> None:
    """Staff: the actions removed in the last 30 days, each with a way back."""
    with st.expander(t("plan.removed", n=len(items)), icon=":material/restore_from_trash:"):
        st.caption(t("plan.removed_help", days=action_edit.RESTORE_DAYS))
        for item in items:
            left, right = st.columns([4, 1])
            left.markdown(t("plan.removed_item", title=escape(item.title),
                            date=fmt_date(item.deleted_on),
                            who=escape(item.deleted_by) or t("plan.someone"),
                            n=item.days_left))
            right.button(t("plan.restore"), key=f"action_plan.restore.{item.id}",
                         on_click=_restore, args=(actor, item))
    show()


def _restore(actor: Actor, item: action_edit.RemovedView) -> None:
    act(action_edit.restore_action, ok="plan.restored", ok_params={"title": item.title},
        actor=actor, action_id=item.id)


def _update_form(actor: Actor, action: actions.ActionView) -> None:
    key = f"action_plan.update.{action.id}"
    with st.expander(t("plan.update")), st.form(key):
        st.selectbox(t("common.status"), BOARD, index=BOARD.index(action.status),
                     format_func=lambda s: t(f"action_status.{s.value}"), key=f"{key}.status")
        st.text_area(t("actions.progress"), value=action.progress_note, max_chars=4000,
                     key=f"{key}.note", height=90)
        st.form_submit_button(t("plan.save"), on_click=_save_update, args=(actor, action, key),
                              key=f"{key}.submit")


def _save_update(actor: Actor, action: actions.ActionView, key: str) -> None:
    """Callback: save status and progress note from the version the card showed."""
    act(actions.update_action, ok="plan.saved", ok_params={"title": action.title}, actor=actor,
        action_id=action.id, base_version=action.version,
        status=st.session_state[f"{key}.status"], progress_note=st.session_state[f"{key}.note"])


def log_form(actor: Actor, programme_id: int, municipality_id: int) -> None:
    """Log a step of local work; the text stays in the form if saving fails."""
    with st.form("action_plan.log_form"):
        left, right = st.columns(2)
        left.selectbox(t("plan.log_kind"), list(LogKind), format_func=lambda k: t(f"log.{k.value}"),
                       key="action_plan.log.kind")
        right.date_input(t("common.date"), value=clock.today(), key="action_plan.log.date",
                         format="DD.MM.YYYY")
        st.text_area(t("plan.log_text"), max_chars=4000, key="action_plan.log.text", height=90)
        st.form_submit_button(t("plan.log_add"), on_click=_add_log,
                              args=(actor, programme_id, municipality_id),
                              key="action_plan.log.submit")
    show()


def _add_log(actor: Actor, programme_id: int, municipality_id: int) -> None:
    get = st.session_state.get
    if act(actions.add_log_entry, ok="plan.logged", actor=actor, programme_id=programme_id,
           municipality_id=municipality_id, kind=get("action_plan.log.kind"),
           text=get("action_plan.log.text", ""),
           happened_on=get("action_plan.log.date") or clock.today()).ok:
        st.session_state["action_plan.log.text"] = ""  # kept in the form when saving failed


def log_list(entries: list[actions.LogView], actor: Actor | None = None,
             can_write: bool = False, comments: comments_ui.OpenGroup | None = None) -> None:
    """The log, newest first, user text escaped; each entry can be shared."""
    for e in entries:
        st.markdown(f"**{fmt_date(e.happened_on)} · {t('log.' + e.kind.value)}**  \n"
                    f"{escape(e.text)}")
        if e.entered_by_staff:
            st.caption(t("workshop.score_by_staff"))
        if can_write and actor is not None:
            share_toggle(actor, "log", e.id, e.shared)
        comments_ui.thread(comments, CommentTarget.LOG, e.id)


def share_toggle(actor: Actor, kind: str, item_id: int, shared: bool) -> None:
    """Share with every group in the programme (the library), or take it back."""
    key = f"action_plan.share.{kind}.{item_id}"
    st.session_state[key] = shared
    st.toggle(t("library.share"), key=key, help=t("library.share_help"),
              on_change=lambda: _share(actor, kind, item_id, key))


def _share(actor: Actor, kind: str, item_id: int, key: str) -> None:
    act(shared_learning.set_shared, actor=actor, kind=kind, item_id=item_id,
        shared=bool(st.session_state[key]))
