"""Command line: `python -m kultur3 db upgrade|downgrade REV | seed --demo | create-user ... | programme
create|list|enrol|status|assign|unassign ... | municipalities load FILE | invite EMAIL ... | backup FILE |
restore FILE --yes | purge-guests | purge --archived-before DATE [--yes] |
send-reminders [--dry-run] [--today YYYY-MM-DD] | research-export --programme SLUG OUT/`."""

from __future__ import annotations

import argparse
import getpass
import subprocess
import sys
from datetime import UTC, date, datetime, time
from pathlib import Path

from kultur3 import migrate
from kultur3.access import accounts, calendar_links
from kultur3.access.permissions import OPERATOR
from kultur3.core import clock, mail
from kultur3.core.config import current
from kultur3.core.errors import Kultur3Error
from kultur3.core.i18n import t
from kultur3.group import invitations
from kultur3.models import ACCOUNT_ROLES, LANGS, ProgrammeStatus, Role, Sector
from kultur3.outreach import run as reminders
from kultur3.privacy import notice, personal_data, research_export, research_package, retention
from kultur3.programme import advisers, catalogue, lifecycle, register, templates
from kultur3.seed import seed_demo
from kultur3.store import backup, drafts, ratelimit
from kultur3.store.db import make_engine, session_scope


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m kultur3", description="kultur3 administration")
    sub = p.add_subparsers(dest="command", required=True)
    db = sub.add_parser("db", help="database schema")
    db.add_argument("action", choices=["upgrade", "downgrade"])
    db.add_argument("revision", nargs="?", default=None,
                    help="downgrade: the revision to go back to (e.g. 0009, or -1)")
    seed = sub.add_parser("seed", help="load data")
    seed.add_argument("--demo", action="store_true", required=True,
                      help="the invented demo programme (16 pilot municipalities)")
    seed.add_argument("--force", action="store_true",
                      help="empty the database first (keeps the municipality list)")
    user = sub.add_parser("create-user", help="create an account")
    user.add_argument("username")
    user.add_argument("--role", required=True, choices=[r.value for r in ACCOUNT_ROLES])
    user.add_argument("--municipality", help="kommunenummer, required for role group")
    user.add_argument("--name", default="", help="display name")
    _programme_parser(sub)
    munis = sub.add_parser("municipalities", help="the national municipality register")
    munis_sub = munis.add_subparsers(dest="action", required=True)
    load_reg = munis_sub.add_parser("load", help="apply a newer register CSV (kommunenummer,"
                                    "kommunenavn,samisk_navn,fylkesnummer,fylke[,tidligere_nummer])")
    load_reg.add_argument("file")
    inv = sub.add_parser("invite", help="invite a person; prints the one-time link")
    inv.add_argument("email")
    inv.add_argument("--role", required=True, choices=[r.value for r in ACCOUNT_ROLES])
    inv.add_argument("--programme", help="programme slug (required for group, facilitator, leader)")
    inv.add_argument("--municipality", help="kommunenummer, required for role group")
    inv.add_argument("--name", default="", help="the person's name")
    inv.add_argument("--sector", default="", choices=["", *(s.value for s in Sector)],
                     help="where the person comes from (kultur3/models/sectors.py)")
    inv.add_argument("--coordinator", action="store_true", help="the group's coordinator")
    inv.add_argument("--lang", default="nb", choices=list(LANGS), help="language of the mail")
    inv.add_argument("--days", type=int, default=invitations.INVITE_DAYS,
                     help="days until the link expires")
    rx = sub.add_parser("research-export", help="the programme's research data package "
                        "(pseudonyms, consented people only) into the directory OUT")
    rx.add_argument("--programme", required=True, help="programme slug")
    rx.add_argument("out")
    dump = sub.add_parser("backup", help="write a consistent copy of the database to FILE "
                          "(SQLite: online backup; PostgreSQL: pg_dump)")
    dump.add_argument("file")
    load = sub.add_parser("restore", help="replace the database's contents with FILE")
    load.add_argument("file")
    load.add_argument("--yes", action="store_true", help="confirm: everything now in the "
                      "database is replaced")
    purge = sub.add_parser("purge-guests", help="delete guests' scores and code-joined "
                           "participants past the retention period, and actions removed "
                           "more than 30 days ago")
    purge.add_argument("--days", type=int, default=None,
                       help="retention in days (default KULTUR3_GUEST_RETENTION_DAYS or 365)")
    old = sub.add_parser("purge", help="retention: take the personal data of programmes "
                         "archived before DATE (a dry run unless --yes)")
    old.add_argument("--archived-before", required=True, type=date.fromisoformat,
                     metavar="YYYY-MM-DD")
    old.add_argument("--yes", "--apply", dest="apply", action="store_true",
                     help="purge; without it, only print what would go")
    remind = sub.add_parser("send-reminders", help="e-mail the reminders due today, each at "
                            "most once (run daily from a timer: deploy/)")
    remind.add_argument("--dry-run", action="store_true", help="print what would go to whom; "
                        "send and record nothing")
    remind.add_argument("--today", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                        help="the date to run for (default: today in Oslo)")
    return p


def _reminders_command(args, settings, engine) -> int:
    smtp = mail.parse_url(settings.smtp_url)
    if smtp is None and not args.dry_run:
        print("Feil: KULTUR3_SMTP_URL er ikke satt; ingen påminnelser sendt.", file=sys.stderr)
        return 2
    today = args.today or clock.today()
    report = reminders.send_due(engine, today=today, days_before=settings.reminder_days_before,
                           base=mail.link_base(public_url=settings.public_url,
                                               demo=settings.demo_mode),
                           smtp=smtp, dry_run=args.dry_run)
    if not args.dry_run:
        with session_scope(engine) as session:
            personal_data.purge_reminder_records(session=session)
    print(f"Påminnelser for {today.isoformat()}{' (prøvekjøring)' if args.dry_run else ''}:")
    for line in report.lines:
        print(f"  {line}")
    print(f"Sendt {report.sent}, sendt fra før {report.already}, uten adresse "
          f"{report.no_address}, feilet {report.failed}.")
    if report.unconfirmed:
        print(f"Påbegynt, men aldri bekreftet sendt ({len(report.unconfirmed)}; sendes ikke på "
              "nytt, si fra til personen):")
        for line in report.unconfirmed:
            print(f"  {line}")
    return 1 if report.failed else 0


def _purge_command(args, session) -> None:
    """Print what the purge takes (or would take); take it with --yes."""
    cutoff = datetime.combine(args.archived_before, time(), tzinfo=UTC)
    result = retention.purge_archived(session=session, archived_before=cutoff,
                                      apply=args.apply)
    if not result.programmes:
        print(f"Ingen program ble arkivert før {args.archived_before}; ingenting å slette.")
        return
    counts = (f"{result.members} medlemmer (navn, e-post, rolle), {result.invitations} "
              f"invitasjoner, {result.participants} deltakere med kode, {result.owner_names} "
              f"navn som ansvarlig, {result.author_links} koblinger til hvem som skrev, "
              f"{result.audit_events} hendelser i endringsloggen, {result.advisers} "
              f"prosessveiledere knyttet til kommuner, {result.consents} svar om samtykke "
              "til forskning")
    where = ", ".join(result.programmes)
    if args.apply:
        print(f"Slettet fra {where}: {counts}.")
    else:
        print(f"Ville slettet fra {where}: {counts}. Ingenting er slettet; kjør på nytt med "
              "--yes for å slette.")


def _programme_parser(sub) -> None:
    prog = sub.add_parser("programme", help="create, list and run programmes")
    prog_sub = prog.add_subparsers(dest="action", required=True)
    create = prog_sub.add_parser("create", help="create a programme; prints its slug")
    create.add_argument("name")
    source = create.add_mutually_exclusive_group()
    source.add_argument("--template", default=None, choices=list(templates.TEMPLATES),
                        help="the built-in framework (default kulturskole-3.0)")
    source.add_argument("--copy-from", default=None, metavar="SLUG",
                        help="copy another programme's framework (never its work)")
    create.add_argument("--description", default="")
    create.add_argument("--start", type=date.fromisoformat, default=None, help="YYYY-MM-DD")
    create.add_argument("--end", type=date.fromisoformat, default=None, help="YYYY-MM-DD")
    prog_sub.add_parser("list", help="every programme: slug, status, municipalities, name")
    enrol = prog_sub.add_parser("enrol", help="enrol municipalities by kommunenummer")
    enrol.add_argument("slug")
    enrol.add_argument("numbers", nargs="+")
    enrol.add_argument("--focus", default=None, help="focus area key for all of them")
    status = prog_sub.add_parser("status", help="planned, active, closed or archived")
    status.add_argument("slug")
    status.add_argument("status", choices=[s.value for s in ProgrammeStatus])
    for verb, what in (("assign", "follows"), ("unassign", "no longer follows")):
        adviser = prog_sub.add_parser(verb, help=f"the adviser (prosessveileder) {what} the "
                                      "municipality")
        adviser.add_argument("slug")
        adviser.add_argument("number", help="kommunenummer")
        adviser.add_argument("--adviser", required=True, metavar="EMAIL",
                             help="a facilitator of the programme, by username")


def _programme_command(args, session) -> None:
    if args.action == "create":
        p = lifecycle.create_programme(
            session=session, actor=OPERATOR, data=lifecycle.ProgrammeInput(
                name=args.name, description=args.description, starts_on=args.start,
                ends_on=args.end),
            template=None if args.copy_from else (args.template or templates.DEFAULT_TEMPLATE),
            copy_from=args.copy_from)
        print(p.slug)
    elif args.action == "list":
        counts = catalogue.participant_counts(session=session)
        for p in catalogue.list_programmes(session=session):
            print(f"{p.slug}\t{p.status}\t{counts.get(p.id, 0)}\t{p.name}")
    elif args.action == "enrol":
        p = lifecycle.by_slug(session=session, slug=args.slug)
        added = lifecycle.enrol(session=session, actor=OPERATOR, programme_id=p.id,
                                      numbers=args.numbers, focus_key=args.focus)
        print(f"{len(added)} kommuner lagt til i {p.slug}: {', '.join(added) or '–'}")
    elif args.action == "status":
        p = lifecycle.by_slug(session=session, slug=args.slug)
        lifecycle.set_status(session=session, actor=OPERATOR, programme_id=p.id,
                                   status=ProgrammeStatus(args.status))
        print(f"{p.slug}: {args.status}")
    elif args.action in ("assign", "unassign"):
        _adviser_command(args, session)


def _adviser_command(args, session) -> None:
    p = lifecycle.by_slug(session=session, slug=args.slug)
    municipality_id = invitations.municipality_id_of(session, args.number)
    user_id = advisers.account_id(session, args.adviser)
    fn = advisers.assign if args.action == "assign" else advisers.unassign
    done = fn(session=session, actor=OPERATOR, programme_id=p.id,
              municipality_id=municipality_id, user_id=user_id)
    if args.action == "assign":
        print(f"{args.adviser} følger nå {args.number} i {p.slug}." if done else
              f"{args.adviser} følger allerede {args.number} i {p.slug}.")
    else:
        print(f"{args.adviser} følger ikke lenger {args.number} i {p.slug}." if done else
              f"{args.adviser} fulgte ikke {args.number} i {p.slug}; ingenting er endret.")


def _invite_command(args, session) -> None:
    # Before anything is made: mail refuses a plain-text password, and outside demo mode
    # mails only links to KULTUR3_PUBLIC_URL.
    settings = current()
    smtp = mail.parse_url(settings.smtp_url)
    base = (mail.link_base(public_url=settings.public_url, demo=settings.demo_mode) if smtp
            else settings.public_url or "http://localhost:8501")
    programme_id = (lifecycle.by_slug(session=session, slug=args.programme).id
                    if args.programme else None)
    result = invitations.invite(
        session=session, actor=OPERATOR, email=args.email, role=Role(args.role),
        programme_id=programme_id,
        municipality_id=invitations.municipality_id_of(session, args.municipality),
        display_name=args.name, sector=args.sector, is_coordinator=args.coordinator,
        lang=args.lang, days=args.days)
    if result.token is None:
        print(f"{result.email} har allerede en konto og har fått tilgang.")
        return
    url = invitations.link(base, result.token)
    print(url)
    if smtp is not None:
        session.commit()  # the link is valid before the mail leaves
        mail.send_link(smtp, to=result.email, link=url, lang=args.lang, reset=False,
                       days=args.days)
        print(f"Sendt på e-post til {result.email}.", file=sys.stderr)


def _load_register(path: str, session) -> int:
    result = register.load(session=session, actor=OPERATOR, content=Path(path).read_bytes())
    for line, key, params in result.errors:
        print(f"Linje {line}: {t(key, 'nb', **params)}", file=sys.stderr)
    if result.errors:
        print("Ingenting er endret.", file=sys.stderr)
        return 2
    print(f"Kommuneregisteret er oppdatert: {result.added} nye, {result.renamed} endret, "
          f"{result.renumbered} nytt nummer, {result.merged} slått sammen, "
          f"{result.unchanged} uendret.")
    return 0


def _read_password() -> str:
    """Ask twice on a terminal; read one line from stdin otherwise."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Passord: ")
    if first != getpass.getpass("Gjenta passord: "):
        raise SystemExit("Passordene er ikke like.")
    return first


def _downgrade(engine, revision: str | None) -> int:
    """Take the schema back, after a safety copy: a downgrade drops columns and their data."""
    if not revision:
        print("Feil: oppgi revisjonen det skal tilbake til, f.eks. «db downgrade -1».",
              file=sys.stderr)
        return 2
    saved = backup.safety_copy(current().database_url, current().backup_dir, "downgrade")
    if saved is not None:
        print(f"Sikkerhetskopi skrevet til {saved}.")
    migrate.downgrade(engine, revision)
    print(f"Databasen er tatt tilbake til {revision}.")
    return 0


def _seed_command(args, settings, engine) -> int:
    if not settings.demo_mode:
        print("Feil: demodata lastes bare i demomodus (KULTUR3_DEMO=1).", file=sys.stderr)
        return 2
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        result = seed_demo(session, force=args.force)
    if result.programme_id is None:
        print("Databasen har allerede data; ingenting lagt inn (bruk --force for å nullstille).")
    else:
        print(f"Demodata lagt inn: {result.users} brukere, passord «kultur3-demo».")
    return 0


def _restore_command(args, settings, engine) -> int:
    if not args.yes:
        print("Gjenoppretting erstatter alt i databasen. Stopp appen først, og kjør "
              "på nytt med --yes.", file=sys.stderr)
        return 2
    saved = backup.restore(settings.database_url, Path(args.file),
                           safety_dir=settings.backup_dir)
    if saved is not None:
        print(f"Det som var i databasen, er lagret i {saved}.")
    migrate.upgrade(engine)  # a backup from an older version comes up to date
    print(f"Databasen er gjenopprettet fra {args.file}.")
    return 0


def _purge_guests_command(args, engine) -> None:
    days = args.days or notice.guest_retention_days()
    with session_scope(engine) as session:
        count = personal_data.purge_guests(session=session, older_than_days=days)
        joined = personal_data.purge_participants(session=session, older_than_days=days)
        counted = ratelimit.purge(session)  # rate-limit counters older than a day
        removed = retention.purge_deleted_actions(session=session)
        links = calendar_links.purge_revoked(session)  # revoked calendar links, 30 days on
        receipts = drafts.purge(session)  # typing-safe fields' receipts, 30 days on
    print(f"Slettet {count} gjesteskårer og {joined} deltakere (med kode) eldre enn "
          f"{days} dager.")
    print(f"Slettet {removed} tiltak som ble fjernet for mer enn "
          f"{retention.RESTORE_DAYS} dager siden.")
    print(f"Slettet {counted} tellere for forsøk (passordlenker, koder) eldre enn ett døgn.")
    print(f"Slettet {links} kalenderlenker som ble slettet for mer enn 30 dager siden.")
    print(f"Slettet {receipts} kvitteringer for kladder eldre enn 30 dager.")


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the exit code."""
    args = _parser().parse_args(argv)
    # The CLI is an operator's tool: it needs the database, never the cookie key (the settings
    # read once, unchecked: config.current).
    try:
        settings = current()
    except Kultur3Error as exc:
        print(f"Feil: {exc}", file=sys.stderr)
        return 2
    engine = make_engine(settings.database_url)
    try:
        if args.command == "db" and args.action == "downgrade":
            return _downgrade(engine, args.revision)
        if args.command == "db":
            migrate.upgrade(engine)
            print("Databasen er oppdatert.")
        elif args.command == "seed":
            return _seed_command(args, settings, engine)
        elif args.command == "backup":
            path = backup.backup(settings.database_url, Path(args.file))
            print(f"Sikkerhetskopi skrevet til {path} ({path.stat().st_size} byte).")
        elif args.command == "restore":
            return _restore_command(args, settings, engine)
        elif args.command == "purge-guests":
            _purge_guests_command(args, engine)
        elif args.command == "send-reminders":
            return _reminders_command(args, settings, engine)
        elif args.command == "purge":
            with session_scope(engine) as session:
                _purge_command(args, session)
        elif args.command == "programme":
            with session_scope(engine) as session:
                _programme_command(args, session)
        elif args.command == "municipalities":
            with session_scope(engine) as session:
                code = _load_register(args.file, session)
                if code:
                    session.rollback()
                    return code
        elif args.command == "invite":
            with session_scope(engine) as session:
                _invite_command(args, session)
        elif args.command == "research-export":
            with session_scope(engine) as session:
                package = research_export.research_export(
                    session=session, actor=OPERATOR, programme_id=lifecycle.by_slug(
                        session=session, slug=args.programme).id)
            out = research_package.write(package, Path(args.out))
            print(f"Forskningsuttrekket ({len(package)} filer) er skrevet til {out}.")
        elif args.command == "create-user":
            password = _read_password()
            with session_scope(engine) as session:
                accounts.create_user(session=session, actor=OPERATOR, username=args.username,
                                     password=password, role=Role(args.role), display_name=args.name,
                                     municipality_number=args.municipality)
            print(f"Brukeren {args.username} er opprettet.")
    except Kultur3Error as exc:
        detail = str(exc) if str(exc) != exc.key else ""
        print(f"Feil: {t(exc.key, 'nb', **exc.params)} {detail}".rstrip(), file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as exc:
        print(f"Feil: {exc.cmd[0]} avsluttet med kode {exc.returncode}; ingenting er endret.",
              file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
