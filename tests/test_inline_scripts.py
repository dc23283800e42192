"""Every inline script the app renders is one fixed text from kultur3/core/inline_scripts.py, so
the Content-Security-Policy can allow exactly those by their hashes. A script whose text
varies (a cookie or a code pasted in) would be blocked in the browser: this finds it first."""

from __future__ import annotations

import re
from pathlib import Path

from kultur3.core import http_headers, inline_scripts
from kultur3.core.inline_scripts import APP_SCRIPTS, script_hash

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "app.py", *sorted((ROOT / "pages").rglob("*.py")),
           *sorted((ROOT / "kultur3").rglob("*.py"))]
CONSTANTS = {name for name, value in vars(inline_scripts).items()
             if isinstance(value, str) and value in APP_SCRIPTS}


def _rendered_scripts() -> list[tuple[str, str]]:
    """(file, what stands between <script> and </script>) for every script in the code."""
    found = []
    for path in SOURCES:
        if path.name == "inline_scripts.py":
            continue
        text = path.read_text()
        for match in re.finditer(r"<script\b[^>]*>(.*?)</script>|<script", text, re.S | re.I):
            found.append((str(path.relative_to(ROOT)), match.group(0)))
    return found


def test_every_script_the_app_renders_is_one_of_the_fixed_texts():
    scripts = _rendered_scripts()
    assert scripts, "the hand-off and the participant's cookie render scripts"
    for where, script in scripts:
        body = re.fullmatch(r"<script>\{(\w+)\}</script>", script)
        assert body and body.group(1) in CONSTANTS, f"{where}: {script[:120]}"


def test_every_file_that_runs_javascript_renders_only_fixed_scripts():
    """unsafe_allow_javascript is only used beside a <script>{CONSTANT}</script>."""
    with_scripts = {where for where, _ in _rendered_scripts()}
    for path in SOURCES:
        if "unsafe_allow_javascript=True" in path.read_text():
            assert str(path.relative_to(ROOT)) in with_scripts, path


def test_each_fixed_script_is_allowed_by_its_hash():
    policy = http_headers.content_security_policy()
    assert set(APP_SCRIPTS) == {inline_scripts.HANDOFF_SCRIPT, inline_scripts.JOINED_SCRIPT,
                                inline_scripts.WORDS_SCRIPT, inline_scripts.LANG_SCRIPT,
                                inline_scripts.NAV_SCRIPT}
    for text in APP_SCRIPTS:
        assert f"'{script_hash(text)}'" in policy


def test_the_hash_is_the_one_a_browser_computes():
    """CSP Level 3's example: the hash of `alert('Hello, world.');`."""
    assert (script_hash("alert('Hello, world.');")
            == "sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng=")
