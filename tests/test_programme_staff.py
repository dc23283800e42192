"""Taking one person's access to one programme away (issue 21 §3): the account stays, the
programme's data does not open to them any more."""

from datetime import date, timedelta

import pytest
from sqlmodel import select

from kultur3 import live
from kultur3.access import programme_staff
from kultur3.core.errors import NotFound, PermissionDenied
from kultur3.insight import dashboard, overview
from kultur3.models import AuditEvent, GatheringKind, Invitation, ProgrammeStatus, Role, utcnow
from kultur3.programme import catalogue, gatherings, lifecycle
from tests.conftest import actor_of


@pytest.fixture
def pilot(demo):
    return catalogue.list_programmes(session=demo)[0]


def test_a_revoked_facilitator_and_leader_cannot_read_the_programme_any_more(demo, pilot):
    admin = actor_of(demo, "admin")
    staff, leader = actor_of(demo, "fasilitator"), actor_of(demo, "leder")
    gid = catalogue.gatherings_for(session=demo, programme_id=pilot.id)[0].id
    reads = {
        "gap_frame": lambda a: dashboard.gap_frame(session=demo, actor=a, programme_id=pilot.id),
        "municipality_gaps": lambda a: overview.municipality_gaps(
            session=demo, actor=a, programme_id=pilot.id),
        "check_programme": lambda a: catalogue.check_programme(
            session=demo, actor=a, programme_id=pilot.id),
    }
    for read in reads.values():  # before: both read the pilot
        read(staff), read(leader)
    live.live_state(session=demo, actor=staff, gathering_id=gid)
    people = {r.username for r in programme_staff.programme_staff(
        session=demo, actor=admin, programme_id=pilot.id)}
    assert {"fasilitator", "leder"} <= people
    for who in (staff, leader):
        programme_staff.revoke_access(session=demo, actor=admin, programme_id=pilot.id,
                                      user_id=who.user_id)
    demo.commit()
    for name, read in reads.items():
        for who in (staff, leader):
            with pytest.raises(PermissionDenied):
                read(who)
            demo.rollback()
        assert name
    with pytest.raises(PermissionDenied):
        gatherings.create_gathering(session=demo, actor=staff, programme_id=pilot.id,
                                    kind=GatheringKind.FELLESSAMLING, title="Etter",
                                    held_on=date(2027, 1, 1))
    with pytest.raises(PermissionDenied):
        live.set_phase(session=demo, actor=staff, gathering_id=gid, phase="q1")
    assert catalogue.visible_programmes(session=demo, actor=leader) == []
    # The account itself is untouched, and the admin can give the access back.
    assert actor_of(demo, "fasilitator").role == Role.FACILITATOR
    assert "fasilitator" in {r.username for r in programme_staff.staff_without_access(
        session=demo, actor=admin, programme_id=pilot.id)}
    lifecycle.grant_access(session=demo, actor=admin, programme_id=pilot.id,
                                 user_id=staff.user_id)
    dashboard.gap_frame(session=demo, actor=staff, programme_id=pilot.id)
    event = demo.exec(select(AuditEvent).where(
        AuditEvent.action == "programme.revoke_access")).all()
    assert [(e.entity_id, e.detail["user_id"]) for e in event] == [
        (pilot.id, staff.user_id), (pilot.id, leader.user_id)]


def test_only_an_admin_revokes_and_only_access_that_exists(demo, pilot):
    staff, leader = actor_of(demo, "fasilitator"), actor_of(demo, "leder")
    for who in (staff, leader, actor_of(demo, "kommune-3203")):
        with pytest.raises(PermissionDenied):
            programme_staff.revoke_access(session=demo, actor=who, programme_id=pilot.id,
                                          user_id=leader.user_id)
        with pytest.raises(PermissionDenied):
            programme_staff.programme_staff(session=demo, actor=who, programme_id=pilot.id)
    admin = actor_of(demo, "admin")
    with pytest.raises(NotFound):
        programme_staff.revoke_access(session=demo, actor=admin, programme_id=pilot.id,
                                      user_id=actor_of(demo, "kommune-3203").user_id)
    with pytest.raises(NotFound):
        programme_staff.revoke_access(session=demo, actor=admin, programme_id=999_999,
                                      user_id=leader.user_id)


def test_revoking_expires_a_pending_invitation_and_works_on_an_archived_programme(demo, pilot):
    admin = actor_of(demo, "admin")
    leader = actor_of(demo, "leder")
    demo.add(Invitation(token_hash="h" * 64, email=leader.username, role=Role.LEADER,
                        programme_id=pilot.id, expires_at=utcnow() + timedelta(days=14)))
    for status in (ProgrammeStatus.CLOSED, ProgrammeStatus.ARCHIVED):
        lifecycle.set_status(session=demo, actor=admin, programme_id=pilot.id,
                                   status=status)
    demo.commit()
    programme_staff.revoke_access(session=demo, actor=admin, programme_id=pilot.id,
                                  user_id=leader.user_id)
    demo.commit()
    assert catalogue.visible_programmes(session=demo, actor=leader,
                                         include_archived=True) == []
    pending = demo.exec(select(Invitation).where(Invitation.token_hash == "h" * 64)).one()
    expires = pending.expires_at if pending.expires_at.tzinfo else pending.expires_at.replace(
        tzinfo=utcnow().tzinfo)
    assert expires <= utcnow()
