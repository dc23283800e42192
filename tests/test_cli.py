"""`python -m kultur3 ...` as an operator runs it, on a real database file."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from kultur3.access import accounts
from kultur3.models import Programme, RateEvent, Role, User, utcnow
from kultur3.store.db import make_engine

ROOT = Path(__file__).resolve().parent.parent


def cli(url: str, *args: str, stdin: str = "", demo: bool = True):
    env = {**os.environ, "DATABASE_URL": url, "KULTUR3_DEMO": "1" if demo else ""}
    return subprocess.run([sys.executable, "-m", "kultur3", *args], input=stdin, cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def url(engine):
    """A fresh, migrated database URL (PostgreSQL when the suite runs there)."""
    return engine.url.render_as_string(hide_password=False)


def test_upgrade_seed_and_seed_again(url):
    assert cli(url, "db", "upgrade").returncode == 0
    first = cli(url, "seed", "--demo")
    assert first.returncode == 0 and "Demodata lagt inn" in first.stdout
    second = cli(url, "seed", "--demo")
    assert second.returncode == 0 and "allerede data" in second.stdout
    engine = make_engine(url)
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(Programme)).one() == 1
    engine.dispose()


def test_seed_refuses_outside_demo_mode(url):
    result = cli(url, "seed", "--demo", demo=False)
    assert result.returncode == 2 and "bare i demomodus" in result.stderr


def test_create_user_reads_the_password_from_stdin(url):
    cli(url, "seed", "--demo")
    ok = cli(url, "create-user", "Kari", "--role", "group", "--municipality", "3203",
             "--name", "Kari Nordmann", stdin="et-langt-passord-123\n")
    assert ok.returncode == 0, ok.stderr
    engine = make_engine(url)
    with Session(engine) as s:
        user = s.exec(select(User).where(User.username == "kari")).one()
        assert user.role == Role.GROUP and user.display_name == "Kari Nordmann"
        assert accounts.authenticate(session=s, username="kari", password="et-langt-passord-123",
                                     demo_mode=False)
    engine.dispose()


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (["--role", "leader"], "kort\n", "minst 12 tegn"),
    (["--role", "group"], "et-langt-passord-123\n", "høre til én kommune"),
    (["--role", "group", "--municipality", "9999"], "et-langt-passord-123\n", "Ukjent kommunenummer"),
])
def test_create_user_errors_are_plain_norwegian(url, args, stdin, message):
    cli(url, "db", "upgrade")
    result = cli(url, "create-user", "ola", *args, stdin=stdin)
    assert result.returncode == 2 and message in result.stderr


def test_demo_password_is_dead_outside_demo_mode(demo):
    assert accounts.authenticate(session=demo, username="admin", password="kultur3-demo",
                                 demo_mode=False) is None
    assert accounts.authenticate(session=demo, username="admin", password="kultur3-demo",
                                 demo_mode=True) is not None


def test_purge_guests_command(url):
    cli(url, "seed", "--demo")
    engine = make_engine(url)
    with Session(engine) as s:  # a rate-limit counter from two days ago, one from now
        s.add_all([RateEvent(key="join:old", at=utcnow() - timedelta(days=2)),
                   RateEvent(key="join:new", at=utcnow())])
        s.commit()
    result = cli(url, "purge-guests", "--days", "30")
    assert result.returncode == 0
    assert "Slettet 0 gjesteskårer og 0 deltakere (med kode) eldre enn 30 dager." in result.stdout
    assert "Slettet 1 tellere for forsøk" in result.stdout
    with Session(engine) as s:
        assert s.exec(select(RateEvent.key)).all() == ["join:new"]
    engine.dispose()


def test_a_real_programme_from_the_command_line(url, tmp_path, mailbox):
    """Outside demo mode, from an empty database: the steps of «Ta i bruk for et ekte program»."""
    assert cli(url, "db", "upgrade", demo=False).returncode == 0
    assert cli(url, "create-user", "kari", "--role", "admin", stdin="kari-sitt-passord\n",
               demo=False).returncode == 0
    made = cli(url, "programme", "create", "Kulturskole 3.0 – Vestland 2027", "--template",
               "kulturskole-3.0", "--start", "2027-01-01", demo=False)
    assert made.returncode == 0 and made.stdout.strip() == "kulturskole-3-0-vestland-2027"
    slug = made.stdout.strip()
    again = cli(url, "programme", "create", "Kulturskole 3.0 – Vestland 2027", demo=False)
    assert again.returncode == 2 and "finnes allerede et program" in again.stderr
    bad = cli(url, "programme", "enrol", slug, "4638", "9999", demo=False)
    assert bad.returncode == 2 and "Ukjent kommunenummer: 9999" in bad.stderr
    ok = cli(url, "programme", "enrol", slug, "4638", "4647", "4618", demo=False)
    assert ok.returncode == 0 and "3 kommuner lagt til" in ok.stdout
    copy = cli(url, "programme", "create", "Vestland 2029", "--copy-from", slug, demo=False)
    assert copy.returncode == 0 and copy.stdout.strip() == "vestland-2029"
    listed = cli(url, "programme", "list", demo=False).stdout.splitlines()
    assert listed[1].split("\t")[:3] == [slug, "planned", "3"]
    assert cli(url, "programme", "status", slug, "active", demo=False).returncode == 0
    wrong = cli(url, "invite", "kari@", "--role", "group", "--municipality", "4638",
                "--programme", slug, demo=False)
    assert wrong.returncode == 2 and "ser ikke ut som en e-postadresse" in wrong.stderr
    env_mail = {"KULTUR3_SMTP_URL": mailbox.url, "KULTUR3_PUBLIC_URL": "https://k3.example.no"}
    invited = subprocess.run(
        [sys.executable, "-m", "kultur3", "invite", "kari@hoyanger.kommune.no", "--role", "group",
         "--municipality", "4638", "--programme", slug, "--coordinator", "--lang", "nn"],
        cwd=ROOT, env={**os.environ, "DATABASE_URL": url, "KULTUR3_DEMO": "", **env_mail},
        capture_output=True, text=True, timeout=120)
    assert invited.returncode == 0, invited.stderr
    link = invited.stdout.strip()
    assert link.startswith("https://k3.example.no/invitasjon?token=")
    from tests.mailcatcher import link_in
    assert link_in(mailbox.wait_for("kari@hoyanger.kommune.no")) == link
    register_file = tmp_path / "kommuner-2025.csv"
    register_file.write_text("kommunenummer,kommunenavn,samisk_navn,fylkesnummer,fylke\n"
                             "4638,Høyanger,,46,Vestland\n12,Feil,,46,Vestland\n")
    broken = cli(url, "municipalities", "load", str(register_file), demo=False)
    assert broken.returncode == 2 and "Linje 3" in broken.stderr
    register_file.write_text("kommunenummer,kommunenavn,samisk_navn,fylkesnummer,fylke\n"
                             "4638,Høyanger kommune,,46,Vestland\n")
    loaded = cli(url, "municipalities", "load", str(register_file), demo=False)
    assert loaded.returncode == 0 and "1 endret" in loaded.stdout


def test_advisers_from_the_command_line(url):
    """Outside demo mode, from an empty database: a facilitator of the programme follows
    Høyanger, then no longer; a person without an account or without access is refused."""
    from kultur3.models import AdviserAssignment
    assert cli(url, "db", "upgrade", demo=False).returncode == 0
    slug = cli(url, "programme", "create", "Vestland 2027", demo=False).stdout.strip()
    assert cli(url, "programme", "enrol", slug, "4638", demo=False).returncode == 0
    nobody = cli(url, "programme", "assign", slug, "4638", "--adviser", "ola@ks.no", demo=False)
    assert nobody.returncode == 2 and "ingen bruker med den adressen" in nobody.stderr
    assert cli(url, "create-user", "ola@ks.no", "--role", "facilitator", "--name", "Ola",
               stdin="olas-lange-passord\n", demo=False).returncode == 0
    outside = cli(url, "programme", "assign", slug, "4638", "--adviser", "ola@ks.no", demo=False)
    assert outside.returncode == 2 and "Bare fasilitatorer som er med i programmet" in outside.stderr
    assert cli(url, "invite", "ola@ks.no", "--role", "facilitator", "--programme", slug,
               demo=False).returncode == 0  # an existing account: access at once
    unknown = cli(url, "programme", "assign", slug, "9999", "--adviser", "ola@ks.no", demo=False)
    assert unknown.returncode == 2 and "Ukjent kommunenummer: 9999" in unknown.stderr
    done = cli(url, "programme", "assign", slug, "4638", "--adviser", "ola@ks.no", demo=False)
    assert done.returncode == 0 and "ola@ks.no følger nå 4638" in done.stdout
    again = cli(url, "programme", "assign", slug, "4638", "--adviser", "ola@ks.no", demo=False)
    assert again.returncode == 0 and "følger allerede" in again.stdout
    engine = make_engine(url)
    with Session(engine) as s:
        assert len(s.exec(select(AdviserAssignment)).all()) == 1
    gone = cli(url, "programme", "unassign", slug, "4638", "--adviser", "ola@ks.no", demo=False)
    assert gone.returncode == 0 and "følger ikke lenger 4638" in gone.stdout
    with Session(engine) as s:
        assert s.exec(select(AdviserAssignment)).all() == []
    engine.dispose()
