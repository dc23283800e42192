"""Permissions fail closed: no service takes None for «the operator», and every check names an
action of kultur3/access/actions.py. The isolation matrix (tests/test_tenant_isolation.py)
exercises each action and refuses every role it leaves out."""

import ast
import re
from pathlib import Path

import pytest

import kultur3
from kultur3.access import permissions
from kultur3.access.permissions import Actor, Resource, allowed
from kultur3.core.errors import PermissionDenied
from kultur3.models import Role

PACKAGE = Path(kultur3.__file__).parent

# Functions whose `actor` may be None, and why None grants nothing there. Every other function
# of kultur3 (the UI aside: a visitor who is not logged in is None there) takes an Actor.
MAY_BE_NOBODY = {
    "access/audit.py:record": "an event nobody logged in caused (a login, an invitation "
                              "accepted, a join by code): recorded under the person it names",
    "access/permissions.py:can_open": "a visitor who is not logged in opens no page",
}


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if not rel.startswith("ui/"):
            yield rel, ast.parse(path.read_text(encoding="utf-8"))


def _accepts_none(arg: ast.arg, default: ast.expr | None) -> bool:
    """No annotation, an annotation that admits None, or a default of None."""
    if isinstance(default, ast.Constant) and default.value is None:
        return True
    if arg.annotation is None:
        return True
    text = ast.unparse(arg.annotation)
    return "None" in text or "Optional" in text or "Any" in text


def test_no_function_takes_none_as_an_actor():
    """`actor=None` once meant «the operator, allowed»: a newcomer copying the nearest service
    learnt that None is an admin. The command line passes permissions.OPERATOR instead."""
    found = []
    for rel, tree in _modules():
        for node in ast.walk(tree):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            a = node.args
            positional = a.posonlyargs + a.args
            defaults = [None] * (len(positional) - len(a.defaults)) + list(a.defaults)
            pairs = [*zip(positional, defaults, strict=True),
                     *zip(a.kwonlyargs, a.kw_defaults, strict=True)]
            for arg, default in pairs:
                if arg.arg == "actor" and _accepts_none(arg, default):
                    found.append(f"{rel}:{getattr(node, 'name', 'lambda')}")
    assert sorted(set(found) - set(MAY_BE_NOBODY)) == []
    assert sorted(set(MAY_BE_NOBODY) - set(found)) == []  # the allow-list stays current


def _actions() -> dict:
    from kultur3.access.actions import ACTIONS  # imported here: the AST test runs on its own
    return ACTIONS


def test_nobody_is_allowed_nothing():
    for action in _actions():
        assert not permissions.allowed(None, action)
        with pytest.raises(PermissionDenied):
            permissions.check(None, action)
    assert not any(permissions.can_open(None, page) for page in permissions.PAGE_ROLES)


def test_an_unknown_action_is_an_error_not_a_refusal():
    with pytest.raises(KeyError):
        permissions.allowed(permissions.OPERATOR, "live.runn")


def _named_actions() -> dict[str, list[str]]:
    """Every action name a service passes to check() or allowed(), with where."""
    used: dict[str, list[str]] = {}
    for rel, tree in _modules():
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and len(node.args) >= 2
                    and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                        "check", "allowed")
                    and isinstance(node.args[1], ast.Constant)
                    and isinstance(node.args[1].value, str)):
                used.setdefault(node.args[1].value, []).append(f"{rel}:{node.lineno}")
    return used


def test_services_name_actions_of_the_table_and_spell_no_roles():
    """One table says which roles may do what: a service names an action of it (a typo is
    caught here, not in production), no action is dead, and the old role-tuple check is gone."""
    used, actions = _named_actions(), _actions()
    assert sorted(set(used) - set(actions)) == []
    assert sorted(set(actions) - set(used)) == []
    assert not hasattr(permissions, "check_role")
    calls = [f"{rel}:{node.lineno}" for rel, tree in _modules() for node in ast.walk(tree)
             if isinstance(node, ast.Call)
             and getattr(node.func, "id", getattr(node.func, "attr", "")) == "check_role"]
    assert calls == []


def test_the_command_line_acts_as_the_operator_not_as_nobody():
    """kultur3/__main__.py, the seed and the scripts name OPERATOR where they act."""
    root = PACKAGE.parent
    for path in [PACKAGE / "__main__.py", PACKAGE / "seed.py", *sorted((root / "scripts").glob("*.py"))]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\bactor\s*=\s*None\b", text), path


def test_a_view_link_projects_its_own_gathering_only():
    """The table alone says it: a viewer's own gathering, not any (issue 22 review)."""
    viewer = Actor(user_id=None, username="v", display_name="v", role=Role.VIEWER,
                   gathering_id=10)
    assert allowed(viewer, "live.project", Resource(gathering_id=10))
    assert not allowed(viewer, "live.project", Resource(gathering_id=99))
    assert not allowed(viewer, "live.project")
