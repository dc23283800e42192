"""Alembic environment: runs on the engine handed over by kultur3.migrate."""

from alembic import context
from sqlmodel import SQLModel

import kultur3.models  # noqa: F401  (registers every table on SQLModel.metadata)
from kultur3.db import make_engine

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine") or make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        context.run_migrations()


run_migrations_online()
