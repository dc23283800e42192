"""Comments between gatherings: an adviser and the group's members talk about the group's
development project, an action or a log entry.

A thread is a comment and its replies (one level: a reply to a reply joins the same thread).
Only the author edits (compare-and-set on the version) or deletes a comment; deleted while
others have replied, it stays as a stub without its text («Kommentaren er slettet») so the
replies keep their place, else it goes. Who may comment is the named action
«comments.write» (the programme's staff, and the group itself on its own municipality); who
may read is «work.read», as for the rest of the group's work.

Unread: one marker per (person, group, kind of target) holds the newest comment id that
person has seen (kultur3.models.CommentSeen). Opening the page that shows the threads of a
kind moves it; the group's home counts what is newer, written by others.

The audit log records who commented, edited or deleted what, never the words: a comment is
its author's own, and goes when they delete it (the audit log is kept longer and read by
admins).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import and_, func, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from kultur3.access import audit, permissions
from kultur3.access.enrolment import check_enrolled
from kultur3.access.permissions import Actor, Resource, check_read, in_programme
from kultur3.core.errors import Conflict, NotFound, PermissionDenied
from kultur3.core.validation import build
from kultur3.models import (
    Action,
    Comment,
    CommentSeen,
    CommentTarget,
    LogEntry,
    Participation,
    Role,
    User,
    utcnow,
)
from kultur3.models.inputs import CommentIn
from kultur3.store.archive_guard import check_writable
from kultur3.store.changed import changed

_TARGETS = {CommentTarget.PROJECT: Participation, CommentTarget.ACTION: Action,
            CommentTarget.LOG: LogEntry}
# An unread log entry (or an action) is named by its first words on the group's home: the
# link is one line that does not wrap; at 1280 px its column clipped «1 ny – Loggen: «» and
# 28 characters, and holds it with 20 (screenshots of 2026-12-05).
LABEL_MAX = 20


@dataclass(frozen=True)
class CommentView:
    id: int
    author_id: int | None
    author: str  # the author's name; "" when the author was erased or purged
    author_role: Role | None
    text: str  # "" when deleted
    created_at: datetime
    edited: bool
    deleted: bool
    version: int
    replies: tuple[CommentView, ...] = ()


@dataclass(frozen=True)
class Threads:
    """Every thread of one group, by target, oldest first; and per kind the newest comment id
    there is (what opening its page marks seen)."""

    project_id: int  # the target id of the development project (the enrolment's id)
    by_target: dict[tuple[CommentTarget, int], tuple[CommentView, ...]] = field(
        default_factory=dict)
    latest: dict[CommentTarget, int] = field(default_factory=dict)

    def of(self, kind: CommentTarget, target_id: int | None = None) -> tuple[CommentView, ...]:
        """The threads on one target (the development project when no id is given)."""
        key = self.project_id if kind == CommentTarget.PROJECT else target_id
        return self.by_target.get((CommentTarget(kind), key), ())


@dataclass(frozen=True)
class UnreadItem:
    kind: CommentTarget
    target_id: int
    label: str  # the action's title or the log entry's first words; "" for the project
    count: int


@dataclass(frozen=True)
class Unread:
    """Comments by others this person has not seen, in one group."""

    total: int = 0
    items: tuple[UnreadItem, ...] = ()


def _check_comment(session: Session, actor: Actor, programme_id: int,
                   municipality_id: int) -> None:
    """May the actor take part in this group's conversation (write, edit, mark seen)?"""
    permissions.check(actor, "comments.write", Resource(municipality_id=municipality_id))
    if not in_programme(session, actor, municipality_id, programme_id=programme_id):
        raise PermissionDenied()


def _target_id(session: Session, programme_id: int, municipality_id: int,
               kind: CommentTarget, target_id: int | None) -> int:
    """The target's id, once it is known to be this group's in this programme: another
    group's action (or a log entry of another programme) is NotFound, as a missing one."""
    if kind == CommentTarget.PROJECT:
        own = check_enrolled(session, programme_id, municipality_id)
        if target_id is not None and target_id != own:
            raise NotFound()
        return own
    row = session.get(_TARGETS[kind], target_id) if target_id is not None else None
    if row is None or (row.programme_id, row.municipality_id) != (programme_id,
                                                                   municipality_id):
        raise NotFound()
    return row.id


def add_comment(*, session: Session, actor: Actor, programme_id: int, municipality_id: int,
                target_kind: CommentTarget, text: str, target_id: int | None = None,
                parent_id: int | None = None) -> int:
    """Comment on the group's development project (target_id: none needed), an action or a
    log entry, or reply to a comment on it (parent_id); returns the new comment's id."""
    _check_comment(session, actor, programme_id, municipality_id)
    kind = CommentTarget(target_kind)
    target = _target_id(session, programme_id, municipality_id, kind, target_id)
    words = build(CommentIn, text=text).text
    if parent_id is not None:
        parent = session.get(Comment, parent_id)
        if parent is None or parent.deleted_at is not None or (
                parent.target_kind, parent.target_id, parent.programme_id,
                parent.municipality_id) != (kind, target, programme_id, municipality_id):
            raise NotFound()
        parent_id = parent.parent_id or parent.id  # threads are one level deep
    check_writable(session, programme_id)
    comment = Comment(programme_id=programme_id, municipality_id=municipality_id,
                      target_kind=kind, target_id=target, parent_id=parent_id,
                      author_id=actor.user_id, text=words)
    session.add(comment)
    session.flush()
    changed(session)
    audit.record(session, actor=actor, action="comment.add", entity="comment",
                 entity_id=comment.id, detail={"target": kind.value, "target_id": target,
                                               "parent_id": parent_id})
    return comment.id


def _own(session: Session, actor: Actor, comment_id: int) -> Comment:
    """The comment, when the actor wrote it and may still take part in its group."""
    comment = session.get(Comment, comment_id)
    if comment is None or comment.deleted_at is not None:
        raise NotFound()
    _check_comment(session, actor, comment.programme_id, comment.municipality_id)
    if actor.user_id is None or comment.author_id != actor.user_id:
        raise PermissionDenied()
    return comment


def edit_comment(*, session: Session, actor: Actor, comment_id: int, text: str,
                 base_version: int) -> int:
    """Change one's own comment as edited from base_version; Conflict when it changed in
    between (another tab). Returns the new version."""
    comment = _own(session, actor, comment_id)
    words = build(CommentIn, text=text).text
    check_writable(session, comment.programme_id)
    result = session.exec(update(Comment).where(  # type: ignore[call-overload]
        Comment.id == comment_id, Comment.version == base_version,
        col(Comment.deleted_at).is_(None))
        .values(text=words, edited_at=utcnow(), version=Comment.version + 1))
    if result.rowcount != 1:
        session.refresh(comment)
        raise Conflict(key="comments.conflict", theirs=comment.text, version=comment.version)
    session.expire(comment)
    changed(session)
    audit.record(session, actor=actor, action="comment.edit", entity="comment",
                 entity_id=comment_id, detail={"version": base_version + 1})
    return base_version + 1


def delete_comment(*, session: Session, actor: Actor, comment_id: int) -> None:
    """Delete one's own comment: a stub without text while others' replies hang on it."""
    comment = _own(session, actor, comment_id)
    remove(session, [comment])
    changed(session)
    audit.record(session, actor=actor, action="comment.delete", entity="comment",
                 entity_id=comment_id)


def remove(session: Session, comments: list[Comment]) -> None:
    """Take these comments out: a comment with live replies becomes a stub (no text, no
    author), any other goes, and so does a stub whose last reply went. Also used by erasure
    (kultur3.privacy.personal_data), which removes all of one author's comments."""
    ids = {c.id for c in comments}
    parents = {c.parent_id for c in comments if c.parent_id is not None} - ids
    for c in sorted(comments, key=lambda c: c.parent_id is None):  # replies first
        live = session.exec(select(func.count()).select_from(Comment).where(
            Comment.parent_id == c.id, col(Comment.deleted_at).is_(None))).one()
        if live:
            c.text, c.author_id, c.deleted_at = "", None, utcnow()
            c.version += 1
            session.add(c)
        else:  # replies are one level deep: a comment without live replies has none
            session.delete(c)
        session.flush()
    for parent_id in parents:  # a stub that nobody's reply holds up any longer
        parent = session.get(Comment, parent_id)
        if parent is not None and parent.deleted_at is not None and not session.exec(
                select(Comment.id).where(Comment.parent_id == parent_id)).first():
            session.delete(parent)
    session.flush()


def threads(*, session: Session, actor: Actor, programme_id: int, municipality_id: int
            ) -> Threads:
    """Every comment of the group, in one query, as threads by target."""
    check_read(actor, municipality_id, session=session, programme_id=programme_id)
    project = check_enrolled(session, programme_id, municipality_id)
    rows = session.exec(
        select(Comment, User.display_name, User.role)
        .join(User, User.id == Comment.author_id, isouter=True)
        .where(Comment.programme_id == programme_id, Comment.municipality_id == municipality_id)
        .order_by(col(Comment.id))).all()
    replies: dict[int, list[CommentView]] = defaultdict(list)
    latest: dict[CommentTarget, int] = {}
    views = []
    for c, name, role in rows:
        kind = CommentTarget(c.target_kind)
        latest[kind] = max(latest.get(kind, 0), c.id)
        view = CommentView(id=c.id, author_id=c.author_id, author=name or "",
                           author_role=Role(role) if role else None, text=c.text,
                           created_at=c.created_at, edited=c.edited_at is not None,
                           deleted=c.deleted_at is not None, version=c.version)
        if c.parent_id is None:
            views.append((kind, c.target_id, view))
        else:
            replies[c.parent_id].append(view)
    by_target: dict[tuple[CommentTarget, int], list[CommentView]] = defaultdict(list)
    for kind, target, view in views:
        by_target[(kind, target)].append(replace(view, replies=tuple(replies[view.id])))
    return Threads(project_id=project, latest=latest,
                   by_target={k: tuple(v) for k, v in by_target.items()})


def unread(*, session: Session, actor: Actor, programme_id: int, municipality_id: int
           ) -> Unread:
    """Comments by others on the group's work that this person has not seen, by target.
    One grouped query over the group's comments (ix_comment_group) and the person's three
    markers; a target that is gone (an action removed) drops out. On the demo with 40
    comments in each of 16 groups: 0.5 ms, threads() 0.7 ms (SQLite, best of 50); a marker
    per target instead of per kind would mean a row per action a person ever opened."""
    check_read(actor, municipality_id, session=session, programme_id=programme_id)
    if actor.user_id is None:
        return Unread()
    seen = and_(CommentSeen.user_id == actor.user_id,
                CommentSeen.programme_id == Comment.programme_id,
                CommentSeen.municipality_id == Comment.municipality_id,
                CommentSeen.target_kind == Comment.target_kind)
    counts = session.exec(
        select(Comment.target_kind, Comment.target_id, func.count())
        .join(CommentSeen, seen, isouter=True)
        .where(Comment.programme_id == programme_id, Comment.municipality_id == municipality_id,
               col(Comment.deleted_at).is_(None),
               (col(Comment.author_id).is_(None)) | (Comment.author_id != actor.user_id),
               Comment.id > func.coalesce(CommentSeen.seen_up_to, 0))
        .group_by(Comment.target_kind, Comment.target_id)).all()
    labels = _labels(session, programme_id, municipality_id, counts)
    items = tuple(UnreadItem(CommentTarget(k), target, labels[(k, target)], n)
                  for k, target, n in counts if (k, target) in labels)
    return Unread(total=sum(i.count for i in items), items=items)


def _labels(session: Session, programme_id: int, municipality_id: int, counts
            ) -> dict[tuple[CommentTarget, int], str]:
    """What each target is called on the home page, for the targets that still exist."""
    wanted: dict[CommentTarget, list[int]] = defaultdict(list)
    for kind, target, _ in counts:
        wanted[CommentTarget(kind)].append(target)
    found: dict[tuple[CommentTarget, int], str] = {}
    if CommentTarget.PROJECT in wanted:
        project = check_enrolled(session, programme_id, municipality_id)
        found[(CommentTarget.PROJECT, project)] = ""
    for kind, model, text in ((CommentTarget.ACTION, Action, Action.title),
                              (CommentTarget.LOG, LogEntry, LogEntry.text)):
        if wanted.get(kind):
            for target, label in session.exec(select(model.id, text).where(
                    col(model.id).in_(wanted[kind]), model.programme_id == programme_id,
                    model.municipality_id == municipality_id)).all():
                found[(kind, target)] = (label if len(label) <= LABEL_MAX
                                         else label[:LABEL_MAX - 1].rstrip() + "…")
    return found


def mark_seen(*, session: Session, actor: Actor, programme_id: int, municipality_id: int,
              target_kind: CommentTarget, up_to: int) -> bool:
    """This person has seen the group's comments of this kind up to this id (the newest the
    page showed). Moves only forward; True when it moved (then the home page's count is
    read again: the data counter moves, as on any write)."""
    _check_comment(session, actor, programme_id, municipality_id)
    if actor.user_id is None or up_to <= 0:
        return False
    check_writable(session, programme_id)
    kind = CommentTarget(target_kind)
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = insert(CommentSeen).values(
        user_id=actor.user_id, programme_id=programme_id, municipality_id=municipality_id,
        target_kind=kind, seen_up_to=up_to, seen_at=utcnow())
    stmt = stmt.on_conflict_do_update(
        index_elements=["user_id", "programme_id", "municipality_id", "target_kind"],
        set_={"seen_up_to": stmt.excluded.seen_up_to, "seen_at": stmt.excluded.seen_at},
        where=CommentSeen.seen_up_to < stmt.excluded.seen_up_to)
    # RETURNING, not rowcount: psycopg reports -1 for an upsert (seen on PostgreSQL 15).
    moved = session.exec(stmt.returning(CommentSeen.seen_up_to)).first()  # type: ignore[call-overload]
    if moved is None:
        return False
    changed(session)
    audit.record(session, actor=actor, action="comment.seen", entity="comment",
                 entity_id=up_to, detail={"target": kind.value})
    return True
