"""Alembic environment: runs on the engine handed over by kultur3.migrate."""

from alembic import context
from sqlmodel import SQLModel

import kultur3.models  # noqa: F401  (registers every table on SQLModel.metadata)
from kultur3.store.db import make_engine

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine") or make_engine(config.get_main_option("sqlalchemy.url"))
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            # SQLite alters a table by copying it and dropping the old one; with foreign keys
            # on, dropping a table other rows point at fails. Off for the migration (outside
            # any transaction, where SQLite accepts it), checked and back on after.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # ends SQLAlchemy's autobegun block; SQLite began nothing
        with connection.begin():
            if not sqlite:
                # Several replicas may start at once: one migrates, the others wait here and
                # then find nothing left to do. (SQLite's write lock does the same.)
                connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7303201)")
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=sqlite,
                compare_type=True,
            )
            context.run_migrations()
        if sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
            if broken:
                raise RuntimeError(f"migration left broken foreign keys: {broken[:5]}")


run_migrations_online()
