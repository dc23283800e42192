"""Command line: `python -m kultur3 db upgrade | seed --demo | create-user ... | backup FILE |
restore FILE --yes | purge-guests`."""

from __future__ import annotations

import argparse
import getpass
import os
import subprocess
import sys
from pathlib import Path

from kultur3 import accounts, backup, migrate, privacy
from kultur3.config import database_url, demo_mode
from kultur3.db import make_engine, session_scope
from kultur3.errors import Kultur3Error
from kultur3.i18n import t
from kultur3.models import ACCOUNT_ROLES, Role
from kultur3.seed import seed_demo


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m kultur3", description="kultur3 administration")
    sub = p.add_subparsers(dest="command", required=True)
    db = sub.add_parser("db", help="database schema")
    db.add_argument("action", choices=["upgrade"])
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
    dump = sub.add_parser("backup", help="write a consistent copy of the database to FILE "
                          "(SQLite: online backup; PostgreSQL: pg_dump)")
    dump.add_argument("file")
    load = sub.add_parser("restore", help="replace the database's contents with FILE")
    load.add_argument("file")
    load.add_argument("--yes", action="store_true", help="confirm: everything now in the "
                      "database is replaced")
    purge = sub.add_parser("purge-guests", help="delete guests' scores and code-joined "
                           "participants past the retention period")
    purge.add_argument("--days", type=int, default=None,
                       help="retention in days (default KULTUR3_GUEST_RETENTION_DAYS or 365)")
    return p


def _read_password() -> str:
    """Ask twice on a terminal; read one line from stdin otherwise."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Passord: ")
    if first != getpass.getpass("Gjenta passord: "):
        raise SystemExit("Passordene er ikke like.")
    return first


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the exit code."""
    args = _parser().parse_args(argv)
    # The CLI is an operator's tool: it needs the database, never the cookie key.
    engine = make_engine(database_url())
    try:
        if args.command == "db":
            migrate.upgrade(engine)
            print("Databasen er oppdatert.")
        elif args.command == "seed":
            if not demo_mode():
                print("Feil: demodata lastes bare i demomodus (KULTUR3_DEMO=1).", file=sys.stderr)
                return 2
            migrate.upgrade(engine)
            with session_scope(engine) as session:
                result = seed_demo(session, force=args.force)
            if result.programme_id is None:
                print("Databasen har allerede data; ingenting lagt inn (bruk --force for å nullstille).")
            else:
                print(f"Demodata lagt inn: {result.users} brukere, passord «kultur3-demo».")
        elif args.command == "backup":
            path = backup.backup(database_url(), Path(args.file))
            print(f"Sikkerhetskopi skrevet til {path} ({path.stat().st_size} byte).")
        elif args.command == "restore":
            if not args.yes:
                print("Gjenoppretting erstatter alt i databasen. Stopp appen først, og kjør "
                      "på nytt med --yes.", file=sys.stderr)
                return 2
            backup.restore(database_url(), Path(args.file))
            migrate.upgrade(engine)  # a backup from an older version comes up to date
            print(f"Databasen er gjenopprettet fra {args.file}.")
        elif args.command == "purge-guests":
            days = args.days or int(os.environ.get("KULTUR3_GUEST_RETENTION_DAYS")
                                    or privacy.DEFAULT_GUEST_RETENTION_DAYS)
            with session_scope(engine) as session:
                count = privacy.purge_guests(session=session, older_than_days=days)
                joined = privacy.purge_participants(session=session, older_than_days=days)
            print(f"Slettet {count} gjesteskårer og {joined} deltakere (med kode) eldre enn "
                  f"{days} dager.")
        elif args.command == "create-user":
            password = _read_password()
            with session_scope(engine) as session:
                accounts.create_user(session=session, username=args.username, password=password,
                                     role=Role(args.role), display_name=args.name,
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
