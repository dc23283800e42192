"""Issue 21 §1 and §3: a link somebody else has seen never opens an account that exists, and
nobody grants more than their role allows. Each test is an attack that worked before."""

from datetime import timedelta

import pytest
from sqlmodel import func, select

from kultur3.access import accounts
from kultur3.access.permissions import OPERATOR
from kultur3.core.errors import InvalidInput, PermissionDenied
from kultur3.group import invitations, membership, team
from kultur3.models import Invitation, Member, ProgrammeAccess, Role, User, utcnow
from tests.factories import ADMIN, PASSWORD, enrol, make_programme, make_user

ATTACKER = "angriperens-passord-1"


def _programme(session, name):
    """A programme with Høyanger (4638) enrolled."""
    programme = make_programme(session, name)
    enrol(session, programme, "4638")
    return programme


def _coordinator(session, programme):
    """Kari, Høyanger's coordinator in the programme, by invitation."""
    return make_user(session, Role.GROUP, programme=programme, municipality="4638",
                     coordinator=True, username="kari@h.no")


def _cannot_log_in_with(session, token, password):
    """The link holder tries; nobody is logged in and the attempt leaves no trace of access."""
    with pytest.raises(InvalidInput):
        invitations.accept(session=session, token=token, password=password)
    session.rollback()
    assert accounts.authenticate(session=session, username="leder-e@kommune.no",
                                 password=password, demo_mode=False) is None


def test_a_stale_invitation_link_never_opens_the_account_made_by_another(session):
    a, b = _programme(session, "Program A"), _programme(session, "Program B")
    fac_a = make_user(session, Role.FACILITATOR, programme=a, username="fasilitator-a@ks.no")
    session.commit()
    # A's facilitator invites the leader to A, and so has seen A's link.
    link_a = invitations.invite(session=session, actor=fac_a, email="leder-e@kommune.no",
                                role=Role.LEADER, programme_id=a.id).token
    link_b = invitations.invite(session=session, actor=ADMIN, email="leder-e@kommune.no",
                                role=Role.LEADER, programme_id=b.id).token
    session.commit()
    owner = invitations.accept(session=session, token=link_b, password=PASSWORD)
    session.commit()
    # Making the account ended every other pending invitation for the address.
    assert invitations.peek(session=session, token=link_a).state == "expired"
    _cannot_log_in_with(session, link_a, ATTACKER)
    assert accounts.authenticate(session=session, username=owner.username, password=PASSWORD,
                                 demo_mode=False) is not None


def test_a_link_pending_when_the_account_exists_asks_its_owner_to_log_in(session):
    """An invitation still pending for an address that has an account (made before this
    rule, or straight in the database): the link says «log in», never logs in."""
    a = _programme(session, "Program A")
    link = invitations.invite(session=session, actor=OPERATOR, email="leder-e@kommune.no",
                              role=Role.LEADER, programme_id=a.id).token
    user = User(username="leder-e@kommune.no", display_name="Eva", role=Role.LEADER,
                password_hash=accounts.hash_password(PASSWORD, rounds=4))
    session.add(user)
    session.commit()
    assert invitations.peek(session=session, token=link).state == "has_account"
    with pytest.raises(InvalidInput) as err:
        invitations.accept(session=session, token=link, password=ATTACKER)
    assert err.value.key == "invite.log_in_first"
    session.rollback()
    assert accounts.authenticate(session=session, username=user.username, password=ATTACKER,
                                 demo_mode=False) is None
    # Someone else logged in cannot take it either.
    other = make_user(session, Role.FACILITATOR, programme=a, username="fasilitator-a@ks.no")
    with pytest.raises(PermissionDenied):
        invitations.accept_logged_in(session=session, actor=other, token=link)
    session.rollback()
    assert session.get(ProgrammeAccess, (a.id, user.id)) is None
    # The owner, logged in with their own password, takes it: access, once.
    eva = accounts.authenticate(session=session, username=user.username, password=PASSWORD,
                                demo_mode=False)
    taken = invitations.accept_logged_in(session=session, actor=eva, token=link)
    session.commit()
    assert taken.user_id == user.id and session.get(ProgrammeAccess, (a.id, user.id))
    with pytest.raises(InvalidInput):
        invitations.accept_logged_in(session=session, actor=eva, token=link)


def test_an_account_made_by_an_admin_ends_a_coordinators_pending_invitation(session):
    p = _programme(session, "Vestland")
    kari = _coordinator(session, p)
    session.commit()
    ola_link = invitations.invite(session=session, actor=kari, email="ola@h.no",
                                  role=Role.GROUP, programme_id=p.id,
                                  municipality_id=kari.municipality_id).token
    session.commit()
    accounts.create_user(session=session, actor=OPERATOR, username="ola@h.no", password=PASSWORD,
                         role=Role.GROUP, municipality_number="4638")
    session.commit()
    assert invitations.peek(session=session, token=ola_link).state == "expired"
    with pytest.raises(InvalidInput):
        invitations.accept(session=session, token=ola_link, password=ATTACKER)
    session.rollback()
    assert accounts.authenticate(session=session, username="ola@h.no", password=ATTACKER,
                                 demo_mode=False) is None


def _reset_link(session, email="kari@h.no"):
    return invitations.request_reset(session=session, email=email, client="10.0.0.1")[1]


@pytest.fixture
def kari(session):
    person = make_user(session, Role.GROUP, programme=_programme(session, "Vestland"),
                       municipality="4638", username="kari@h.no")
    session.commit()
    return person


def test_only_the_newest_reset_link_works(session, kari):
    first, second = _reset_link(session), _reset_link(session)
    session.commit()
    assert invitations.peek(session=session, token=first).state == "expired"
    assert invitations.peek(session=session, token=second).state == "ok"


def test_a_reset_by_link_ends_every_other_reset_link(session, kari):
    first = _reset_link(session)
    session.commit()
    # A second link, made at the same moment (a request racing the other): both pending.
    second = "ein-annan-lenke"
    session.add(Invitation(token_hash=invitations._hash(second), kind="reset", email=kari.username,
                           role=Role.GROUP, user_id=kari.user_id,
                           expires_at=utcnow() + timedelta(hours=1)))
    session.commit()
    invitations.accept(session=session, token=second, password="et-nytt-passord-2")
    session.commit()
    assert invitations.peek(session=session, token=first).state == "expired"


@pytest.mark.parametrize("how", ["own change", "admin reset"])
def test_a_password_change_ends_pending_reset_links(session, kari, how):
    link = _reset_link(session)
    session.commit()
    if how == "own change":
        accounts.change_password(session=session, actor=kari, current=PASSWORD,
                                 new="et-nytt-passord-3")
    else:
        accounts.reset_password(session=session, actor=ADMIN, username=kari.username)
    session.commit()
    assert invitations.peek(session=session, token=link).state == "expired"
    with pytest.raises(InvalidInput):
        invitations.accept(session=session, token=link, password=ATTACKER)


# --- §3: a coordinator grants only what a coordinator may ------------------------------------

def test_a_coordinator_cannot_invite_its_own_approver(session):
    p = _programme(session, "Vestland")
    kari = _coordinator(session, p)
    session.commit()
    with pytest.raises(PermissionDenied):
        invitations.invite(session=session, actor=kari, email="rådmann@h.no",
                           role=Role.MUNICIPAL_LEADER, programme_id=p.id,
                           municipality_id=kari.municipality_id)
    session.rollback()
    assert session.exec(select(func.count()).select_from(Invitation)
                        .where(Invitation.role == Role.MUNICIPAL_LEADER)).one() == 0
    # Staff still can.
    assert invitations.invite(session=session, actor=ADMIN, email="rådmann@h.no",
                              role=Role.MUNICIPAL_LEADER, programme_id=p.id,
                              municipality_id=kari.municipality_id).token


def test_a_coordinator_cannot_make_co_coordinators(session):
    p = _programme(session, "Vestland")
    kari = _coordinator(session, p)
    session.commit()
    with pytest.raises(PermissionDenied) as err:
        membership.add_member(session=session, actor=kari, programme_id=p.id, number="4638",
                          member=membership.MemberInput(name="Ola", group_role="Rektor",
                                                    is_coordinator=True))
    assert err.value.key == "groups.coordinator_staff_only"
    session.rollback()
    csv = "navn;rolle;sektor;epost;koordinator\nOla;Rektor;Skole;;ja\nPer;Lærer;;;\n".encode()
    result = membership.import_members_csv(session=session, actor=kari, programme_id=p.id,
                                       number="4638", content=csv)
    assert result.imported == 0 and result.errors == [(2, "groups.coordinator_staff_only", {})]
    coordinators = session.exec(select(func.count()).select_from(Member)
                                .where(Member.is_coordinator)).one()
    assert coordinators == 1
    # A plain member still goes in; staff may name a coordinator.
    membership.add_member(session=session, actor=kari, programme_id=p.id, number="4638",
                      member=membership.MemberInput(name="Ola", group_role="Rektor"))
    staff = membership.import_members_csv(session=session, actor=ADMIN, programme_id=p.id,
                                      number="4638", content=csv)
    assert staff.imported == 2
    assert team.is_coordinator(session, kari, p.id, kari.municipality_id)
