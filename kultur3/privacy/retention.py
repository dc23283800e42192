"""Retention: a programme's personal data is purged a set time after it was archived.

`python -m kultur3 purge --archived-before DATE` (a dry run unless --yes) takes, from every
programme archived before DATE:

- the member lists: each member's name, e-mail, role in the group and link to an account
  (the row stays, anonymous, with its sector: the programme's scores and sector figures keep
  their numbers, they just no longer say whose they were);
- every invitation to the programme (addresses and names), used or not;
- the participants who joined its gatherings by code (their keys stop working);
- names typed as an action's owner or an anchoring entry's owner;
- which account wrote which answer, action, progress note, log entry, anchoring entry or
  comment, and who removed an action (the links), and how far each account had read the
  groups' comments (counted with the links);
- which adviser followed which municipality (the programme's adviser assignments);
- every person's own idea written «hver for seg først» in its gatherings (the group's
  shared answer, written from them, stays);
- every decision on research use (consent records: who was asked what, and when);
- who made each of the groups' surveys, and the open answers their respondents wrote (free
  text from people nobody can ask to edit it, where a pupil may have named a teacher or a
  classmate): the responses' scores stay, anonymous as they always were;
- the members' names and addresses from the audit log's events about them and the
  programme's invitations (the events stay, under a pseudonym).

What stays is the municipalities' work: answers, scores, actions, the log, anchoring and the
comments on them, in their own words. Free text is the municipality's, and a name someone
wrote into it is theirs to edit (or an admin's to erase, person by person, on the admin
privacy page). Accounts stay: they are people's own, in other programmes too, and erased one
by one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlmodel import Session, col, func, or_, select

from kultur3.access import audit
from kultur3.core import clock
from kultur3.group.action_edit import RESTORE_DAYS
from kultur3.models import (
    Action,
    ActionNote,
    ActionValueArea,
    AdviserAssignment,
    Anchoring,
    Answer,
    AuditEvent,
    Comment,
    CommentSeen,
    CommentTarget,
    Gathering,
    Idea,
    Invitation,
    LogEntry,
    Member,
    Participant,
    Participation,
    Programme,
    ProgrammeStatus,
    ResearchConsent,
    Survey,
    SurveyResponse,
)
from kultur3.privacy import erasure
from kultur3.store.changed import changed

REMOVED = "(slettet person)"


@dataclass(frozen=True)
class Purge:
    """What a purge takes (or took): counts per kind of row, and the programmes' slugs."""

    programmes: tuple[str, ...]
    members: int = 0
    invitations: int = 0
    participants: int = 0
    owner_names: int = 0
    author_links: int = 0
    audit_events: int = 0
    advisers: int = 0
    consents: int = 0
    survey_answers: int = 0  # open answers cleared
    ideas: int = 0  # each person's own ideas (kultur3/live/room_screens.py)


def due(session: Session, archived_before: datetime) -> list[Programme]:
    """Programmes archived before the date (and archived still)."""
    return list(session.exec(select(Programme).where(
        Programme.status == ProgrammeStatus.ARCHIVED,
        col(Programme.archived_at).is_not(None), Programme.archived_at < archived_before)
        .order_by(Programme.id)).all())


def purge_archived(*, session: Session, archived_before: datetime, apply: bool = False
                   ) -> Purge:
    """Count, and with apply=True take, the personal data of every programme archived before
    the date. Run by the operator from the command line; audited when applied."""
    found = due(session, archived_before)
    totals = Purge(programmes=tuple(p.slug for p in found))
    for p in found:
        one = _programme(session, p.id, apply)
        totals = Purge(programmes=totals.programmes,
                       **{k: getattr(totals, k) + getattr(one, k) for k in _COUNTS})
    if apply and found:
        changed(session)
        audit.record(session, actor=None, action="privacy.purge_programme", entity="programme",
                     detail={"archived_before": archived_before.isoformat(),
                             "programmes": list(totals.programmes),
                             **{k: getattr(totals, k) for k in _COUNTS}})
    return totals


_COUNTS = ("members", "invitations", "participants", "owner_names", "author_links",
           "audit_events", "advisers", "survey_answers", "consents")


def _programme(session: Session, programme_id: int, apply: bool) -> Purge:
    gatherings = select(Gathering.id).where(Gathering.programme_id == programme_id)
    parts = select(Participation.id).where(Participation.programme_id == programme_id)
    members = session.exec(select(Member).where(
        col(Member.participation_id).in_(parts),
        or_(Member.name != REMOVED, col(Member.email).is_not(None),
            col(Member.user_id).is_not(None), Member.group_role != ""))).all()
    invites = session.exec(select(Invitation).where(
        Invitation.programme_id == programme_id)).all()
    events = _events(session, members, invites)
    owned = (Action.programme_id == programme_id, col(Action.owner_text).is_not(None),
             Action.owner_text != REMOVED)
    anchored = (Anchoring.programme_id == programme_id, Anchoring.owner != "")
    links = _links(programme_id, gatherings)
    worded = (col(SurveyResponse.survey_id).in_(select(Survey.id).where(
        Survey.programme_id == programme_id)), SurveyResponse.open_answer != "")
    counts = Purge(
        programmes=(), members=len(members), invitations=len(invites),
        participants=_count(session, Participant, col(Participant.gathering_id).in_(gatherings)),
        owner_names=_count(session, Action, *owned) + _count(session, Anchoring, *anchored),
        author_links=sum(_count(session, model, where) for model, where, _ in links)
        + _count(session, CommentSeen, CommentSeen.programme_id == programme_id),
        audit_events=len(events),
        advisers=_count(session, AdviserAssignment, AdviserAssignment.programme_id == programme_id),
        survey_answers=_count(session, SurveyResponse, *worded),
        consents=_count(session, ResearchConsent, ResearchConsent.programme_id == programme_id),
        ideas=_count(session, Idea, col(Idea.gathering_id).in_(gatherings)))
    if not apply:
        return counts
    session.info["allow_archived"] = True  # purging is the one write an archive takes
    for m in members:
        erasure.pseudonymise(session, [e for e in events if _about(e, "member", m.id)],
                             erasure.needles(m.name, m.email), f"slettet-medlem-{m.id}")
        m.name, m.email, m.group_role, m.user_id, m.active = REMOVED, None, "", None, False
        session.add(m)
    for inv in invites:
        erasure.pseudonymise(session, [e for e in events if _about(e, "invitation", inv.id)],
                             erasure.needles(inv.email, inv.display_name),
                             f"slettet-invitasjon-{inv.id}")
    session.exec(delete(Invitation).where(  # type: ignore[call-overload]
        Invitation.programme_id == programme_id))
    session.exec(delete(Idea).where(  # type: ignore[call-overload]
        col(Idea.gathering_id).in_(gatherings)))
    session.exec(delete(Participant).where(  # type: ignore[call-overload]
        col(Participant.gathering_id).in_(gatherings)))
    session.exec(delete(AdviserAssignment).where(  # type: ignore[call-overload]
        AdviserAssignment.programme_id == programme_id))
    session.exec(delete(ResearchConsent).where(  # type: ignore[call-overload]
        ResearchConsent.programme_id == programme_id))
    session.exec(update(Action).where(*owned).values(owner_text=REMOVED))  # type: ignore[call-overload]
    session.exec(update(Anchoring).where(*anchored).values(owner=""))  # type: ignore[call-overload]
    for model, where, values in links:
        session.exec(update(model).where(where).values(values))  # type: ignore[call-overload]
    session.exec(delete(CommentSeen).where(  # type: ignore[call-overload]
        CommentSeen.programme_id == programme_id))
    session.exec(update(SurveyResponse).where(*worded).values(  # type: ignore[call-overload]
        open_answer="", open_hidden=False))
    session.flush()
    return counts


def _links(programme_id: int, gatherings) -> list[tuple]:
    """(table, which rows, the account columns emptied) for every row that names its writer."""
    return [
        (Answer, col(Answer.gathering_id).in_(gatherings) & (
            col(Answer.author_id).is_not(None) | col(Answer.entered_by_id).is_not(None)),
         {"author_id": None, "entered_by_id": None}),
        (Action, (Action.programme_id == programme_id) & (
            col(Action.created_by_id).is_not(None) | col(Action.deleted_by_id).is_not(None)
            | col(Action.entered_by_id).is_not(None)),
         {"created_by_id": None, "deleted_by_id": None, "entered_by_id": None}),
        (ActionNote, col(ActionNote.action_id).in_(select(Action.id).where(
            Action.programme_id == programme_id)) & col(ActionNote.author_id).is_not(None),
         {"author_id": None}),
        (LogEntry, (LogEntry.programme_id == programme_id) & (
            col(LogEntry.author_id).is_not(None) | col(LogEntry.entered_by_id).is_not(None)),
         {"author_id": None, "entered_by_id": None}),
        (Anchoring, (Anchoring.programme_id == programme_id) & (
            col(Anchoring.created_by_id).is_not(None)
            | col(Anchoring.approved_by_id).is_not(None)
            | col(Anchoring.entered_by_id).is_not(None)),
         {"created_by_id": None, "approved_by_id": None, "entered_by_id": None}),
        (Comment, (Comment.programme_id == programme_id) & col(Comment.author_id).is_not(None),
         {"author_id": None}),
        (Survey, (Survey.programme_id == programme_id) & col(Survey.created_by_id).is_not(None),
         {"created_by_id": None}),
    ]


def _events(session: Session, members, invites) -> list[AuditEvent]:
    """The audit events about these members and invitations."""
    conditions = []
    if members:
        conditions.append((AuditEvent.entity == "member")
                          & col(AuditEvent.entity_id).in_([m.id for m in members]))
    if invites:
        conditions.append((AuditEvent.entity == "invitation")
                          & col(AuditEvent.entity_id).in_([i.id for i in invites]))
    if not conditions:
        return []
    return list(session.exec(select(AuditEvent).where(or_(*conditions))).all())


def _about(event: AuditEvent, entity: str, entity_id: int) -> bool:
    return event.entity == entity and event.entity_id == entity_id


def _count(session: Session, model, *where) -> int:
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


def purge_deleted_actions(*, session: Session, now: datetime | None = None) -> int:
    """Delete, for good, the actions removed more than RESTORE_DAYS days ago (in Oslo), with
    their value-area links, progress notes and comments; returns how many. The audit log keeps each
    one's row as it was removed (actions.delete_action). Run daily by `purge-guests`."""
    today = (now or clock.now()).astimezone(clock.OSLO).date()
    cutoff = datetime.combine(today - timedelta(days=RESTORE_DAYS),
                              datetime.min.time(), tzinfo=clock.OSLO)
    ids = list(session.exec(select(Action.id).where(
        col(Action.deleted_at).is_not(None), col(Action.deleted_at) < cutoff)).all())
    if not ids:
        return 0
    session.info["allow_archived"] = True  # a removed action goes from an archive too
    on_them = (Comment.target_kind == CommentTarget.ACTION, col(Comment.target_id).in_(ids))
    for where in ((*on_them, col(Comment.parent_id).is_not(None)), on_them):  # replies first
        session.exec(delete(Comment).where(*where))  # type: ignore[call-overload]
    for model, column in ((ActionNote, ActionNote.action_id),
                          (ActionValueArea, ActionValueArea.action_id), (Action, Action.id)):
        session.exec(delete(model).where(col(column).in_(ids)))  # type: ignore[call-overload]
    changed(session)
    audit.record(session, actor=None, action="privacy.purge_actions", entity="action",
                 detail={"removed_before": cutoff.date().isoformat(), "deleted": len(ids)})
    return len(ids)
