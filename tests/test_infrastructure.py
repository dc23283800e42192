"""Config, database pragmas, migrations, versions and the layering rule."""

import ast
import re
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

from kultur3.core.config import DEMO_COOKIE_KEY, load_settings
from kultur3.core.errors import ConfigError
from kultur3.store import versions
from kultur3.store.db import is_sqlite, make_engine

ROOT = Path(__file__).resolve().parent.parent


def test_demo_mode_gets_a_cookie_key(tmp_path):
    s = load_settings({"KULTUR3_DEMO": "1"}, tmp_path / "none.toml")
    assert s.demo_mode and s.cookie_key == DEMO_COOKIE_KEY
    assert s.database_url.startswith("sqlite:///") and s.database_url.endswith("data/kultur3.store.db")


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
    from kultur3.access.permissions import PAGE_ROLES
    for key in PAGE_ROLES:
        source = (ROOT / "pages" / f"{key}.py").read_text()
        tree = ast.parse(source)
        first_call = next(n for n in tree.body if not isinstance(n, (ast.Import, ast.ImportFrom, ast.Expr))
                          or (isinstance(n, ast.Expr) and isinstance(n.value, ast.Call)))
        assert f"require_role('{key}'" in ast.unparse(first_call), key


def test_one_way_to_write_from_the_ui_and_one_message_store():
    """Writes from the UI go through kultur3/ui/feedback.py (act/attempt): it opens the
    transaction, catches Kultur3Error, escapes the parameters and keeps the one message store.
    Reads go through context.read/cached_read. No page or widget opens a session itself, and
    none keeps its own message in session_state."""
    allowed = {ROOT / "kultur3/ui/feedback.py", ROOT / "kultur3/ui/context.py"}
    offenders = []
    for path in [*ROOT.glob("pages/*.py"), ROOT / "app.py", *ROOT.glob("kultur3/ui/**/*.py")]:
        source = path.read_text()
        if path not in allowed and re.search(r"session_scope|except Kultur3Error as \w+:\n\s+"
                                             r"st\.session_state", source):
            offenders.append(path.name)
        if re.search(r'st\.session_state\[[^]]*\] = \(\s*"(success|error|warning|info)"', source):
            offenders.append(f"{path.name}: its own message store")
    assert offenders == []


def _cached_functions():
    """Every service function the UI reads through cached_read (module.function)."""
    import importlib
    found = set()
    for path in [*ROOT.glob("pages/*.py"), *ROOT.glob("kultur3/ui/**/*.py")]:
        tree = ast.parse(path.read_text())
        aliases = {a.asname or a.name: f"{n.module}.{a.name}" if isinstance(n, ast.ImportFrom)
                   else a.name for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))
                   for a in n.names}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "cached_read"
                    and node.args and isinstance(node.args[0], ast.Attribute)
                    and isinstance(node.args[0].value, ast.Name)):
                module = aliases.get(node.args[0].value.id, node.args[0].value.id)
                found.add((module, node.args[0].attr))
    return [getattr(importlib.import_module(m), f) for m, f in sorted(found)
            if m.startswith("kultur3")]


def test_cached_reads_return_read_models_not_orm_rows():
    """A cached ORM row is detached and shared between sessions: a lazy load or a write through
    it would fail, or leak. Cached reads return frozen read models (and plain values)."""
    import typing
    functions = _cached_functions()
    assert len(functions) > 20  # the sweep sees the pages' reads

    def tables(hint) -> list[str]:
        if isinstance(hint, type) and hasattr(hint, "__table__"):
            return [hint.__name__]
        return [name for arg in typing.get_args(hint) for name in tables(arg)]

    offenders = {f"{fn.__module__}.{fn.__name__}": found for fn in functions
                 if (found := tables(typing.get_type_hints(fn).get("return")))}
    assert offenders == {}


def test_no_module_in_kultur3_is_over_400_lines():
    """A newcomer reads a module whole: one concern each (issue 15)."""
    long = {str(p.relative_to(ROOT)): n for p in ROOT.glob("kultur3/**/*.py")
            if (n := len(p.read_text().splitlines())) > 400}
    assert long == {}


# The wings of kultur3, lowest first (issue 22). A wing imports only from itself and the wings
# below it; the modules at the top (the CLI, migrations, the demo) may import any wing, and
# kultur3/ui any of them. Each wing's __init__ says what it holds and states its floor.
WINGS = ("core", "models", "store", "access", "programme", "group", "live", "insight", "outreach",
         "privacy")
TOP = {"__init__", "__main__", "migrate", "seed"}


def _kultur3_imports(path):
    """Every kultur3 module a file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kultur3"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("kultur3"))
    return found


def _module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _rank(module):
    """The wing's place: 0..8 for the wings, 9 for the top modules, 10 for ui."""
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in TOP:
        return len(WINGS)
    if parts[1] == "ui":
        return len(WINGS) + 1
    return WINGS.index(parts[1])


def test_kultur3_is_wings_and_a_few_top_modules():
    top = {p.stem for p in (ROOT / "kultur3").glob("*.py")}
    packages = {p.name for p in (ROOT / "kultur3").iterdir() if (p / "__init__.py").exists()}
    assert top == TOP, "a new module belongs in a wing (see the README's layout)"
    assert packages == {*WINGS, "ui"}
    for wing in WINGS:
        doc = ast.get_docstring(ast.parse((ROOT / "kultur3" / wing / "__init__.py").read_text()))
        assert doc and "Floor:" in doc, wing


@pytest.mark.parametrize("wing", WINGS)
def test_no_wing_imports_a_wing_above_it(wing):
    modules = {_module_name(p) for p in ROOT.glob("kultur3/**/*.py")}
    upward = []
    for path in (ROOT / "kultur3" / wing).glob("**/*.py"):
        for name in _kultur3_imports(path):
            target = name if name in modules else name.rsplit(".", 1)[0]
            if target in modules and target != "kultur3" and _rank(target) > WINGS.index(wing):
                upward.append(f"{_module_name(path)} -> {target}")
    assert upward == []


def test_no_import_cycle_between_modules():
    """Module-level imports only: a cycle there is what breaks a fresh import."""
    modules = {_module_name(p): p for p in ROOT.glob("kultur3/**/*.py")}
    graph = {}
    for name, path in modules.items():
        deps = set()
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kultur3"):
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    deps.add(full if full in modules else node.module)
            elif isinstance(node, ast.Import):
                deps.update(a.name for a in node.names if a.name in modules)
        # A package's own __init__ re-exporting its modules is not a cycle with them.
        graph[name] = {d for d in deps if d in modules and d != name
                       and not (modules[name].name == "__init__" and d.startswith(name + "."))}
    cycles, state = [], {}

    def visit(node, trail):
        state[node] = "open"
        for dep in sorted(graph[node]):
            if state.get(dep) == "open":
                cycles.append(" -> ".join([*trail[trail.index(dep):], dep]))
            elif dep not in state:
                visit(dep, [*trail, dep])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []
