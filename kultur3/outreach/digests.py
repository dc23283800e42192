"""The weekly digests: to each group's coordinator (their group's actions overdue and due in
the coming week, unread comments, the next gathering and its preparation task) and to each
adviser (their municipalities that are quiet or behind). Period: the ISO week, so the first
run of a week sends it and every later run that week finds it claimed.

A digest with nothing to say is not sent: a weekly «nothing» teaches people to ignore it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from kultur3.access import identity
from kultur3.access.permissions import OPERATOR
from kultur3.core import formatting
from kultur3.core.errors import PermissionDenied
from kultur3.core.i18n import t
from kultur3.group import comments
from kultur3.group.actions import OPEN
from kultur3.insight import adviser_home
from kultur3.models import (
    Action,
    AdviserAssignment,
    Gathering,
    Member,
    Municipality,
    Participation,
    Programme,
    ReminderKind,
    Role,
    User,
)
from kultur3.outreach import preferences
from kultur3.outreach.gathering_mail import RUNNING, upcoming, when_and_where
from kultur3.outreach.mails import PLAN_PATH, Mail, address, footer, single_line

# «Due this week»: the seven days from the run's date, so weekly digests leave no day out
# whichever weekday the timer sends the first one on.
WEEK_DAYS = 7


def iso_week(today: date) -> str:
    """The period of a weekly digest: «2026-W50»."""
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class Group:
    programme_id: int
    programme: str
    municipality_id: int
    municipality: str


def coordinators(session: Session) -> dict[int, list[Group]]:
    """Active coordinators with an account, and the groups they coordinate in running
    programmes (kultur3/group/membership.py: one coordinator per group). The account must
    still be a group account of that municipality (as membership.is_coordinator asks): a
    member row outlives a change of role or municipality (/brukere), and its old group's
    actions must not follow the person to their new job."""
    rows = session.exec(select(Member.user_id, Programme.id, Programme.name,
                               Municipality.id, Municipality.name)
                        .join(Participation, Participation.id == Member.participation_id)
                        .join(Programme, Programme.id == Participation.programme_id)
                        .join(Municipality, Municipality.id == Participation.municipality_id)
                        .join(User, User.id == Member.user_id)
                        .where(col(Member.is_coordinator), col(Member.active), col(User.active),
                               User.role == Role.GROUP,
                               User.municipality_id == Participation.municipality_id,
                               col(Programme.status).in_(RUNNING))
                        .order_by(Member.user_id, Programme.name, Municipality.name)).all()
    found: dict[int, list[Group]] = defaultdict(list)
    for user_id, pid, pname, mid, mname in rows:
        found[user_id].append(Group(pid, pname, mid, mname))
    return dict(found)


def unread_comments(session: Session, user_id: int, group: Group) -> int:
    """How many comments by others on the group's work the person has not read
    (kultur3/group/comments.py, read as the person)."""
    actor = identity.actor_for(session, session.get(User, user_id).username)
    if actor is None:  # closed since the run began
        return 0
    try:
        return comments.unread(session=session, actor=actor, programme_id=group.programme_id,
                               municipality_id=group.municipality_id).total
    except PermissionDenied:  # a coordinator row whose account no longer reads the group
        return 0


def preparation_task(session: Session, gathering_id: int) -> str:
    """The next gathering's preparation task (Gathering.prep_task), on one line; "" for
    none."""
    g = session.get(Gathering, gathering_id)
    return single_line(g.prep_task) if g is not None else ""


def _action_lines(session: Session, group: Group, first: date, last: date | None,
                  lang: str) -> list[str]:
    where = [Action.programme_id == group.programme_id,
             Action.municipality_id == group.municipality_id,
             col(Action.status).in_(OPEN), Action.deadline >= first,
             col(Action.deleted_at).is_(None)]  # a removed action (actions.delete_action)
    if last is not None:
        where.append(Action.deadline <= last)
    rows = session.exec(select(Action.title, Action.deadline).where(*where)
                        .order_by(Action.deadline, Action.id)).all()
    return [t("reminders.action_line", lang, title=single_line(title),
              deadline=formatting.fmt_date(deadline, lang)) for title, deadline in rows]


def _group_lines(session: Session, user_id: int, group: Group, today: date,
                 lang: str) -> list[str]:
    """What the coordinator should know about one group this week; [] when nothing."""
    overdue = _action_lines(session, group, date.min, today - timedelta(1), lang)
    due = _action_lines(session, group, today, today + timedelta(WEEK_DAYS - 1), lang)
    unread = unread_comments(session, user_id, group)
    nxt = upcoming(session, group.programme_id, group.municipality_id, today=today)
    if not (overdue or due or unread or nxt):
        return []
    lines = [t("reminders.group_heading", lang, municipality=group.municipality,
               programme=single_line(group.programme))]
    if overdue:
        lines += [t("reminders.overdue", lang, n=len(overdue)), *overdue]
    if due:
        lines += [t("reminders.due", lang, n=len(due)), *due]
    if not (overdue or due):
        lines.append(t("reminders.nothing_due", lang))
    if unread:
        lines.append(t("reminders.unread_comments", lang, n=unread))
    if nxt is not None:
        lines.append(t("reminders.next_gathering", lang, gathering=when_and_where(nxt, lang)))
        task = preparation_task(session, nxt.id)
        if task:
            lines.append(t("reminders.preparation", lang, task=single_line(task)))
    return [*lines, ""]


def coordinator_digests(session: Session, *, today: date, base: str) -> list[Mail]:
    """One digest per coordinator, covering every group they coordinate."""
    found = []
    week = iso_week(today=today)
    for user_id, groups in coordinators(session).items():
        prefs = preferences.of_user(session, user_id)
        if not prefs.wants(ReminderKind.COORDINATOR_DIGEST):
            continue
        lang, user = prefs.lang, session.get(User, user_id)
        lines = [line for g in groups for line in _group_lines(session, user_id, g, today=today,
                                                               lang=lang)]
        if not lines:
            continue
        names = ", ".join(g.municipality for g in groups)
        body = [t("reminders.hello", lang, name=single_line(user.display_name)), "",
                t("reminders.coordinator_intro", lang), "", *lines,
                t("reminders.plan_link", lang, link=f"{base}{PLAN_PATH}"),
                footer(lang, base, t("reminders.why_coordinator", lang, municipalities=names))]
        found.append(Mail(user_id=user_id, to=address(session, user), lang=lang,
                          kind=ReminderKind.COORDINATOR_DIGEST, period=week,
                          subject=t("reminders.coordinator_subject", lang, week=week),
                          body="\n".join(body)))
    return found


@dataclass(frozen=True)
class AdviserRow:
    """One of an adviser's municipalities that may need a call."""

    municipality: str
    quiet_weeks: int  # weeks since the group's last write; 0: active lately
    overdue: int  # its actions past their deadline
    never: bool = False  # the group has written nothing yet


def _adviser_rows(session: Session, user_id: int, today: date) -> list[AdviserRow]:
    """The adviser's municipalities, in every running programme, that have been quiet for
    three weeks or more (adviser_home.QUIET_DAYS, as «Mine kommuner» says it) or have overdue
    actions; the one «Mine kommuner» puts first comes first."""
    found: list[tuple[int, AdviserRow]] = []
    programmes = session.exec(select(AdviserAssignment.programme_id).distinct()
                              .join(Programme, Programme.id == AdviserAssignment.programme_id)
                              .where(AdviserAssignment.user_id == user_id,
                                     col(Programme.status).in_(RUNNING))).all()
    for programme_id in sorted(programmes):
        home = adviser_home.adviser_home(session=session, actor=OPERATOR,
                                         programme_id=programme_id, today=today,
                                         adviser_id=user_id)
        for row in home.rows:
            quiet = row.days_since is None or row.days_since >= adviser_home.QUIET_DAYS
            if quiet or row.overdue:
                weeks = (row.days_since // 7) if row.days_since is not None else 0
                found.append((row.weight, AdviserRow(
                    municipality=row.name, quiet_weeks=weeks if quiet else 0,
                    overdue=row.overdue, never=row.days_since is None)))
    return [row for _w, row in sorted(found, key=lambda p: -p[0])]


def advisers(session: Session) -> list[int]:
    """The active facilitator accounts that follow at least one municipality."""
    return list(session.exec(select(User.id).distinct().join(
        AdviserAssignment, AdviserAssignment.user_id == User.id).where(
        User.role == Role.FACILITATOR, col(User.active)).order_by(User.id)).all())


def adviser_digests(session: Session, *, today: date, base: str) -> list[Mail]:
    """One digest per adviser with a municipality to call about."""
    found = []
    week = iso_week(today=today)
    for user_id in advisers(session):
        prefs = preferences.of_user(session, user_id)
        rows = _adviser_rows(session, user_id, today=today) if prefs.adviser_digest else []
        if not rows:
            continue
        lang, user = prefs.lang, session.get(User, user_id)
        lines = []
        for row in rows:
            why = ([t("reminders.adviser_never", lang)] if row.never else
                   [t("reminders.adviser_quiet", lang, n=row.quiet_weeks)]
                   if row.quiet_weeks else [])
            why += [t("reminders.adviser_overdue", lang, n=row.overdue)] if row.overdue else []
            lines.append(t("reminders.adviser_line", lang, municipality=row.municipality,
                           reasons="; ".join(why)))
        body = [t("reminders.hello", lang, name=single_line(user.display_name)), "",
                t("reminders.adviser_intro", lang), *lines,
                footer(lang, base, t("reminders.why_adviser", lang))]
        found.append(Mail(user_id=user_id, to=address(session, user), lang=lang,
                          kind=ReminderKind.ADVISER_DIGEST, period=week,
                          subject=t("reminders.adviser_subject", lang, week=week),
                          body="\n".join(body)))
    return found
