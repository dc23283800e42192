"""Find, export and erase one person's data."""

import json

import pytest
from sqlmodel import select

from kultur3.access import accounts, identity
from kultur3.access.permissions import OPERATOR
from kultur3.core.errors import InvalidInput, PermissionDenied
from kultur3.live import joining
from kultur3.models import Action, Answer, AuditEvent, LoginAttempt, Member, Score, User
from kultur3.privacy import personal_data
from tests.conftest import actor_of


def test_only_admins(demo):
    with pytest.raises(PermissionDenied):
        personal_data.find_people(session=demo, actor=actor_of(demo, "fasilitator"), query="kommune")


def test_find_export_and_delete_a_member(demo):
    admin = actor_of(demo, "admin")
    member = demo.exec(select(Member)).first()
    found = personal_data.find_people(session=demo, actor=admin, query=member.name.split()[0])
    assert any(p.kind == "member" and p.id == member.id for p in found)
    data = personal_data.export_person(session=demo, actor=admin, kind="member", person_id=member.id)
    json.dumps(data, default=str)  # exportable as JSON
    assert data["member"]["name"] == member.name and data["scores"]
    demo.add(Action(programme_id=1, municipality_id=1, title="Eid av medlem",
                    owner_member_id=member.id))
    demo.flush()
    personal_data.delete_person(session=demo, actor=admin, kind="member", person_id=member.id)
    assert demo.get(Member, member.id) is None
    assert not demo.exec(select(Score).where(Score.member_id == member.id)).all()
    action = demo.exec(select(Action).where(Action.title == "Eid av medlem")).one()
    assert action.owner_member_id is None and action.owner_text == personal_data.REMOVED_OWNER


def test_a_users_progress_notes_are_exported_and_unlinked_when_erased(demo):
    """The history of an action's progress names who wrote each note: in the export, and
    gone with the account (the note stays, the group's work)."""
    from kultur3.group import action_edit, actions
    admin, group = actor_of(demo, "admin"), actor_of(demo, "kommune-3203")
    action = demo.exec(select(Action).where(
        Action.municipality_id == group.municipality_id)).first()
    actions.update_action(session=demo, actor=group, action_id=action.id,
                          base_version=action.version, progress_note="Møte med rektor holdt")
    data = personal_data.export_person(session=demo, actor=admin, kind="user",
                                       person_id=group.user_id)
    assert "Møte med rektor holdt" in [n["text"] for n in data["progress_notes_written"]]
    personal_data.delete_person(session=demo, actor=admin, kind="user", person_id=group.user_id)
    notes = action_edit.action_notes(session=demo, actor=admin, programme_id=action.programme_id,
                                     municipality_id=group.municipality_id)
    assert [(n.text, n.author) for n in notes if n.action_id == action.id][0] == (
        "Møte med rektor holdt", "")


def test_delete_a_user_keeps_the_groups_work_without_the_name(demo):
    admin = actor_of(demo, "admin")
    accounts.authenticate(session=demo, username="kommune-3203", password="feil")
    user = demo.exec(select(User).where(User.username == "kommune-3203")).one()
    answers_before = len(demo.exec(select(Answer).where(Answer.author_id == user.id)).all())
    assert answers_before
    data = personal_data.export_person(session=demo, actor=admin, kind="user", person_id=user.id)
    assert "password_hash" not in data["user"] and data["login_attempts"]
    personal_data.delete_person(session=demo, actor=admin, kind="user", person_id=user.id)
    assert demo.get(User, user.id) is None
    assert not demo.exec(select(Answer).where(Answer.author_id == user.id)).all()
    assert len(demo.exec(select(Answer)).all()) > answers_before  # answers themselves stay
    assert not demo.exec(select(LoginAttempt).where(
        LoginAttempt.username == "kommune-3203")).all()
    assert not demo.exec(select(AuditEvent).where(AuditEvent.user_id == user.id)).all()


def test_admin_cannot_erase_themself_and_short_queries_are_refused(demo):
    admin = actor_of(demo, "admin")
    with pytest.raises(InvalidInput):
        personal_data.delete_person(session=demo, actor=admin, kind="user", person_id=admin.user_id)
    with pytest.raises(InvalidInput):
        personal_data.find_people(session=demo, actor=admin, query="a")


def test_guest_scores_are_purged_after_the_retention_period(demo):
    from datetime import timedelta

    from kultur3.group import workspace
    from kultur3.models import ScoreKind, utcnow
    asker = actor_of(demo, "kommune-3203")
    for key in ("old-guest", "new-guest"):
        workspace.save_score(session=demo, actor=asker, gathering_id=1,
                             municipality_id=asker.municipality_id, value_area_id=1,
                             kind=ScoreKind.CURRENT, value=3, guest_key=key)
    old = demo.exec(select(Score).where(Score.guest_key == "old-guest")).one()
    old.updated_at = utcnow() - timedelta(days=400)
    demo.add(old)
    demo.flush()
    assert personal_data.purge_guests(session=demo, older_than_days=365) == 1
    assert {s.guest_key for s in demo.exec(select(Score).where(Score.guest_key.is_not(None)))} \
        == {"new-guest"}
    with pytest.raises(InvalidInput):
        personal_data.purge_guests(session=demo, older_than_days=0)


def test_code_joined_participants_are_forgotten_after_the_retention_period(demo):
    from datetime import timedelta

    from kultur3.group import workspace
    from kultur3.models import Gathering, Participant, ScoreKind, utcnow
    staff = actor_of(demo, "fasilitator")
    gid = demo.exec(select(Gathering.id).where(Gathering.status == "active")).one()
    joining.set_code_joining(session=demo, actor=staff, gathering_id=gid, enabled=True)
    code = demo.get(Gathering, gid).join_code
    asker = actor_of(demo, "kommune-3203").municipality_id
    old_key = joining.join(session=demo, code=code, municipality_id=asker)
    new_key = joining.join(session=demo, code=code, municipality_id=asker)
    old = identity.participant_actor(demo, old_key)
    workspace.save_score(session=demo, actor=old, gathering_id=gid, municipality_id=asker,
                         value_area_id=1, kind=ScoreKind.CURRENT, value=2,
                         guest_key=f"p{old.participant_id}")
    row = demo.exec(select(Participant).where(Participant.key == old_key)).one()
    row.joined_at = utcnow() - timedelta(days=400)
    score = demo.exec(select(Score).where(Score.guest_key == f"p{old.participant_id}")).one()
    score.updated_at = utcnow() - timedelta(days=400)
    demo.add_all([row, score])
    demo.flush()
    assert personal_data.purge_participants(session=demo, older_than_days=365) == 1
    assert personal_data.purge_guests(session=demo, older_than_days=365) == 1
    assert identity.participant_actor(demo, old_key) is None
    assert identity.participant_actor(demo, new_key) is not None


def test_erasing_a_municipal_leader_keeps_the_anchoring_without_the_name(demo):
    from kultur3.group import anchoring
    from kultur3.models import Anchoring
    from kultur3.programme import catalogue
    pid = catalogue.list_programmes(session=demo)[0].id
    group, leader = actor_of(demo, "kommune-3203"), actor_of(demo, "kommuneleder-3203")
    entry = anchoring.add_entry(session=demo, actor=group, programme_id=pid,
                                municipality_id=group.municipality_id,
                                data=anchoring.AnchoringInput(kind="budsjett", title="Friplasser"))
    anchoring.review(session=demo, actor=leader, entry_id=entry, comment="Ja", approve=True)
    personal_data.delete_person(session=demo, actor=actor_of(demo, "admin"), kind="user",
                          person_id=leader.user_id)
    kept = demo.get(Anchoring, entry)
    assert kept is not None and kept.approved_by_id is None and kept.title == "Friplasser"


def test_erasing_an_invited_person_forgets_the_invitation_and_the_access(demo):
    from kultur3.group import invitations
    from kultur3.models import Invitation, ProgrammeAccess, Role
    from kultur3.programme import catalogue
    pid = catalogue.list_programmes(session=demo)[0].id
    token = invitations.invite(session=demo, actor=OPERATOR, email="per@ks.no",
                               role=Role.FACILITATOR, programme_id=pid).token
    per = invitations.accept(session=demo, token=token, password="et-godt-passord-1")
    exported = personal_data.export_person(session=demo, actor=actor_of(demo, "admin"), kind="user",
                                     person_id=per.user_id)
    assert exported["programmes"] == [pid] and exported["invitations"][0]["email"] == "per@ks.no"
    assert "token_hash" not in exported["invitations"][0]
    personal_data.delete_person(session=demo, actor=actor_of(demo, "admin"), kind="user",
                          person_id=per.user_id)
    assert not demo.exec(select(Invitation).where(Invitation.email == "per@ks.no")).all()
    assert not demo.exec(select(ProgrammeAccess).where(
        ProgrammeAccess.user_id == per.user_id)).all()
