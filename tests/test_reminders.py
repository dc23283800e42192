"""Reminders by e-mail (kultur3/outreach, `python -m kultur3 send-reminders`): what each kind
says, from an empty install with a given today; whom it goes to, in their language, with no
link but the app's own pages; and that nobody gets a mail twice: a second run, two runs at
once, a run killed mid-way. On SQLite, and on PostgreSQL with KULTUR3_TEST_POSTGRES."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlmodel import Session, select

from kultur3.access import accounts
from kultur3.access.permissions import OPERATOR, Actor
from kultur3.core.errors import InvalidInput, PermissionDenied
from kultur3.core.mail import MailError
from kultur3.group import actions, invitations
from kultur3.models import (
    ActionStatus,
    Gathering,
    GatheringKind,
    Member,
    ReminderKind,
    ReminderPreference,
    ReminderSent,
    Role,
)
from kultur3.outreach import digests, mails, preferences, run
from kultur3.privacy import personal_data
from kultur3.store.db import make_engine
from kultur3.ui.nav import URL_PATHS
from tests.factories import PASSWORD, enrol, make_action, make_gathering, make_programme, make_user

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2027, 3, 1)  # a Monday
BASE = "https://kultur3.example.no"
LINK = re.compile(r"https?://\S+")


@pytest.fixture
def url(backend):
    """An empty migrated database (the register only), by URL: the runs are processes."""
    u = backend.fresh("empty")
    yield u
    backend.drop(u)


@pytest.fixture
def engine(url):
    e = make_engine(url)
    yield e
    e.dispose()


@pytest.fixture
def session(engine):
    with Session(engine, expire_on_commit=False) as s:
        yield s


def _run(engine, today=TODAY, days_before=3, send=None, dry_run=False):
    sent = []
    report = run.send_due(engine, today=today, days_before=days_before, base=BASE, smtp=None,
                     dry_run=dry_run, send=send or (lambda cfg, **m: sent.append(m)))
    return report, sent


def _group(session, programme, number: str, *, lang: str = "nb"):
    """A municipality enrolled, its coordinator (invited in `lang`) and one more member."""
    mid = enrol(session, programme, number)
    invited = invitations.invite(session=session, actor=OPERATOR, email=f"koord-{number}@k.no",
                                 role=Role.GROUP, programme_id=programme.id, municipality_id=mid,
                                 group_role="Koordinator", is_coordinator=True, lang=lang)
    coordinator = invitations.accept(session=session, token=invited.token, password=PASSWORD,
                                     display_name=f"Koordinator {number}")
    member = make_user(session, Role.GROUP, municipality=number, username=f"laerer-{number}@k.no")
    return mid, coordinator, member


def test_the_links_name_the_navigations_paths():
    assert mails.ACCOUNT_PATH == "/" + URL_PATHS["account"]
    assert mails.PLAN_PATH == "/" + URL_PATHS["action_plan"]


def test_a_coordinators_digest_from_an_empty_install(session):
    programme = make_programme(session, name="Vestland 2027")
    mid, coordinator, _ = _group(session, programme, "4638")
    make_action(session, programme, mid, title="Friplasser", deadline=TODAY - timedelta(days=3))
    make_action(session, programme, mid, title="Møte med rektor", deadline=TODAY + timedelta(2))
    make_action(session, programme, mid, title="Senere", deadline=TODAY + timedelta(days=7))
    done = make_action(session, programme, mid, title="Ferdig", deadline=TODAY - timedelta(9))
    actions.update_action(session=session, actor=OPERATOR, action_id=done, base_version=1,
                          status=ActionStatus.DONE)
    make_gathering(session, programme, title="Fellessamling 2", held_on=TODAY + timedelta(10))
    session.commit()

    found = digests.coordinator_digests(session, today=TODAY, base=BASE)
    assert [(m.user_id, m.kind, m.period, m.to) for m in found] == [
        (coordinator.user_id, ReminderKind.COORDINATOR_DIGEST, "2027-W09", "koord-4638@k.no")]
    body = found[0].body
    assert "Hei, Koordinator 4638!" in body
    assert "Høyanger (Vestland 2027)" in body
    assert "1 tiltak har passert fristen:\n– Friplasser (frist 26.02.2027)" in body
    assert "1 tiltak har frist de neste sju dagene:\n– Møte med rektor (frist 03.03.2027)" in body
    assert "Senere" not in body and "Ferdig" not in body  # after the week; done
    assert "Neste samling: Fellessamling 2, 11.03.2027." in body
    assert f"Handlingsplanen: {BASE}/handlingsplan" in body
    assert "fordi du er koordinator for kommunegruppen (Høyanger)" in body
    assert f"«Min konto»: {BASE}/min-konto" in body
    assert found[0].subject == "Ukeoversikt for kommunegruppen, uke 2027-W09"


def test_a_coordinator_with_nothing_due_and_no_gathering_gets_no_digest(session):
    programme = make_programme(session)
    mid, _, _ = _group(session, programme, "4638")
    make_action(session, programme, mid, title="Uten frist")
    session.commit()
    assert digests.coordinator_digests(session, today=TODAY, base=BASE) == []


def test_a_reminder_goes_to_everyone_invited_the_set_days_before(session):
    programme = make_programme(session)
    _, coordinator, member = _group(session, programme, "4638")
    _, other, _ = _group(session, programme, "4601")
    make_gathering(session, programme, title="Lokal samling", held_on=TODAY + timedelta(3),
                   kind=GatheringKind.LOKAL_SAMLING, municipality_number="4638")
    make_gathering(session, programme, title="For tidlig", held_on=TODAY + timedelta(4),
                   kind=GatheringKind.LOKAL_SAMLING, municipality_number="4638")
    session.commit()
    _, sent = _run(session.get_bind())
    reminders = [m for m in sent if m["subject"].startswith("Påminnelse")]
    assert sorted(m["to"] for m in reminders) == ["koord-4638@k.no", "laerer-4638@k.no"]
    assert reminders[0]["subject"] == "Påminnelse: Lokal samling 04.03.2027"
    assert "Samling: Lokal samling, 04.03.2027." in reminders[0]["body"]
    assert "fordi du er invitert til samlingen" in reminders[0]["body"]
    assert not any(m["to"] == other.username for m in reminders)  # not its gathering


def test_each_mail_is_in_the_persons_language(session):
    programme = make_programme(session)
    mid, english, _ = _group(session, programme, "4638", lang="en")
    mid2, nynorsk, _ = _group(session, programme, "4601")
    for m in (mid, mid2):
        make_action(session, programme, m, title="Tiltak", deadline=TODAY)
    preferences.set_preferences(session=session, actor=nynorsk, lang="nn",
                                coordinator_digest=True, gathering_reminders=True,
                                adviser_digest=True)
    session.commit()
    by_user = {m.user_id: m for m in digests.coordinator_digests(session, today=TODAY, base=BASE)}
    assert by_user[english.user_id].lang == "en"
    assert by_user[english.user_id].subject == "Weekly overview for your municipal group, week 2027-W09"
    assert "1 action is due in the next seven days:" in by_user[english.user_id].body
    assert by_user[nynorsk.user_id].subject == "Vekeoversikt for kommunegruppa, veke 2027-W09"
    assert "Vil du ikkje ha slike e-postar?" in by_user[nynorsk.user_id].body


def test_a_kind_turned_off_is_not_sent(session):
    programme = make_programme(session)
    mid, coordinator, _ = _group(session, programme, "4638")
    make_action(session, programme, mid, title="Tiltak", deadline=TODAY)
    make_gathering(session, programme, held_on=TODAY + timedelta(1))
    preferences.set_preferences(session=session, actor=coordinator, lang="nb",
                                coordinator_digest=False, gathering_reminders=False,
                                adviser_digest=True)
    session.commit()
    _, sent = _run(session.get_bind())
    assert [m["to"] for m in sent] == ["laerer-4638@k.no"]  # the other member, reminded


def test_preferences_are_the_persons_own(session):
    programme = make_programme(session)
    _, coordinator, _ = _group(session, programme, "4638")
    assert preferences.preferences(session=session, actor=coordinator) == preferences.Preferences(
        lang="nb")  # the defaults: every kind on
    nobody = Actor(user_id=None, username="p", display_name="p", role=Role.PARTICIPANT)
    with pytest.raises(PermissionDenied):
        preferences.preferences(session=session, actor=nobody)
    with pytest.raises(PermissionDenied):
        preferences.set_preferences(session=session, actor=nobody, lang="nb",
                                    coordinator_digest=True, gathering_reminders=True,
                                    adviser_digest=True)
    with pytest.raises(InvalidInput):
        preferences.set_preferences(session=session, actor=coordinator, lang="sv",
                                    coordinator_digest=True, gathering_reminders=True,
                                    adviser_digest=True)
    shared = accounts.create_user(session=session, username="kommune-4638", role=Role.GROUP,
                                  password_hash="x", municipality_number="4638", actor=OPERATOR)
    login = Actor(user_id=shared.id, username=shared.username, display_name="", role=Role.GROUP)
    assert not preferences.preferences(session=session, actor=login).has_address


def test_a_shared_group_login_is_mailed_at_its_members_address_only_once(session):
    """A shared login linked to a member row with an address gets mail there, unless that
    person has an account of their own (which gets it): nobody gets the reminder twice."""
    from kultur3.group import membership
    from kultur3.models import Participation, User
    programme = make_programme(session)
    mid, coordinator, _ = _group(session, programme, "4638")
    part = session.exec(select(Participation.id).where(
        Participation.municipality_id == mid)).one()
    shared = accounts.create_user(session=session, username="kommune-4638", role=Role.GROUP,
                                  password_hash="x", municipality_number="4638", actor=OPERATOR)
    membership.link_account(session, part, shared.id, "ola@k.no", "", "Ola", "Lærer", "")
    assert mails.address(session, shared) == "ola@k.no"  # Ola has no account of his own
    for m in session.exec(select(Member).where(Member.email == "ola@k.no")):
        m.active = False  # Ola leaves; the shared login is then linked to the coordinator's row
    session.flush()
    membership.link_account(session, part, shared.id, coordinator.username, "", "", "", "")
    session.flush()
    assert session.exec(select(Member.email).where(Member.user_id == shared.id,
                                                   Member.active)).one() == coordinator.username
    assert mails.address(session, shared) == ""  # the coordinator is mailed as themself
    assert mails.address(session, session.get(User, coordinator.user_id)) == coordinator.username


def _move(session, gathering_id: int, to: date) -> None:
    """Reschedule (H3 builds the service; the row is what the reminders read)."""
    session.exec(update(Gathering).where(Gathering.id == gathering_id).values(held_on=to))
    session.commit()


def test_a_moved_gathering_gets_one_notice_per_new_date(session):
    programme = make_programme(session)
    _group(session, programme, "4638")
    gid = make_gathering(session, programme, title="Fellessamling", held_on=TODAY + timedelta(2))
    session.commit()
    engine = session.get_bind()
    _, first = _run(engine)
    assert sorted(m["subject"] for m in first if "Fellessamling" in m["subject"]) == [
        "Påminnelse: Fellessamling 03.03.2027"] * 2
    _move(session, gid, date(2027, 3, 10))
    _, notices = _run(engine)
    assert sorted(m["to"] for m in notices) == ["koord-4638@k.no", "laerer-4638@k.no"]
    assert notices[0]["subject"] == "Ny dato: Fellessamling er flyttet til 10.03.2027"
    assert "Samlingen er flyttet fra 03.03.2027 til 10.03.2027." in notices[0]["body"]
    assert _run(engine)[1] == []  # once per new date
    _move(session, gid, date(2027, 3, 17))
    _, again = _run(engine)
    assert {m["subject"] for m in again} == {"Ny dato: Fellessamling er flyttet til 17.03.2027"}
    assert "fra 10.03.2027 til 17.03.2027" in again[0]["body"]  # from the date last told


def test_a_new_time_or_a_cancellation_after_the_reminder_gets_a_notice(session):
    from datetime import time

    from kultur3.programme import gatherings

    programme = make_programme(session)
    _group(session, programme, "4638")
    gid = make_gathering(session, programme, title="Fellessamling", held_on=TODAY + timedelta(2))
    session.commit()
    engine = session.get_bind()
    assert len(_run(engine)[1]) == 3  # a digest and two reminders
    g = session.get(Gathering, gid)
    gatherings.update_gathering(session=session, actor=OPERATOR, gathering_id=gid,
                                base_version=g.edit_version, title=g.title, kind=g.kind,
                                held_on=g.held_on, starts_at=time(10), ends_at=time(15),
                                place="Førde kulturhus")
    session.commit()
    _, changed = _run(engine)
    assert {m["subject"] for m in changed} == {"Endret: Fellessamling 03.03.2027"}
    assert len(changed) == 2
    assert "Samling: Fellessamling, 03.03.2027 10:00–15:00, Førde kulturhus." in changed[0]["body"]
    assert _run(engine)[1] == []  # once per change
    gatherings.cancel_gathering(session=session, actor=OPERATOR, gathering_id=gid)
    session.commit()
    _, off = _run(engine)
    assert {m["subject"] for m in off} == {"Avlyst: Fellessamling 03.03.2027"}
    assert "Samlingen er avlyst." in off[0]["body"]
    assert _run(engine)[1] == []


def test_a_gathering_never_reminded_of_gets_no_notice_when_it_moves(session):
    programme = make_programme(session)
    _group(session, programme, "4638")
    gid = make_gathering(session, programme, held_on=TODAY + timedelta(20))
    session.commit()
    _move(session, gid, TODAY + timedelta(30))
    _, sent = _run(session.get_bind())
    assert [m["subject"] for m in sent] == ["Ukeoversikt for kommunegruppen, uke 2027-W09"]


def test_the_mail_carries_no_token_only_the_apps_pages(session):
    programme = make_programme(session)
    mid, _, _ = _group(session, programme, "4638")
    make_action(session, programme, mid, title="Tiltak", deadline=TODAY)
    make_gathering(session, programme, held_on=TODAY + timedelta(1))
    session.commit()
    _, sent = _run(session.get_bind())
    assert len(sent) == 3  # a digest and two reminders
    for m in sent:
        assert set(LINK.findall(m["body"])) <= {f"{BASE}/min-konto", f"{BASE}/handlingsplan"}
        assert f"{BASE}/min-konto" in m["body"]  # where to stop it
        assert "token" not in m["body"].lower() and "?" not in "".join(LINK.findall(m["body"]))


def test_the_adviser_digest_lists_the_quiet_and_the_behind_of_their_municipalities(session):
    from kultur3.core import clock
    from kultur3.group import comments
    from kultur3.models import CommentTarget
    from kultur3.programme import advisers

    today = clock.today()  # activity is stamped with the real clock
    programme = make_programme(session)
    adviser = make_user(session, Role.FACILITATOR, programme=programme,
                        username="veileder@ks.no")
    other = make_user(session, Role.FACILITATOR, programme=programme, username="ingen@ks.no")
    behind, _, _ = _group(session, programme, "4638")  # Høyanger: active, one action overdue
    quiet = enrol(session, programme, "1804")  # Bodø: nothing written yet
    fine, coordinator, _ = _group(session, programme, "4640")  # Sogndal: active, on time
    make_action(session, programme, behind, title="Friplasser", deadline=today - timedelta(3))
    make_action(session, programme, fine, title="I rute", deadline=today + timedelta(30))
    for mid in (behind, quiet, fine):
        advisers.assign(session=session, actor=OPERATOR, programme_id=programme.id,
                        municipality_id=mid, user_id=adviser.user_id)
    session.commit()

    [found] = digests.adviser_digests(session, today=today, base=BASE)
    assert found.user_id == adviser.user_id and found.kind == ReminderKind.ADVISER_DIGEST
    lines = [line for line in found.body.splitlines() if line.startswith("– ")]
    assert lines == ["– Bodø: ingen aktivitet ennå", "– Høyanger: 1 tiltak over fristen"]
    assert "fordi du er prosessveileder for disse kommunene" in found.body
    assert other.user_id not in {m.user_id for m in digests.adviser_digests(
        session, today=today, base=BASE)}  # follows nobody: no digest

    # Three weeks on, with nothing new, everyone is quiet, the overdue one first.
    later = digests.adviser_digests(session, today=today + timedelta(days=22), base=BASE)
    assert "– Sogndal: ingen aktivitet på 3 uker" in later[0].body

    # An adviser's comment shows in the coordinator's digest as unread.
    comments.add_comment(session=session, actor=adviser, programme_id=programme.id,
                         municipality_id=fine, target_kind=CommentTarget.PROJECT,
                         text="Hvordan går det?")
    session.commit()
    digest = next(m for m in digests.coordinator_digests(session, today=today, base=BASE)
                  if m.user_id == coordinator.user_id)
    assert "1 ulest kommentar på arbeidet deres." in digest.body


def test_a_refused_message_is_tried_again_by_the_next_run(session):
    programme = make_programme(session)
    _group(session, programme, "4638")
    make_gathering(session, programme, held_on=TODAY + timedelta(1))
    session.commit()

    def refuse(cfg, **message):
        raise MailError("451 try later")
    report, _ = _run(session.get_bind(), send=refuse)
    assert report.failed == 3 and report.sent == 0  # a digest (the next gathering), 2 reminders
    assert session.exec(select(ReminderSent)).all() == []
    report, sent = _run(session.get_bind())
    assert report.sent == 3 and len(sent) == 3


def test_privacy_exports_erases_and_purges_the_reminder_records(session):
    programme = make_programme(session)
    _, coordinator, _ = _group(session, programme, "4638")
    make_gathering(session, programme, held_on=TODAY + timedelta(1))
    preferences.set_preferences(session=session, actor=coordinator, lang="nn",
                                coordinator_digest=False, gathering_reminders=True,
                                adviser_digest=True)
    session.commit()
    _run(session.get_bind())
    admin = make_user(session, Role.ADMIN, username="admin@ks.no")
    data = personal_data.export_person(session=session, actor=admin, kind="user",
                                       person_id=coordinator.user_id)
    assert data["reminder_preferences"]["lang"] == "nn"
    assert [r["kind"] for r in data["reminders_sent"]] == ["gathering"]
    from datetime import UTC, datetime
    assert personal_data.purge_reminder_records(
        session=session, now=datetime(2027, 3, 1, tzinfo=UTC)) == 0
    personal_data.delete_person(session=session, actor=admin, kind="user",
                                person_id=coordinator.user_id)
    session.commit()
    assert session.get(ReminderPreference, coordinator.user_id) is None
    assert [r.user_id for r in session.exec(select(ReminderSent))] != [coordinator.user_id]
    later = datetime.now(UTC) + timedelta(days=personal_data.REMINDER_RECORD_DAYS + 1)
    assert personal_data.purge_reminder_records(session=session, now=later) == 1  # the member's
    assert session.exec(select(ReminderSent)).all() == []


# --- The command, as processes, against a real SMTP server -------------------------------------

def _env(url: str, mailbox) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KULTUR3_")}
    return {**env, "DATABASE_URL": url, "KULTUR3_SMTP_URL": mailbox.url,
            "KULTUR3_PUBLIC_URL": BASE}


def _cli(url: str, mailbox, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kultur3", "send-reminders",
                           "--today", TODAY.isoformat(), *args], cwd=ROOT,
                          env=_env(url, mailbox), capture_output=True, text=True, timeout=120)


def _six_groups(session) -> int:
    """Six municipalities, each a coordinator with a due action and another member, and a
    joint gathering in two days: 6 digests and 12 reminders; the number of mails."""
    programme = make_programme(session)
    for number in ("4638", "4601", "4602", "4611", "4612", "4613"):
        mid, _, _ = _group(session, programme, number)
        make_action(session, programme, mid, title=f"Tiltak {number}", deadline=TODAY)
    make_gathering(session, programme, title="Fellessamling", held_on=TODAY + timedelta(2))
    session.commit()
    return 18


def _per_mail(mailbox) -> Counter:
    return Counter((m["To"], m["Subject"]) for m in mailbox.messages)


def test_dry_run_prints_who_would_get_what_and_sends_and_records_nothing(session, url, mailbox):
    programme = make_programme(session)
    mid, _, _ = _group(session, programme, "4638")
    make_action(session, programme, mid, title="Tiltak", deadline=TODAY)
    session.commit()
    done = _cli(url, mailbox, "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "Påminnelser for 2027-03-01 (prøvekjøring):" in done.stdout
    assert ("ville sendt   coordinator_digest 2027-W09 -> koord-4638@k.no [nb]: "
            "Ukeoversikt for kommunegruppen, uke 2027-W09") in done.stdout
    assert "Sendt 0, sendt fra før 0, uten adresse 0, feilet 0." in done.stdout
    assert mailbox.messages == []
    assert session.exec(select(ReminderSent)).all() == []


def test_a_second_run_the_same_day_sends_nothing(session, url, mailbox):
    total = _six_groups(session)
    first = _cli(url, mailbox)
    assert first.returncode == 0, first.stderr
    assert f"Sendt {total}, sendt fra før 0" in first.stdout
    second = _cli(url, mailbox)
    assert f"Sendt 0, sendt fra før {total}" in second.stdout
    assert len(mailbox.messages) == total and set(_per_mail(mailbox).values()) == {1}


def _start(url: str, mailbox, gate: Path, peers: int = 1, die_after: int = 0
           ) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.reminder_runner", str(gate),
                             str(peers), str(die_after), "send-reminders", "--today", TODAY.isoformat()],
                            cwd=ROOT, env=_env(url, mailbox), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_two_runs_at_once_send_each_mail_once(session, url, mailbox, tmp_path):
    total = _six_groups(session)
    gate = tmp_path / "go"
    runs = [_start(url, mailbox, gate, peers=2) for _ in range(2)]
    gate.touch()  # both have imported everything and wait here: they start together
    # and each waits, after its first delivery, until the other has delivered one too
    outs = [p.communicate(timeout=120) for p in runs]
    assert [p.returncode for p in runs] == [0, 0], [err for _, err in outs]
    delivered = [out.count("DELIVERED") for out, _ in outs]
    assert sum(delivered) == total and min(delivered) > 0, delivered  # they did overlap
    assert len(mailbox.messages) == total and set(_per_mail(mailbox).values()) == {1}
    assert all(r.sent_at is not None for r in session.exec(select(ReminderSent)))


def test_a_run_killed_mid_way_then_run_again_sends_nobody_twice(session, url, mailbox, tmp_path):
    total = _six_groups(session)
    gate = tmp_path / "go"
    gate.touch()
    killed = _start(url, mailbox, gate, die_after=5)
    out, _ = killed.communicate(timeout=120)
    assert killed.returncode == -9 and out.count("DELIVERED") == 5
    again = _cli(url, mailbox)
    assert again.returncode == 0, again.stderr
    assert f"Sendt {total - 5}, sendt fra før 5" in again.stdout  # 4 sent, 1 claimed
    # The fifth was delivered but never marked: it stays claimed, is reported, not re-sent.
    assert "Påbegynt, men aldri bekreftet sendt (1;" in again.stdout
    assert len(mailbox.messages) == total and set(_per_mail(mailbox).values()) == {1}


def test_without_a_mail_server_the_command_refuses(url, mailbox):
    env = {**_env(url, mailbox), "KULTUR3_SMTP_URL": ""}
    done = subprocess.run([sys.executable, "-m", "kultur3", "send-reminders"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "KULTUR3_SMTP_URL" in done.stderr


def test_a_coordinator_moved_to_another_municipality_gets_none_of_the_old_groups_work(session):
    """A member row outlives a change of the account's role or municipality (/brukere): the
    old group's actions must not follow the person into their new group's digest, nor to a
    leader's or facilitator's desk (review of issue 23)."""
    programme = make_programme(session)
    old, coordinator, _ = _group(session, programme, "4638")
    new, _, _ = _group(session, programme, "4601")
    make_action(session, programme, old, title="Budsjett Høyanger", deadline=TODAY)
    make_action(session, programme, new, title="Budsjett Askøy", deadline=TODAY)
    session.commit()
    for role, number in ((Role.GROUP, "4601"), (Role.LEADER, None), (Role.FACILITATOR, None)):
        accounts.change_role(session=session, actor=OPERATOR, username=coordinator.username,
                             role=role, municipality_number=number)
        session.commit()
        mine = [m for m in digests.coordinator_digests(session, today=TODAY, base=BASE)
                if m.user_id == coordinator.user_id]
        assert not any("Høyanger" in m.body for m in mine), role
    assert any("Budsjett Askøy" in m.body  # Askøy's own coordinator still gets theirs
               for m in digests.coordinator_digests(session, today=TODAY, base=BASE))
