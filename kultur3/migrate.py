"""Alembic, driven from code: `python -m kultur3 db upgrade` and the app's first start."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).resolve().parent.parent / "db" / "migrations"


def alembic_config(engine: Engine) -> Config:
    """An Alembic Config bound to this engine (no alembic.ini needed)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to the given revision; at head, make sure the national
    municipality register is there (every install, demo or not; idempotent)."""
    command.upgrade(alembic_config(engine), revision)
    if revision == "head":
        from kultur3.programme import register
        from kultur3.store.db import session_scope

        with session_scope(engine) as session:
            register.ensure_loaded(session)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema back to the given revision."""
    command.downgrade(alembic_config(engine), revision)
