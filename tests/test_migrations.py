"""Every migration upgrades a database holding data from the schema before it, losing nothing,
and downgrades again. Runs on SQLite and (in CI) on PostgreSQL."""

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from kultur3 import migrate
from kultur3.store.db import make_engine

# Rows valid in every schema since 0001: a programme with one value area and one question,
# a municipality, a gathering, an agreed score and an answer.
ROWS = [
    "INSERT INTO programme (id, slug, name, is_demo, created_at) "
    "VALUES (1, 'p', 'P', false, CURRENT_TIMESTAMP)",
    "INSERT INTO municipality (id, number, name, county_number, county) "
    "VALUES (1, '3203', 'Asker', '32', 'Akershus')",
    "INSERT INTO valuearea (id, programme_id, key, position, names, descriptions, level_texts, "
    "retired) VALUES (1, 1, 'a', 1, '{}', '{}', '{}', false)",
    "INSERT INTO question (id, programme_id, number, texts, help_texts) "
    "VALUES (1, 1, 1, '{}', '{}')",
    "INSERT INTO gathering (id, programme_id, kind, title, held_on, is_digital, status, phase, "
    "phase_version) VALUES (1, 1, 'fellessamling', 'F1', '2021-09-23', false, 'closed', "
    "'welcome', 0)",
    "INSERT INTO score (gathering_id, municipality_id, value_area_id, kind, is_group, value, "
    "updated_at) VALUES (1, 1, 1, 'current', true, 3, CURRENT_TIMESTAMP)",
    "INSERT INTO answer (gathering_id, municipality_id, question_id, text, created_at, "
    "updated_at, version) VALUES (1, 1, 1, 'Et svar som skal overleve', CURRENT_TIMESTAMP, "
    "CURRENT_TIMESTAMP, 2)",
]
CHECKS = {
    "SELECT value FROM score": 3,
    "SELECT text FROM answer": "Et svar som skal overleve",
    "SELECT version FROM answer": 2,
    "SELECT title FROM gathering": "F1",
}


def revisions() -> list[tuple[str, str]]:
    """(previous, revision) for every migration after the first, oldest first."""
    from alembic.config import Config
    cfg = Config()
    cfg.set_main_option("script_location", str(migrate.MIGRATIONS))
    script = ScriptDirectory.from_config(cfg)
    revs = list(reversed(list(script.walk_revisions())))
    return [(r.down_revision, r.revision) for r in revs if r.down_revision]


def _at_with_rows(engine, revision: str) -> None:
    """The schema at revision, holding ROWS."""
    migrate.upgrade(engine, revision)
    with engine.begin() as c:
        for sql in ROWS:
            c.execute(text(sql))


def _check(engine) -> None:
    with engine.connect() as c:
        for sql, expected in CHECKS.items():
            assert c.execute(text(sql)).scalar() == expected, sql


@pytest.mark.parametrize(("previous", "revision"), revisions())
def test_each_migration_keeps_the_data_of_the_schema_before_it(backend, previous, revision):
    url = backend.fresh("bare")
    engine = make_engine(url)
    try:
        _at_with_rows(engine, previous)
        migrate.upgrade(engine, revision)
        _check(engine)
        migrate.downgrade(engine, previous)
        _check(engine)
        migrate.upgrade(engine, revision)
        _check(engine)
    finally:
        engine.dispose()
        backend.drop(url)


def test_the_live_columns_get_safe_defaults_on_old_rows(backend):
    url = backend.fresh("bare")
    engine = make_engine(url)
    try:
        _at_with_rows(engine, "0003")
        migrate.upgrade(engine)
        with engine.connect() as c:
            row = c.execute(text(
                "SELECT code_joining, anonymous, dots_per_person, timer_running, join_code, "
                "locked_phases FROM gathering")).one()
            hidden = c.execute(text("SELECT hidden, hidden_reason FROM answer")).one()
        assert (bool(row[0]), bool(row[1]), row[2], bool(row[3]), row[4]) == (
            False, False, 3, False, None)
        assert row[5] in ("[]", [])
        assert (bool(hidden[0]), hidden[1]) == (False, "")
    finally:
        engine.dispose()
        backend.drop(url)


def test_0001_data_survives_the_upgrade_to_head(backend):
    url = backend.fresh("bare")
    engine = make_engine(url)
    try:
        _at_with_rows(engine, "0001")
        migrate.upgrade(engine)
        with engine.connect() as c:
            assert tuple(c.execute(text("SELECT value, guest_key FROM score")).one()) == (3, None)
        _check(engine)
        migrate.downgrade(engine, "0001")
        _check(engine)
    finally:
        engine.dispose()
        backend.drop(url)


def test_0028_starts_each_description_at_its_actions_version(backend):
    """A browser's kept draft and the draft receipts of an action's text hold values of the
    action's version from before 0028: the description's own version must start there."""
    url = backend.fresh("bare")
    engine = make_engine(url)
    try:
        _at_with_rows(engine, "0024")
        with engine.begin() as c:
            c.execute(text(
                "INSERT INTO action (id, programme_id, municipality_id, title, description, "
                "status, priority, progress_note, created_at, updated_at, version) VALUES "
                "(1, 1, 1, 'T', 'D', 'not_started', 2, '', CURRENT_TIMESTAMP, "
                "CURRENT_TIMESTAMP, 7)"))
        migrate.upgrade(engine, "0028")
        with engine.connect() as c:
            assert c.execute(text("SELECT description_version FROM action")).scalar() == 7
    finally:
        engine.dispose()
        backend.drop(url)
