"""Comments on a group's work, one call where they are shown.

A page opens the group's comments once (`open_group`: one cached read of every thread of the
group, and the kinds it shows marked seen), then each place calls `thread(group, kind, id)`
with what it returned: the development project on /var-gruppe, each action and each log
entry on /handlingsplan. The
group's home calls `unread_block` for «N nye kommentarer» with links to where they are.
Every text is escaped; every write goes through feedback.act; a failed save keeps the text
in its field.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from kultur3.access.permissions import Actor, Resource, allowed
from kultur3.core import formatting
from kultur3.group import comments
from kultur3.group.comments import CommentView, Threads
from kultur3.models import NOTE_MAX, CommentTarget
from kultur3.ui.context import cached_read, lang, t
from kultur3.ui.feedback import act, attempt
from kultur3.ui.widgets import escape

# Where each kind of comment is shown, for the links on the group's home.
PAGES = {CommentTarget.PROJECT: "pages/group_team.py", CommentTarget.ACTION: "pages/action_plan.py",
         CommentTarget.LOG: "pages/action_plan.py"}


@dataclass(frozen=True)
class OpenGroup:
    """The group whose comments this run shows: what open_group returns, for thread()."""

    actor: Actor
    programme_id: int
    municipality_id: int
    book: Threads
    can_write: bool


def open_group(actor: Actor, programme_id: int, municipality_id: int,
               *kinds: CommentTarget) -> OpenGroup:
    """Read the group's threads for this run, and mark the kinds this page shows seen (only
    when there is something unread: no write on an ordinary run). The page hands what it
    returns to thread(); nothing is kept in the session, so no page shows another's."""
    book = cached_read(comments.threads, actor=actor, programme_id=programme_id,
                       municipality_id=municipality_id)
    can_write = allowed(actor, "comments.write", Resource(municipality_id=municipality_id))
    group = OpenGroup(actor, programme_id, municipality_id, book, can_write)
    if not can_write or actor.user_id is None:
        return group
    news = cached_read(comments.unread, actor=actor, programme_id=programme_id,
                       municipality_id=municipality_id)
    for kind in {i.kind for i in news.items} & set(kinds):
        attempt(comments.mark_seen, actor=actor, programme_id=programme_id,
                municipality_id=municipality_id, target_kind=kind,
                up_to=book.latest.get(kind, 0))
    return group


def thread(group: OpenGroup | None, kind: CommentTarget, target_id: int | None = None) -> None:
    """The comments on one target (the development project when no id is given), behind
    «Kommentarer (n)», with a reply form under each thread and a new-comment form; nothing
    where the page opened no group (the live screen's board)."""
    if group is None:
        return
    threads = group.book.of(kind, target_id)
    key = f"comments.{CommentTarget(kind).value}.{target_id or 'project'}"
    count = sum(1 + len(c.replies) for c in threads)
    # A toggle, not an expander: the call may stand inside an expander (an action's edit
    # form), and Streamlit refuses an expander in an expander.
    if not st.toggle(t("comments.heading", n=count), key=f"{key}.show",
                     value=kind == CommentTarget.PROJECT):
        return
    with st.container(border=True, key=f"{key}.box"):
        if not threads:
            st.caption(t("comments.none"))
        for c in threads:
            _comment(group, c, kind, target_id)
            for reply in c.replies:
                _comment(group, reply, kind, target_id, reply=True)
            if group.can_write and not c.deleted:
                _form(group, f"comments.reply.{c.id}", "comments.reply", kind, target_id,
                      parent_id=c.id, toggle=True)
        if group.can_write:
            _form(group, f"{key}.new", "comments.add", kind, target_id)


def _comment(group: OpenGroup, c: CommentView, kind: CommentTarget, target_id: int | None,
             *, reply: bool = False) -> None:
    with st.container(key=f"comments.c{c.id}"):
        prefix = "↳ " if reply else ""
        if c.deleted:
            st.caption(f"{prefix}_{t('comments.deleted')}_")
            return
        who = escape(c.author) if c.author else t("comments.unknown_author")
        role = f" ({t('role.' + c.author_role.value)})" if c.author_role else ""
        edited = f" · {t('comments.edited')}" if c.edited else ""
        st.caption(f"{prefix}**{who}**{role} · "
                   f"{formatting.fmt_datetime(c.created_at, lang())}{edited}")
        st.markdown(escape(c.text))
        if group.can_write and c.author_id is not None and c.author_id == group.actor.user_id:
            _own_tools(group, c)


def _own_tools(group: OpenGroup, c: CommentView) -> None:
    """The author's edit (from the version shown) and delete."""
    key = f"comments.edit.{c.id}"
    # One above the other, not in columns: an action card on the board is a quarter of the
    # page, and two columns cut «Endre» and «Slett» to a letter each at 1280 px.
    editing = st.toggle(t("comments.edit"), key=f"{key}.open")
    st.button(t("comments.delete"), key=f"comments.delete.{c.id}", on_click=act,
              args=(comments.delete_comment,), type="tertiary",
              kwargs={"ok": "comments.deleted_ok", "actor": group.actor, "comment_id": c.id})
    if editing:
        with st.form(f"{key}.v{c.version}"):
            st.text_area(t("comments.text"), value=c.text, max_chars=NOTE_MAX, height=90,
                         key=f"{key}.text")
            st.form_submit_button(t("plan.save"), key=f"{key}.submit", on_click=_edit,
                                  args=(group.actor, c, key))


def _edit(actor: Actor, c: CommentView, key: str) -> None:
    if act(comments.edit_comment, ok="comments.edited_ok", actor=actor, comment_id=c.id,
           text=st.session_state.get(f"{key}.text", ""), base_version=c.version).ok:
        st.session_state[f"{key}.open"] = False


def _form(group: OpenGroup, key: str, label: str, kind: CommentTarget, target_id: int | None,
          *, parent_id: int | None = None, toggle: bool = False) -> None:
    """A comment or a reply; the text stays in the field when saving fails."""
    if toggle and not st.toggle(t(label), key=f"{key}.open"):
        return
    with st.form(key):
        st.text_area(t("comments.text"), max_chars=NOTE_MAX, height=80, key=f"{key}.text",
                     label_visibility="collapsed", placeholder=t("comments.placeholder"))
        st.form_submit_button(t(label), key=f"{key}.submit", on_click=_add,
                              args=(group, key, kind, target_id, parent_id))


def _add(group: OpenGroup, key: str, kind: CommentTarget, target_id: int | None,
         parent_id: int | None) -> None:
    if act(comments.add_comment, ok="comments.added", actor=group.actor,
           programme_id=group.programme_id, municipality_id=group.municipality_id,
           target_kind=kind, target_id=target_id, parent_id=parent_id,
           text=st.session_state.get(f"{key}.text", "")).ok:
        st.session_state[f"{key}.text"] = ""
        st.session_state.pop(f"{key}.open", None)


def unread_block(actor: Actor, programme_id: int, municipality_id: int) -> None:
    """«N nye kommentarer» on the group's home, each with a link to where it is."""
    if not allowed(actor, "comments.write", Resource(municipality_id=municipality_id)):
        return
    news = cached_read(comments.unread, actor=actor, programme_id=programme_id,
                       municipality_id=municipality_id)
    with st.container(key="group_home.comments"):
        st.header(t("comments.title"))
        if not news.items:
            st.caption(t("comments.no_unread"))
        else:
            st.markdown(f"**{t('comments.unread', n=news.total)}**")
        for item in news.items:
            where = t(f"comments.on_{item.kind.value}", label=escape(item.label))
            st.page_link(PAGES[item.kind], label=t("comments.unread_item", where=where,
                                                   n=item.count), width="stretch")
