"""Find, export and delete one person's data: a group member or a user account. Admins only."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, update
from sqlmodel import Session, col, func, or_, select

from kultur3.access import audit, calendar_links
from kultur3.access.permissions import Actor, check
from kultur3.core.errors import InvalidInput, NotFound
from kultur3.core.validation import clean_text
from kultur3.group import comments, score_cells
from kultur3.models import (
    Action,
    ActionNote,
    AdviserAssignment,
    Anchoring,
    Answer,
    AuditEvent,
    CalendarFeed,
    Comment,
    CommentSeen,
    Idea,
    Invitation,
    LogEntry,
    LoginAttempt,
    Member,
    Municipality,
    Participation,
    ProgrammeAccess,
    RateEvent,
    ReminderPreference,
    ReminderSent,
    ResearchConsent,
    RoomDot,
    Score,
    SessionHandoff,
    Survey,
    User,
    UserSession,
    Vote,
)
from kultur3.privacy import erasure
from kultur3.programme import research
from kultur3.store import ratelimit
from kultur3.store.changed import changed

MEMBER, USER = "member", "user"
REMOVED_OWNER = "(slettet person)"


@dataclass(frozen=True)
class PersonRef:
    kind: str  # "member" or "user"
    id: int
    label: str
    municipality: str


def find_people(*, session: Session, actor: Actor, query: str) -> list[PersonRef]:
    """Members and users whose name, email or username contains the query."""
    check(actor, "privacy.export")
    q = clean_text(query)
    if len(q) < 2:
        raise InvalidInput(key="privacy.query_short")
    like = f"%{q}%"
    members = session.exec(
        select(Member, Municipality.name)
        .join(Participation, Participation.id == Member.participation_id)
        .join(Municipality, Municipality.id == Participation.municipality_id)
        .where(or_(col(Member.name).ilike(like), col(Member.email).ilike(like)))).all()
    users = session.exec(
        select(User, Municipality.name)
        .join(Municipality, Municipality.id == User.municipality_id, isouter=True)
        .where(or_(col(User.username).ilike(like), col(User.display_name).ilike(like)))).all()
    return ([PersonRef(MEMBER, m.id, f"{m.name} ({m.group_role})", name) for m, name in members]
            + [PersonRef(USER, u.id, f"{u.display_name} ({u.username})", name or "")
               for u, name in users])


def export_person(*, session: Session, actor: Actor, kind: str, person_id: int) -> dict:
    """Everything stored about one person, as plain JSON-ready values."""
    check(actor, "privacy.export")
    if kind == MEMBER:
        m = session.get(Member, person_id) or _missing()
        scores = session.exec(select(Score).where(Score.member_id == person_id)).all()
        owned = session.exec(select(Action.title).where(Action.owner_member_id == person_id))
        dots = session.exec(select(RoomDot).where(RoomDot.voter_key == f"m{person_id}")).all()
        votes = session.exec(select(Vote).where(Vote.voter_key == f"m{person_id}")).all()
        return {"member": m.model_dump(), "scores": [s.model_dump() for s in scores],
                "owns_actions": list(owned.all()),
                "room_vote_dots": [d.model_dump() for d in dots],
                "group_vote_dots": [v.model_dump() for v in votes]}
    u = session.get(User, person_id) or _missing()
    user = u.model_dump(exclude={"password_hash"})
    answers = session.exec(select(Answer.id, Answer.text).where(Answer.author_id == person_id))
    events = session.exec(select(AuditEvent).where(AuditEvent.user_id == person_id)).all()
    logins = session.exec(select(LoginAttempt).where(LoginAttempt.username == u.username)).all()
    invited = session.exec(select(Invitation).where(
        (Invitation.user_id == person_id) | (Invitation.email == u.username))).all()
    access = session.exec(select(ProgrammeAccess.programme_id).where(
        ProgrammeAccess.user_id == person_id)).all()
    members = session.exec(select(Member).where(
        (Member.user_id == person_id) | (func.lower(Member.email) == u.username))).all()
    logged_in = session.exec(select(UserSession).where(UserSession.user_id == person_id)).all()
    notes = session.exec(select(ActionNote).where(ActionNote.author_id == person_id)).all()
    reminders = session.get(ReminderPreference, person_id)
    mailed = session.exec(select(ReminderSent).where(ReminderSent.user_id == person_id)
                          .order_by(ReminderSent.id)).all()
    advises = session.exec(select(AdviserAssignment).where(
        AdviserAssignment.user_id == person_id)).all()
    written = session.exec(select(Comment).where(Comment.author_id == person_id)).all()
    seen = session.exec(select(CommentSeen).where(CommentSeen.user_id == person_id)).all()
    surveys = session.exec(select(Survey).where(Survey.created_by_id == person_id)).all()
    ideas = session.exec(select(Idea).where(Idea.user_id == person_id)).all()
    return {"ideas": [i.model_dump(mode="json") for i in ideas],
            "user": user, "sessions": [r.model_dump(exclude={"token_hash"}) for r in logged_in],
            "reminder_preferences": reminders.model_dump() if reminders else None,
            "reminders_sent": [r.model_dump() for r in mailed],
            "advises": [a.model_dump() for a in advises],
            "calendar_links": calendar_links.export_rows(session, person_id),
            "research_consents": research.export_rows(session, person_id),
            "comments_written": [c.model_dump() for c in written],
            "comments_seen": [r.model_dump() for r in seen],
            "surveys_made": [s.model_dump(exclude={"token"}) for s in surveys],
            "member_rows": [m.model_dump() for m in members],
            "answers_written": [dict(r._mapping) for r in answers.all()],
            "progress_notes_written": [n.model_dump(mode="json") for n in notes],
            "audit_events": [e.model_dump() for e in events],
            "login_attempts": [a.model_dump() for a in logins],
            "invitations": [i.model_dump(exclude={"token_hash"}) for i in invited],
            "programmes": list(access)}


# Rate-limit counters keyed on a person's address (ratelimit.key_for(kind, address)). A new
# limit on something personal adds its kind here.
PERSON_RATE_KINDS = ("reset-address",)
# Rows that hang on an account and go with it: (table, its user column). A table that keeps
# something per account (server-side login sessions, say) adds one line here.
# Login sessions and hand-off codes go too (their foreign keys cascade as well; this says so
# where a reader of erasure looks), and the municipalities they advised (who follows whom).
USER_ROWS: tuple = ((ProgrammeAccess, ProgrammeAccess.user_id), (UserSession, UserSession.user_id),
                    (SessionHandoff, SessionHandoff.user_id), (CalendarFeed, CalendarFeed.user_id),
                    (CommentSeen, CommentSeen.user_id),
                    (AdviserAssignment, AdviserAssignment.user_id),
                    (ReminderPreference, ReminderPreference.user_id),
                    (ReminderSent, ReminderSent.user_id),
                    (ResearchConsent, ResearchConsent.user_id),
                    (Idea, Idea.user_id))
# Columns that only point at the account: the row stays (it is the group's work), unnamed.
USER_REFERENCES: tuple = ((Answer, Answer.author_id), (Answer, Answer.entered_by_id),
                          (Action, Action.created_by_id), (Action, Action.deleted_by_id),
                          (ActionNote, ActionNote.author_id), (LogEntry, LogEntry.author_id),
                          (Score, Score.entered_by_id), (Member, Member.user_id),
                          (Invitation, Invitation.invited_by_id),
                          (Anchoring, Anchoring.approved_by_id),
                          (Anchoring, Anchoring.created_by_id),
                          (Action, Action.entered_by_id), (LogEntry, LogEntry.entered_by_id),
                          (Anchoring, Anchoring.entered_by_id),
                          (AdviserAssignment, AdviserAssignment.assigned_by_id),
                          (Survey, Survey.created_by_id))


def delete_person(*, session: Session, actor: Actor, kind: str, person_id: int) -> None:
    """Erase one person: their rows go, and their name and address leave every text that is
    left (kultur3.privacy.erasure); the audit log keeps its events under «slettet-<id>». The group's
    shared work (answers, agreed scores, actions) stays, without their name on it. A member
    with an account of their own (its username is the member's address) is erased with it.
    Reaches archived programmes too: erasure is a right."""
    check(actor, "privacy.erase")
    session.info["allow_archived"] = True
    account = True  # an account goes too (users=True below)
    if kind == MEMBER:
        m = session.get(Member, person_id) or _missing()
        own = _own_account(session, m)
        if own is None:
            account = False
            _erase_members(session, [m])
            _scrub(session, [m.name, m.email], pseudonym=f"slettet-medlem-{person_id}")
        else:
            _erase_user(session, actor, own)
    else:
        _erase_user(session, actor, session.get(User, person_id) or _missing())
    session.flush()
    session.expire_all()  # rows changed by statement above; nothing stale is read after
    changed(session, users=account)
    audit.record(session, actor=actor, action="privacy.delete", entity=kind, entity_id=person_id)


def _own_account(session: Session, m: Member) -> User | None:
    """The member's personal account: the one whose username is the member's address,
    linked or not (a shared group login is linked too, but is not this person)."""
    address = (m.email or "").strip().lower()
    if not address:
        return None
    return session.exec(select(User).where(User.username == address)).first()


def _erase_members(session: Session, members: list[Member]) -> None:
    """Member rows go with their own scores; actions they owned keep «(slettet person)»."""
    for m in members:
        cells = score_cells.keys_of(session, Score.member_id == m.id)
        session.exec(delete(Score).where(Score.member_id == m.id))  # type: ignore[call-overload]
        score_cells.refresh(session, cells)
        session.exec(delete(RoomDot).where(  # type: ignore[call-overload]
            RoomDot.voter_key == f"m{m.id}"))  # the room-wide vote's dots they placed
        session.exec(delete(Vote).where(  # type: ignore[call-overload]
            Vote.voter_key == f"m{m.id}"))  # and their group's vote's (Prioritering)
        session.exec(update(Action).where(Action.owner_member_id == m.id)  # type: ignore[call-overload]
                     .values(owner_member_id=None, owner_text=REMOVED_OWNER))
        _forget_address(session, m.email)
        session.delete(m)
    session.flush()


def _forget_address(session: Session, email: str | None) -> None:
    """Invitations to the address and the rate counters keyed on it."""
    address = (email or "").strip().lower()
    if not address:
        return
    session.exec(delete(Invitation).where(  # type: ignore[call-overload]
        func.lower(Invitation.email) == address))
    session.exec(delete(RateEvent).where(col(RateEvent.key).in_(  # type: ignore[call-overload]
        [ratelimit.key_for(k, address) for k in PERSON_RATE_KINDS])))


def _erase_user(session: Session, actor: Actor, u: User) -> None:
    if u.id == actor.user_id:
        raise InvalidInput(key="admin.not_yourself")
    own = session.exec(select(Member).where(func.lower(Member.email) == u.username)).all()
    invited = session.exec(select(Invitation.display_name).where(
        (Invitation.user_id == u.id) | (func.lower(Invitation.email) == u.username))).all()
    # Their comments are removed, not kept unsigned as the group's work is: a comment is its
    # author's own message, and the group would know whose from its words and place in the
    # thread. One that others replied to stays as «Kommentaren er slettet», so their
    # replies keep their place (kultur3.group.comments.remove).
    comments.remove(session, list(session.exec(select(Comment).where(
        Comment.author_id == u.id)).all()))
    for model, column in USER_REFERENCES:
        session.exec(update(model).where(column == u.id)  # type: ignore[call-overload]
                     .values({column.key: None}))
    _erase_members(session, list(own))
    pseudonym = f"slettet-{u.id}"
    session.exec(update(AuditEvent).where(AuditEvent.user_id == u.id)  # type: ignore[call-overload]
                 .values(user_id=None, username=pseudonym))
    session.exec(delete(LoginAttempt).where(  # type: ignore[call-overload]
        func.lower(LoginAttempt.username) == u.username))
    session.exec(delete(Invitation).where(Invitation.user_id == u.id))  # type: ignore[call-overload]
    _forget_address(session, u.username)
    for model, column in USER_ROWS:
        session.exec(delete(model).where(column == u.id))  # type: ignore[call-overload]
    session.delete(u)
    session.flush()
    _scrub(session, [u.username, u.display_name, *invited, *(m.name for m in own),
                     *(m.email for m in own)], pseudonym=pseudonym)


def _scrub(session: Session, values: list[str | None], *, pseudonym: str) -> None:
    erasure.sweep(session, erasure.needles(*values), replacement=REMOVED_OWNER,
                  pseudonym=pseudonym)


def _missing():
    raise NotFound()


def purge_guests(*, session: Session, older_than_days: int, now=None) -> int:
    """Delete scores given by guests (people without an account) older than the retention
    period; returns how many. Run by the operator: `python -m kultur3 purge-guests`."""
    from datetime import timedelta

    from kultur3.models import utcnow
    if older_than_days < 1:
        raise InvalidInput(key="privacy.retention_days")
    cutoff = (now or utcnow()) - timedelta(days=older_than_days)
    old = (col(Score.guest_key).is_not(None), Score.updated_at < cutoff)
    cells = score_cells.keys_of(session, *old)
    result = session.exec(delete(Score).where(*old))  # type: ignore[call-overload]
    score_cells.refresh(session, cells)
    if result.rowcount:
        changed(session)
    audit.record(session, actor=None, action="privacy.purge_guests", entity="score",
                 detail={"older_than_days": older_than_days, "deleted": result.rowcount})
    return result.rowcount


def purge_participants(*, session: Session, older_than_days: int, now=None) -> int:
    """Forget participants who joined a gathering by code longer ago than the retention
    period: their key stops working and the row goes. What they wrote stays as their group's
    work (it never carried their name); their dots keep only an opaque voter key; their own
    ideas («hver for seg først», kultur3/live/room_screens.py) go with them."""
    from datetime import timedelta

    from kultur3.models import Participant, utcnow
    if older_than_days < 1:
        raise InvalidInput(key="privacy.retention_days")
    cutoff = (now or utcnow()) - timedelta(days=older_than_days)
    # Their own ideas («hver for seg først») go with them: personal, never the group's answer.
    session.exec(delete(Idea).where(col(Idea.participant_id).in_(  # type: ignore[call-overload]
        select(Participant.id).where(Participant.joined_at < cutoff))))
    result = session.exec(delete(Participant).where(  # type: ignore[call-overload]
        Participant.joined_at < cutoff))
    if result.rowcount:
        changed(session)
    audit.record(session, actor=None, action="privacy.purge_participants", entity="participant",
                 detail={"older_than_days": older_than_days, "deleted": result.rowcount})
    return result.rowcount


# A reminder's record (kultur3/outreach/run.py) is kept this long, then deleted by the next
# send-reminders run: far past the week a digest's record must outlive (a second run that
# week finds it) and the days before a gathering a reminder's must, and about a quarter of
# answers to «did Kari get the reminder?»; no longer, since it says when a person was mailed.
REMINDER_RECORD_DAYS = 90


def purge_reminder_records(*, session: Session, now=None) -> int:
    """Delete reminder records older than REMINDER_RECORD_DAYS; returns how many."""
    from datetime import timedelta

    from kultur3.models import utcnow
    cutoff = (now or utcnow()) - timedelta(days=REMINDER_RECORD_DAYS)
    result = session.exec(delete(ReminderSent).where(  # type: ignore[call-overload]
        ReminderSent.claimed_at < cutoff))
    if result.rowcount:  # a daily run with nothing to delete wrote nothing
        changed(session)
        audit.record(session, actor=None, action="privacy.purge_reminders", entity="reminder",
                     detail={"older_than_days": REMINDER_RECORD_DAYS, "deleted": result.rowcount})
    return result.rowcount
