"""Personal accounts by invitation and «glemt passord», from an empty install: a one-time
link that expires, only its hash stored, real mail through a local SMTP server."""

import socket
import threading
from datetime import timedelta

import pytest
from sqlmodel import Session, func, select

from kultur3.access import accounts
from kultur3.access.permissions import OPERATOR, Actor
from kultur3.core import mail
from kultur3.core.errors import InvalidInput, NotFound, PermissionDenied, RateLimited
from kultur3.group import invitations, member_import, membership
from kultur3.models import Invitation, Member, ProgrammeAccess, Role, User, utcnow
from kultur3.programme import lifecycle
from kultur3.store.db import session_scope
from tests.conftest import actor_of, municipality_id
from tests.mailcatcher import body, link_in

PASSWORD = "et-godt-passord-2027"


@pytest.fixture
def programme(session):
    p = lifecycle.create_programme(
        session=session, actor=OPERATOR, data=lifecycle.ProgrammeInput(name="Vestland"))
    lifecycle.enrol(session=session, actor=OPERATOR, programme_id=p.id,
                          numbers=["4638", "4647", "4618"])
    session.commit()
    return p


def _invite(session, programme, email="kari@hoyanger.kommune.no", actor=OPERATOR, **kw):
    kw.setdefault("role", Role.GROUP)
    kw.setdefault("municipality_id", municipality_id(session, "4638"))
    return invitations.invite(session=session, actor=actor, email=email,
                              programme_id=programme.id, **kw)


def _coordinator(session, programme) -> Actor:
    invited = _invite(session, programme, is_coordinator=True, display_name="Kari Nordmann",
                      group_role="Kulturskoleleder", sector="Kulturskolen")
    return invitations.accept(session=session, token=invited.token, password=PASSWORD)


def test_a_coordinator_chooses_a_password_and_runs_the_group(session, programme):
    invited = _invite(session, programme, is_coordinator=True, display_name="Kari Nordmann")
    session.commit()
    assert invitations.peek(session=session, token=invited.token).state == "ok"
    # Only a hash is stored: the token itself is nowhere in the table.
    row = session.exec(select(Invitation)).one()
    assert row.token_hash != invited.token and invited.token not in str(row.model_dump())
    kari = invitations.accept(session=session, token=invited.token, password=PASSWORD)
    session.commit()
    assert (kari.role, kari.username) == (Role.GROUP, "kari@hoyanger.kommune.no")
    assert kari.municipality_id == municipality_id(session, "4638")
    assert membership.is_coordinator(session, kari, programme.id, kari.municipality_id)
    assert accounts.authenticate(session=session, username="Kari@Hoyanger.kommune.no",
                                 password=PASSWORD, demo_mode=False) is not None
    with pytest.raises(InvalidInput) as err:
        invitations.accept(session=session, token=invited.token, password=PASSWORD)
    assert err.value.key == "invite.used"


def test_weak_password_keeps_the_link_usable(session, programme):
    invited = _invite(session, programme)
    session.commit()
    for weak in ("kort", "kari@hoyanger.kommune.no", "kultur3-demo"):
        with pytest.raises(InvalidInput):
            invitations.accept(session=session, token=invited.token, password=weak)
        session.rollback()
    assert session.exec(select(func.count()).select_from(User)).one() == 0
    assert invitations.peek(session=session, token=invited.token).state == "ok"


def test_expired_unknown_and_replaced_links_say_so(session, programme):
    invited = _invite(session, programme)
    session.commit()
    later = utcnow() + timedelta(days=invitations.INVITE_DAYS, minutes=1)
    assert invitations.peek(session=session, token=invited.token, now=later).state == "expired"
    with pytest.raises(InvalidInput) as err:
        invitations.accept(session=session, token=invited.token, password=PASSWORD, now=later)
    assert err.value.key == "invite.expired"
    assert invitations.peek(session=session, token="tull").state == "unknown"
    newer = _invite(session, programme)  # a new invitation replaces the old one
    session.commit()
    assert invitations.peek(session=session, token=invited.token).state == "expired"
    assert invitations.peek(session=session, token=newer.token).state == "ok"


@pytest.mark.parametrize("email", ["", "kari", "kari@", "@kommune.no", "kari@kommune",
                                   "kari nordmann@kommune.no", "<script>@x.no",
                                   "a" * 250 + "@x.no"])
def test_malformed_addresses_are_refused(session, programme, email):
    with pytest.raises(InvalidInput):
        _invite(session, programme, email=email)


def test_bad_targets_are_refused_and_nothing_is_created(session, programme):
    with pytest.raises(NotFound):
        _invite(session, programme, municipality_id=municipality_id(session, "3203"))
    with pytest.raises(InvalidInput):
        invitations.invite(session=session, actor=OPERATOR, email="a@ks.no", role=Role.FACILITATOR)
    with pytest.raises(NotFound):
        invitations.municipality_id_of(session, "9999")
    session.rollback()
    assert session.exec(select(func.count()).select_from(Invitation)).one() == 0


def test_who_may_invite_whom(session, programme):
    kari = _coordinator(session, programme)
    session.commit()
    member = _invite(session, programme, email="ola@hoyanger.kommune.no", actor=kari,
                     is_coordinator=True)
    ola = invitations.accept(session=session, token=member.token, password=PASSWORD)
    session.commit()
    assert not membership.is_coordinator(session, ola, programme.id, ola.municipality_id)
    with pytest.raises(PermissionDenied):  # another municipality
        _invite(session, programme, email="x@sunnfjord.kommune.no", actor=kari,
                municipality_id=municipality_id(session, "4647"))
    with pytest.raises(PermissionDenied):  # staff roles
        _invite(session, programme, email="x@ks.no", actor=kari, role=Role.FACILITATOR,
                municipality_id=None)
    with pytest.raises(PermissionDenied):  # a member who is not the coordinator
        _invite(session, programme, email="y@hoyanger.kommune.no", actor=ola)


def test_a_facilitator_invites_only_into_its_own_programmes(demo):
    facilitator = actor_of(demo, "fasilitator")
    other = lifecycle.create_programme(
        session=demo, actor=OPERATOR, data=lifecycle.ProgrammeInput(name="Region Nord"))
    with pytest.raises(PermissionDenied):
        invitations.invite(session=demo, actor=facilitator, email="a@b.no", role=Role.LEADER,
                           programme_id=other.id)
    with pytest.raises(PermissionDenied):
        invitations.invite(session=demo, actor=actor_of(demo, "leder"), email="a@b.no",
                           role=Role.LEADER, programme_id=other.id)


def test_an_existing_account_gets_access_without_a_link(demo):
    other = lifecycle.create_programme(
        session=demo, actor=OPERATOR, data=lifecycle.ProgrammeInput(name="Region Nord"))
    accounts.create_user(session=demo, actor=OPERATOR, username="per@ks.no", password=PASSWORD,
                         role=Role.FACILITATOR)
    result = invitations.invite(session=demo, actor=OPERATOR, email="Per@KS.no",
                                role=Role.FACILITATOR, programme_id=other.id)
    assert result.token is None
    user = demo.exec(select(User).where(User.username == "per@ks.no")).one()
    assert demo.get(ProgrammeAccess, (other.id, user.id)) is not None
    with pytest.raises(InvalidInput) as err:
        invitations.invite(session=demo, actor=OPERATOR, email="per@ks.no", role=Role.LEADER,
                           programme_id=other.id)
    assert err.value.key == "invite.other_account"


def test_a_link_clicked_twice_at_once_works_once(engine, session, programme):
    invited = _invite(session, programme)
    session.commit()
    outcomes, barrier = [], threading.Barrier(6)

    def accept():
        barrier.wait()
        try:
            with session_scope(engine) as s:
                invitations.accept(session=s, token=invited.token, password=PASSWORD)
            outcomes.append("ok")
        except InvalidInput as exc:
            outcomes.append(exc.key)
        except Exception as exc:  # noqa: BLE001 - a database error is a failure to report
            outcomes.append(repr(exc))

    threads = [threading.Thread(target=accept) for _ in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=60)
    assert sorted(outcomes) == ["invite.used"] * 5 + ["ok"], outcomes
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(User)).one() == 1
        assert s.exec(select(func.count()).select_from(Member)).one() == 1


def test_forgotten_password_answers_alike_and_is_rate_limited(session, programme):
    _coordinator(session, programme)
    session.commit()
    address, token = invitations.request_reset(session=session, email="kari@hoyanger.kommune.no",
                                               client="10.0.0.1")
    nobody, none = invitations.request_reset(session=session, email="ingen@x.no",
                                             client="10.0.0.1")
    assert token and none is None and (address, nobody) == ("kari@hoyanger.kommune.no",
                                                             "ingen@x.no")
    kari = invitations.accept(session=session, token=token, password="et-nytt-passord-1")
    assert kari.username == "kari@hoyanger.kommune.no"
    assert accounts.authenticate(session=session, username=kari.username,
                                 password="et-nytt-passord-1", demo_mode=False)
    for _ in range(invitations.RESET_PER_ADDRESS - 1):
        invitations.request_reset(session=session, email="ingen@x.no", client="10.0.0.2")
    with pytest.raises(RateLimited):  # the same answer for addresses with and without accounts
        invitations.request_reset(session=session, email="ingen@x.no", client="10.0.0.3")
    for i in range(invitations.RESET_PER_CLIENT - 2):
        invitations.request_reset(session=session, email=f"a{i}@x.no", client="10.0.0.1")
    with pytest.raises(RateLimited):
        invitations.request_reset(session=session, email="b@x.no", client="10.0.0.1")


def test_csv_import_invites_everyone_with_an_address_or_nobody(session, programme):
    admin = Actor(user_id=None, username="admin", display_name="Admin", role=Role.ADMIN)
    good = (b"navn;rolle;sektor;epost;koordinator\nKari;Leder;Kulturskolen;kari@h.no;ja\n"
            b"Ola;Rektor;Skole;;\n")
    bad = good + b"Per;;Helse;per@h.no;\n"
    failed = member_import.import_members_csv(session=session, actor=admin, programme_id=programme.id,
                                       number="4638", content=bad, invite=True)
    assert failed.imported == 0 and failed.errors[0][0] == 4
    assert session.exec(select(func.count()).select_from(Invitation)).one() == 0
    done = member_import.import_members_csv(session=session, actor=admin, programme_id=programme.id,
                                     number="4638", content=good, invite=True)
    assert done.imported == 2 and [(n, e) for n, e, _ in done.invited] == [("Kari", "kari@h.no")]
    token = done.invited[0][2]
    kari = invitations.accept(session=session, token=token, password=PASSWORD)
    # The imported row is the one linked: no duplicate member.
    rows = session.exec(select(Member).where(Member.name == "Kari")).all()
    assert len(rows) == 1 and rows[0].user_id == kari.user_id and rows[0].is_coordinator


def test_mail_reaches_a_real_smtp_server_in_the_persons_language(session, programme, mailbox):
    invited = _invite(session, programme, lang="nn")
    cfg = mail.parse_url(mailbox.url)
    url = invitations.link("https://kultur3.example.no", invited.token)
    mail.send_link(cfg, to=invited.email, link=url, lang="nn", reset=False, programme="Vestland",
                   inviter="Kari")
    message = mailbox.wait_for(invited.email)
    assert message["Subject"] == "Invitasjon til Kulturskole 3.0"
    assert "Opne lenkja" in body(message) and link_in(message) == url
    assert invitations.peek(session=session, token=link_in(message).split("token=")[1]).state \
        == "ok"


def test_an_unreachable_mail_server_is_a_plain_error():
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cfg = mail.parse_url(f"smtp://127.0.0.1:{port}?tls=off")
    with pytest.raises(mail.MailError) as err:
        mail.send(cfg, to="a@b.no", subject="x", body="y")
    assert err.value.key == "mail.failed"
