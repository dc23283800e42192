"""Config, database pragmas, migrations, versions, i18n and the layering rule."""

import ast
import re
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

from kultur3 import i18n, versions
from kultur3.config import DEMO_COOKIE_KEY, load_settings
from kultur3.db import is_sqlite, make_engine
from kultur3.errors import ConfigError
from kultur3.i18n import CATALOGUE, LANGS, t

ROOT = Path(__file__).resolve().parent.parent


def test_demo_mode_gets_a_cookie_key(tmp_path):
    s = load_settings({"KULTUR3_DEMO": "1"}, tmp_path / "none.toml")
    assert s.demo_mode and s.cookie_key == DEMO_COOKIE_KEY
    assert s.database_url.startswith("sqlite:///") and s.database_url.endswith("data/kultur3.db")


@pytest.mark.parametrize("key", ["", "change-me", DEMO_COOKIE_KEY, "too-short"])
def test_outside_demo_mode_unsafe_cookie_keys_refuse_to_start(tmp_path, key):
    with pytest.raises(ConfigError):
        load_settings({"KULTUR3_COOKIE_KEY": key}, tmp_path / "none.toml")


def test_secrets_file_is_read(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('database_url = "sqlite:///x.db"\n[auth]\ncookie_key = "' + "k" * 40 + '"\n')
    s = load_settings({}, secrets)
    assert s.database_url == "sqlite:///x.db" and not s.demo_mode


def test_sqlite_pragmas_on_every_connection(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_migrations_match_the_models(engine):
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_foreign_keys_are_enforced(session):
    from sqlalchemy.exc import IntegrityError

    from kultur3.models import Participation
    session.add(Participation(programme_id=999, municipality_id=999))
    with pytest.raises(IntegrityError):
        session.commit()


def test_version_counter_is_atomic_and_starts_at_zero(engine):
    from sqlmodel import Session
    with Session(engine) as s:
        assert versions.current(s) == 0
        versions.bump(s)
        versions.bump(s)
        s.commit()
        assert versions.current(s) == 2
        assert versions.current(s, "other") == 0


def test_engine_kind(engine):
    assert is_sqlite(engine) == (engine.dialect.name == "sqlite")


def test_every_key_in_every_language():
    for key, texts in CATALOGUE.items():
        assert len(texts) == len(LANGS), key
        assert all(s.strip() for s in texts), key
        fields = [set(re.findall(r"{(\w+)}", s)) for s in texts]
        assert all(f == fields[0] for f in fields), f"{key}: placeholders differ"


def _literal_keys() -> set[str]:
    keys = set()
    for path in [*ROOT.glob("pages/*.py"), ROOT / "app.py", *ROOT.glob("kultur3/**/*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", ""))
                    == "t" and node.args and isinstance(node.args[0], ast.Constant)):
                keys.add(node.args[0].value)
            if (isinstance(node, ast.Call) and getattr(node.func, "id", "") in ERRORS):
                keys |= {k.value.value for k in node.keywords
                         if k.arg == "key" and isinstance(k.value, ast.Constant)}
    return keys


ERRORS = {"Kultur3Error", "ConfigError", "NotFound", "PermissionDenied", "InvalidInput",
          "Conflict", "LoginLocked"}


def test_every_dynamic_key_family_is_complete():
    from kultur3.models import ActionStatus, GatheringKind, GatheringStatus, LogKind, Role
    from kultur3.permissions import PAGE_ROLES
    from kultur3.ui.workshop import STEPS
    families = ([f"role.{r.value}" for r in Role] + [f"kind.{k.value}" for k in GatheringKind]
                + [f"status.{s.value}" for s in GatheringStatus]
                + [f"action_status.{s.value}" for s in ActionStatus]
                + [f"log.{k.value}" for k in LogKind] + [f"priority.{p}" for p in (1, 2, 3)]
                + [f"page.{p}" for p in [*PAGE_ROLES, "login"]] + [f"step.{s}" for s in STEPS]
                + [f"common.{k}" for k in ("desired", "current")])
    assert sorted(set(families) - set(CATALOGUE)) == []


def test_every_key_used_in_code_exists():
    missing = _literal_keys() - set(CATALOGUE)
    assert not missing


def test_unknown_key_and_missing_params_do_not_crash(monkeypatch):
    """In production a missing text shows its key or an empty gap rather than an error."""
    monkeypatch.setattr(i18n, "STRICT", False)
    assert t("no.such.key") == "no.such.key"
    assert "«»" in t("error.empty", "nb")


def test_strict_mode_raises_on_a_missing_key_or_parameter():
    assert i18n.STRICT  # tests/conftest.py
    with pytest.raises(i18n.MissingText):
        t("no.such.key")
    with pytest.raises(i18n.MissingText):
        t("error.empty", "nb")


def test_streamlit_only_at_the_edge():
    offenders = []
    for path in ROOT.glob("kultur3/**/*.py"):
        if "ui" in path.relative_to(ROOT / "kultur3").parts[:1]:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            if any(n == "streamlit" or n.startswith(("streamlit.", "streamlit_")) for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_pages_do_no_data_work():
    for path in ROOT.glob("pages/*.py"):
        source = path.read_text()
        assert not re.search(r"create_engine|select\(|session\.exec|\.groupby\(|go\.Figure", source)
        assert len(source.splitlines()) <= 120, path.name


def test_every_page_starts_with_its_guard():
    from kultur3.permissions import PAGE_ROLES
    for key in PAGE_ROLES:
        source = (ROOT / "pages" / f"{key}.py").read_text()
        tree = ast.parse(source)
        first_call = next(n for n in tree.body if not isinstance(n, (ast.Import, ast.ImportFrom, ast.Expr))
                          or (isinstance(n, ast.Expr) and isinstance(n.value, ast.Call)))
        assert f"require_role('{key}'" in ast.unparse(first_call), key


def test_one_takes_the_singular_where_there_is_one():
    assert t("groups.imported", "nb", n=1) == "1 medlem er importert."
    assert t("groups.imported", "nb", n=2) == "2 medlemmer er importert."
    assert t("words.count", "en", n=1) == "1 answer."
    for key in CATALOGUE:  # every singular has its plural, with the same parameters but n
        if key.endswith(".one"):
            assert key.removesuffix(".one") in CATALOGUE, key
