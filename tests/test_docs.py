"""The README tells the truth about the code, in the style of datasette's tests/test_docs.py:
its layout tree names every module of kultur3/ and nothing that is not there, its pages table
lists the navigation's paths, and every file, module and test it names exists. A new module,
page or renamed test fails here until the README says so."""

import ast
import importlib.util
import re
from pathlib import Path

import pytest

from kultur3.access.permissions import PAGE_ROLES
from kultur3.ui.nav import URL_PATHS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
KULTUR3 = ROOT / "kultur3"
# A module's name in the tree: "db.py", or "live/wake.py" inside ui; never part of a path
# ("kultur3/store/changes.py" in prose) or of a longer name.
MODULE = re.compile(r"(?<![\w/.])((?:\w+/)?\w+\.py)\b")


def _section(heading: str) -> str:
    """The text under a "## heading", up to the next "## "."""
    start = README.index(f"\n## {heading}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end != -1 else len(README)]


def _tree_blocks() -> dict[str, str]:
    """The layout tree's kultur3/ part: {"core/": its text, …, "seed.py": its text}."""
    layout = _section("Layout")
    tree = layout[layout.index("```\n") + 4:layout.index("\n```", layout.index("```\n") + 4)]
    blocks: dict[str, str] = {}
    inside, current = False, None
    for line in tree.splitlines():
        if not line.startswith(" "):
            inside, current = line.startswith("kultur3/"), None
            continue
        head = re.match(r"  (\w+/|\w+\.py)(?:\s|$)", line)
        if inside and head:
            current = head.group(1)
            blocks[current] = line[len(head.group(0)):]
        elif inside and current:
            blocks[current] += "\n" + line
    return blocks


def _modules(wing: Path) -> set[str]:
    return {p.relative_to(wing).as_posix() for p in wing.rglob("*.py") if p.name != "__init__.py"}


def test_the_layout_tree_names_every_module():
    blocks = _tree_blocks()
    wings = {p.name + "/" for p in KULTUR3.iterdir() if (p / "__init__.py").exists()}
    top = {p.name for p in KULTUR3.glob("*.py") if p.name != "__init__.py"}
    assert {b for b in blocks if b.endswith("/")} == wings
    assert {b for b in blocks if b.endswith(".py")} == top
    missing = {wing: sorted(_modules(KULTUR3 / wing) - set(MODULE.findall(blocks[wing])))
               for wing in wings}
    assert {wing: names for wing, names in missing.items() if names} == {}


def test_the_layout_tree_names_nothing_that_is_not_there():
    """A name resolves in its own wing, or (models/inputs.py in core's line) in kultur3/."""
    unknown = [f"{block} {name}" for block, text in _tree_blocks().items()
               for name in MODULE.findall(text)
               if not ((KULTUR3 / block / name).is_file() if block.endswith("/") else False)
               and not (KULTUR3 / name).is_file()]
    assert unknown == []


def _table_paths() -> set[str]:
    rows = [line for line in _section("Pages").splitlines() if line.startswith("| ")][1:]
    return {path for row in rows for path in re.findall(r"`/([\w-]+)", row.split("|")[1])}


def test_the_pages_table_lists_the_navigations_paths():
    assert _table_paths() == set(URL_PATHS.values())


def test_every_page_file_is_in_the_navigation_and_the_permissions():
    files = {p.stem for p in (ROOT / "pages").glob("*.py")}
    assert files == set(URL_PATHS)
    assert files - set(PAGE_ROLES) == {"login"}  # the one page that needs no role


def test_every_file_the_readme_names_exists():
    named = set(re.findall(r"(?<![\w/.-])((?:kultur3|pages|tests|bench|scripts|deploy|docs|db)"
                           r"/[\w/.@-]*\w)", README))
    assert len(named) > 30  # the pattern found the README's paths, not nothing
    assert sorted(p for p in named if not (ROOT / p).exists()) == []


def test_every_module_the_readme_runs_exists():
    modules = set(re.findall(r"python -m (kultur3(?:\.\w+)*)", README))
    assert "kultur3.ui.serve" in modules
    assert sorted(m for m in modules if importlib.util.find_spec(m) is None) == []


@pytest.mark.parametrize("reference", sorted(set(re.findall(r"(tests/[\w/]+\.py)::(\w+)",
                                                            README))))
def test_every_test_the_readme_names_exists(reference):
    """«How to add a feature» names the test that catches each omission: it must be there."""
    path, name = reference
    tree = ast.parse((ROOT / path).read_text())
    assert name in {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}, reference
