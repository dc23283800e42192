"""The README's settings table equals the settings object (in the style of datasette's
tests/test_docs.py): every field of kultur3.core.config.Settings names its environment
variable, the table lists exactly those, and each one is really read."""

import re
from dataclasses import fields
from pathlib import Path

import pytest

from kultur3.core import config

ROOT = Path(__file__).resolve().parent.parent


def documented() -> list[str]:
    """The first column of the table under «## Configuration» in the README."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([A-Z0-9_]+)` \|", section, flags=re.MULTILINE)


def test_the_readme_table_lists_every_setting_once():
    names = documented()
    assert len(names) == len(set(names)), "a setting is listed twice"
    assert set(names) == set(config.ENV.values())


def test_every_field_of_the_settings_names_its_variable():
    assert set(config.ENV) == {f.name for f in fields(config.Settings)}


SAMPLES = {str: "https://k3.example.no", float: "3", bool: "1", int: "30", Path: "/srv/k3"}


@pytest.mark.parametrize("name", sorted(config.ENV))
def test_each_variable_is_read_into_its_field(name, tmp_path):
    kind = next(f.type for f in fields(config.Settings) if f.name == name)
    sample = SAMPLES[{"str": str, "float": float, "bool": bool, "int": int, "Path": Path}[kind]]
    unset = config.read_settings({}, tmp_path / "none.toml")
    changed = config.read_settings({config.ENV[name]: sample}, tmp_path / "none.toml")
    assert getattr(changed, name) != getattr(unset, name)


def test_settings_are_read_once_until_reset(monkeypatch):
    """One object for the pages, the command line and the engine: reading again needs reset."""
    monkeypatch.setenv("KULTUR3_GUEST_RETENTION_DAYS", "30")
    config.reset()
    assert config.current().guest_retention_days == 30
    monkeypatch.setenv("KULTUR3_GUEST_RETENTION_DAYS", "40")
    assert config.current() is config.current()
    assert config.current().guest_retention_days == 30
    config.get_settings.cache_clear()  # the tests' spelling of reset
    assert config.current().guest_retention_days == 40
    config.reset()
