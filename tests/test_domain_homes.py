"""Each domain rule has one home (issue 22, section 3): whether a municipality is enrolled in a
programme (access/enrolment.py), the members of a group (group/membership.py) and who is
staff (models.STAFF, permissions.is_staff). The checks on the real database, then guards that
fail when the rule is written out again somewhere else."""

import ast
from pathlib import Path

import pytest

from kultur3.access.enrolment import check_enrolled, enrolled, enrolled_ids, enrolment
from kultur3.access.permissions import Actor, is_staff
from kultur3.core.errors import InvalidInput, NotFound, PermissionDenied
from kultur3.models import STAFF, Role
from kultur3.programme import catalogue
from tests.conftest import municipality_id
from tests.factories import enrol, make_programme

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def pid(demo):
    """The demo programme (Asker and Bodø among its municipalities)."""
    return next(p.id for p in catalogue.list_programmes(session=demo) if p.is_demo)


@pytest.fixture
def other(demo):
    """Another programme, with only Bodø enrolled."""
    programme = make_programme(demo, "Vestland 2027")
    enrol(demo, programme, "1804")
    return programme.id


def test_an_enrolled_municipality_gets_its_enrolment(demo, pid):
    asker = municipality_id(demo, "3203")
    part = enrolment(demo, pid, asker)
    assert (part.programme_id, part.municipality_id) == (pid, asker)
    assert check_enrolled(demo, pid, asker) == part.id
    assert demo.exec(enrolled(asker, pid)).all() == [part.id]
    assert asker in enrolled_ids(demo, pid)


def test_a_municipality_not_enrolled_is_not_found(demo, pid):
    sunndal = municipality_id(demo, "5610")  # on the national list, in no programme
    for check in (check_enrolled, enrolment):
        with pytest.raises(NotFound):
            check(demo, pid, sunndal)
        with pytest.raises(NotFound):  # a number that names no municipality resolves to None
            check(demo, pid, None)
    assert sunndal not in enrolled_ids(demo, pid)


def test_enrolment_in_another_programme_does_not_count(demo, pid, other):
    asker, bodo = municipality_id(demo, "3203"), municipality_id(demo, "1804")
    for check in (check_enrolled, enrolment):
        with pytest.raises(NotFound):
            check(demo, other, asker)  # Asker is enrolled in the demo programme only
    assert check_enrolled(demo, other, bodo) != check_enrolled(demo, pid, bodo)
    assert enrolment(demo, other, bodo).programme_id == other
    assert enrolled_ids(demo, other) == {bodo}
    assert len(demo.exec(enrolled(bodo)).all()) == 2  # no programme named: every enrolment


def test_the_caller_names_the_error_it_raised_before(demo, other):
    asker = municipality_id(demo, "3203")
    with pytest.raises(InvalidInput) as raised:
        check_enrolled(demo, other, asker, error=InvalidInput(key="gatherings.needs_municipality"))
    assert raised.value.key == "gatherings.needs_municipality"
    with pytest.raises(PermissionDenied):
        enrolment(demo, other, asker, error=PermissionDenied())


def test_staff_is_admins_and_facilitators():
    def actor(role: Role) -> Actor:
        return Actor(user_id=1, username="x", display_name="x", role=role)
    assert {r for r in Role if is_staff(actor(r))} == set(STAFF) == {Role.ADMIN, Role.FACILITATOR}


# --- Guards: the rule is not written out again ---------------------------------------------

def _sources(root: Path):
    for path in sorted([*root.glob("kultur3/**/*.py"), *root.glob("pages/*.py")]):
        yield path.relative_to(root).as_posix(), ast.parse(path.read_text())


def _text(node: ast.AST) -> str:
    return ast.unparse(node)


def _asks_enrolment(tree: ast.AST) -> bool:
    """A call in it (a where, a join) filters Participation by programme and by municipality
    in one go."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            args = " ".join(_text(a) for a in node.args)
            if "Participation.programme_id ==" in args and (
                    "Participation.municipality_id ==" in args or "Municipality.number ==" in args):
                return True
    return False


def enrolment_queries(root: Path) -> list[str]:
    """Statements that ask «is this municipality enrolled in this programme» by hand (each
    counted once: a simple statement, or the test of an if)."""
    found = []
    for name, tree in _sources(root):
        if name == "kultur3/access/enrolment.py":
            continue
        for node in ast.walk(tree):
            part = node.test if isinstance(node, ast.If | ast.While) else (
                node if isinstance(node, ast.stmt) and not hasattr(node, "body") else None)
            if part is not None and _asks_enrolment(part):
                found.append(f"{name}:{node.lineno}")
    return sorted(found)


def test_only_the_enrolment_module_asks_whether_a_municipality_is_enrolled():
    assert enrolment_queries(ROOT) == []


def staff_spelled_out(root: Path) -> list[str]:
    """Tuples, sets and check_role calls naming exactly admin and facilitator, outside the
    one definition. The page table (permissions.PAGE_ROLES) lists each page's roles in full,
    a row per page, and is left as it reads."""
    found = []
    for name, tree in _sources(root):
        skip = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.AnnAssign | ast.Assign) and "PAGE_ROLES" in _text(
                    node.target if isinstance(node, ast.AnnAssign) else node.targets[0]):
                skip.update(id(n) for n in ast.walk(node))
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            if isinstance(node, ast.Tuple | ast.Set | ast.List):
                items = node.elts
            elif isinstance(node, ast.Call) and _text(node.func).endswith("check_role"):
                items = node.args[1:]
            else:
                continue
            roles = {_text(e) for e in items}
            if roles == {"Role.ADMIN", "Role.FACILITATOR"} and not (
                    name == "kultur3/models/base.py"):
                found.append(f"{name}:{node.lineno}")
    return found


def test_staff_is_named_once():
    assert staff_spelled_out(ROOT) == []


def member_rows_made(root: Path) -> list[str]:
    """Where Member rows are created: membership only (and the demo's groups, demo_work)."""
    return [f"{name}:{node.lineno}" for name, tree in _sources(root)
            if name not in ("kultur3/group/membership.py", "kultur3/group/demo_work.py")
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and _text(node.func) == "Member"]


def test_only_membership_creates_members():
    assert member_rows_made(ROOT) == []
