"""Retention: `purge --archived-before DATE` takes a programme's personal data a set time after
it was archived; a dry run first. On a real database (SQLite, and PostgreSQL when asked)."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy import update
from sqlmodel import Session, func, select

from kultur3.access.permissions import OPERATOR
from kultur3.group import actions, comments, invitations, membership
from kultur3.live import joining
from kultur3.models import (
    Action,
    ActionNote,
    Answer,
    AuditEvent,
    Comment,
    CommentSeen,
    CommentTarget,
    Gathering,
    GatheringStatus,
    Invitation,
    Member,
    Participant,
    Participation,
    Programme,
    ProgrammeStatus,
    Role,
    Score,
    utcnow,
)
from kultur3.privacy import retention
from kultur3.programme import catalogue, lifecycle
from tests.conftest import actor_of, municipality_id
from tests.test_erasure import texts_holding

ROOT = Path(__file__).resolve().parents[1]
NAME, EMAIL = "Sigrun Arkivsen", "sigrun.arkivsen@asker.kommune.no"
INVITED = "petter.invitert@asker.kommune.no"


def _count(session, model, *where):
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


def _archive(demo, days_ago: int) -> int:
    """The demo programme, with a named member, an invitation and a participant who joined
    by code, archived `days_ago` days ago."""
    admin = actor_of(demo, "admin")
    pid = catalogue.list_programmes(session=demo)[0].id
    membership.add_member(session=demo, actor=admin, programme_id=pid, number="3203",
                      member=membership.MemberInput(name=NAME, group_role="Rektor",
                                                sector="Grunnskole", email=EMAIL))
    invitations.invite(session=demo, actor=admin, email=INVITED, role=Role.GROUP,
                       programme_id=pid, municipality_id=municipality_id(demo, "3203"),
                       display_name="Petter Invitert")
    live = demo.exec(select(Gathering).where(Gathering.status == GatheringStatus.ACTIVE)).first()
    joining.set_code_joining(session=demo, actor=admin, gathering_id=live.id, enabled=True)
    code = joining.ensure_join_code(session=demo, actor=admin, gathering_id=live.id)
    joining.join(session=demo, code=code, municipality_id=municipality_id(demo, "3203"))
    demo.exec(update(Action).where(Action.id == 1).values(owner_text=NAME))
    # A coordinator's progress note and a removal: both name their writer's account.
    group = actor_of(demo, "kommune-3203")
    mine = demo.exec(select(Action).where(Action.municipality_id == group.municipality_id)
                     .order_by(Action.id)).all()
    actions.update_action(session=demo, actor=group, action_id=mine[0].id,
                          base_version=mine[0].version, progress_note="Godt i gang")
    actions.delete_action(session=demo, actor=group, action_id=mine[1].id)
    said = dict(session=demo, programme_id=pid, municipality_id=group.municipality_id,
                target_kind=CommentTarget.PROJECT)
    cid = comments.add_comment(**said, actor=actor_of(demo, "fasilitator"), text="Godt mål.")
    comments.add_comment(**said, actor=group, text="Takk!", parent_id=cid)
    comments.mark_seen(**said, actor=group, up_to=cid)
    for status in (ProgrammeStatus.CLOSED, ProgrammeStatus.ARCHIVED):
        lifecycle.set_status(session=demo, actor=OPERATOR, programme_id=pid, status=status)
    demo.exec(update(Programme).where(Programme.id == pid).values(
        archived_at=utcnow() - timedelta(days=days_ago)))
    demo.commit()
    return pid


def _other_programme(demo) -> int:
    """A running programme with a member of the same municipality: never touched."""
    p = lifecycle.create_programme(session=demo, actor=OPERATOR,
                                         data=lifecycle.ProgrammeInput(name="Nytt"))
    lifecycle.enrol(session=demo, actor=OPERATOR, programme_id=p.id, numbers=["3203"])
    membership.add_member(session=demo, actor=actor_of(demo, "admin"), programme_id=p.id,
                      number="3203", member=membership.MemberInput(name="Nina Nåværende",
                                                               group_role="Lærer"))
    demo.commit()
    return p.id


def test_a_dry_run_counts_and_changes_nothing(demo):
    _archive(demo, days_ago=400)
    before = texts_holding(demo, NAME, EMAIL, INVITED)
    plan = retention.purge_archived(session=demo, archived_before=utcnow() - timedelta(days=365))
    demo.commit()
    assert plan.programmes == ("kulturskole-3-pilot",)
    assert plan.members >= 16 * 4 and plan.invitations == 1 and plan.participants == 1
    assert plan.owner_names >= 1 and plan.author_links > 0 and plan.audit_events >= 2
    assert texts_holding(demo, NAME, EMAIL, INVITED) == before


def test_a_programme_archived_later_than_the_date_is_left_alone(demo):
    _archive(demo, days_ago=30)
    plan = retention.purge_archived(session=demo, archived_before=utcnow() - timedelta(days=365),
                                    apply=True)
    assert plan.programmes == () and _count(demo, Invitation) == 1


def test_the_purge_takes_the_people_and_keeps_the_work(demo):
    pid = _archive(demo, days_ago=400)
    other = _other_programme(demo)
    work = (_count(demo, Answer), _count(demo, Score), _count(demo, Action),
            _count(demo, Member))
    retention.purge_archived(session=demo, archived_before=utcnow() - timedelta(days=365),
                             apply=True)
    demo.commit()
    assert texts_holding(demo, NAME, EMAIL, INVITED) == []
    assert _count(demo, Invitation) == 0 and _count(demo, Participant) == 0
    assert (_count(demo, Answer), _count(demo, Score), _count(demo, Action),
            _count(demo, Member)) == work
    assert "Nina Nåværende" in set(demo.exec(select(Member.name)).all())  # still running
    archived = demo.exec(select(Member).join(Participation).where(
        Participation.programme_id == pid)).all()
    assert {(m.name, m.email, m.group_role, m.user_id) for m in archived} == {
        (retention.REMOVED, None, "", None)}
    assert not demo.exec(select(Answer).where(Answer.author_id.is_not(None))).all()
    assert not demo.exec(select(ActionNote).where(ActionNote.author_id.is_not(None))).all()
    assert not demo.exec(select(Action).where(Action.deleted_by_id.is_not(None))).all()
    # Comments stay as the group's work, no longer saying whose; nor what anyone had read.
    assert [(c.text, c.author_id) for c in demo.exec(select(Comment).where(
        Comment.target_kind == CommentTarget.PROJECT).order_by(Comment.id))] == [
        ("Godt mål.", None), ("Takk!", None)]
    assert not demo.exec(select(Comment).where(Comment.author_id.is_not(None))).all()
    assert _count(demo, CommentSeen) == 0
    event = demo.exec(select(AuditEvent).where(
        AuditEvent.action == "privacy.purge_programme")).one()
    assert event.detail["programmes"] == ["kulturskole-3-pilot"]
    again = retention.purge_archived(session=demo,
                                     archived_before=utcnow() - timedelta(days=365))
    assert (again.members, again.invitations, again.participants) == (0, 0, 0)
    assert _count(demo, Member, Member.participation_id.in_(select(Participation.id).where(
        Participation.programme_id == other))) == 1


def test_the_command_line_dry_run_then_yes(engine):
    url = engine.url.render_as_string(hide_password=False)
    env = {**os.environ, "DATABASE_URL": url, "KULTUR3_DEMO": "1"}

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "kultur3", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)

    assert cli("seed", "--demo").returncode == 0
    with Session(engine) as s:
        _archive(s, days_ago=400)
    cutoff = (utcnow() - timedelta(days=365)).date().isoformat()
    dry = cli("purge", "--archived-before", cutoff)
    assert dry.returncode == 0 and "Ville slettet fra kulturskole-3-pilot" in dry.stdout
    assert "Ingenting er slettet" in dry.stdout
    with Session(engine) as s:
        assert _count(s, Member, Member.name == NAME) == 1
    done = cli("purge", "--archived-before", cutoff, "--yes")
    assert done.returncode == 0 and "Slettet fra kulturskole-3-pilot" in done.stdout
    with Session(engine) as s:
        assert _count(s, Member, Member.name == NAME) == 0
