"""Everything kultur3 takes from Streamlit past its public API (kultur3/ui/streamlit_internals.py),
exercised against the installed Streamlit; and the guard that nothing else reaches past it.

Raising the Streamlit pin: these tests fail until the door has been read against the new
release and its BUILT_FOR raised with the pin (the README's «Raising the Streamlit pin»)."""

from __future__ import annotations

import ast
import re
import sys
import threading
from importlib import metadata
from pathlib import Path
from types import SimpleNamespace

import pytest
import streamlit
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner_utils.script_requests import RerunData, ScriptRequests
from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext
from streamlit.web import bootstrap, cli
from streamlit.web.server import app_discovery

from kultur3.ui import serve
from kultur3.ui import streamlit_internals as internals
from kultur3.ui.live import wake

ROOT = Path(__file__).resolve().parent.parent
DOOR = ROOT / "kultur3/ui/streamlit_internals.py"


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        found = re.match(r"\s*([A-Za-z0-9_.\-]+)(?:\[[^]]*\])?==([^\s#;]+)", line)
        if found:
            pins[found[1].lower().replace("_", "-")] = found[2]
    return pins


# -- the version ------------------------------------------------------------------------

def test_the_pinned_streamlit_is_installed_and_is_the_one_the_door_was_read_against():
    pinned = _pins(ROOT / "requirements.txt")["streamlit"]
    assert pinned == streamlit.__version__, "install the pinned Streamlit (make venv-dev)"
    assert internals.BUILT_FOR == pinned, (
        "the Streamlit pin moved: read every touch in kultur3/ui/streamlit_internals.py against "
        "the new release, run the checks in the README's «Raising the Streamlit pin», then "
        "raise BUILT_FOR")


def _closure(requirements: dict[str, str]) -> set[str]:
    """Every distribution a plain install of these requirements pulls in (extras followed)."""
    from packaging.requirements import Requirement

    seen: set[str] = set()
    # pip allows a comment after a requirement; packaging's parser does not.
    todo = [Requirement(line.split(" #")[0].strip())
            for line in (ROOT / "requirements.txt").read_text().splitlines()
            if "==" in line and not line.startswith("#")]
    while todo:
        req = todo.pop()
        name = req.name.lower().replace("_", "-")
        if name in seen:
            continue
        seen.add(name)
        for child in map(Requirement, metadata.requires(name) or []):
            if child.marker is None or any(child.marker.evaluate({"extra": extra})
                                           for extra in {"", *req.extras}):
                todo.append(child)
    return seen


def test_the_constraints_pin_the_whole_server_stack_as_installed():
    """constraints.txt (make installs with -c) pins what the requirements pull in, so a fresh
    install next year runs the same stack: a runtime install is wholly pinned, every package
    installed here is pinned somewhere, and every pin is the installed version."""
    runtime, constraints = _pins(ROOT / "requirements.txt"), _pins(ROOT / "constraints.txt")
    dev = _pins(ROOT / "requirements-dev.txt")
    for name in ("starlette", "uvicorn", "protobuf", "pyarrow", "websockets", "anyio"):
        assert name in constraints, name
    assert _closure(runtime) - set(runtime) - set(constraints) == set()
    pinned = runtime | dev | constraints
    installed = {dist.metadata["Name"].lower().replace("_", "-"): dist.version
                 for dist in metadata.distributions()}
    unpinned = set(installed) - set(pinned) - {"pip", "setuptools", "wheel", "kultur3"}
    assert unpinned == set(), "pin these in constraints.txt (or a requirements file)"
    assert {name: version for name, version in pinned.items()
            if installed.get(name) != version} == {}
    assert all(dev.get(name, version) == version for name, version in constraints.items())


# -- 1. a session's requests ------------------------------------------------------------

def test_the_run_context_has_what_the_wait_reads():
    assert "fragment_ids_this_run" in ScriptRunContext.__dataclass_fields__
    assert "script_requests" in ScriptRunContext.__dataclass_fields__
    assert "pages_manager" in ScriptRunContext.__dataclass_fields__


def test_only_a_fragment_run_gets_its_sessions_requests(monkeypatch):
    requests = ScriptRequests()
    assert internals.fragment_run_requests() is None  # outside any run
    run = SimpleNamespace(fragment_ids_this_run=[], script_requests=requests)
    monkeypatch.setattr(internals, "get_script_run_ctx", lambda suppress_warning: run)
    assert internals.fragment_run_requests() is None  # a full page run
    run.fragment_ids_this_run = ["f"]
    assert internals.fragment_run_requests() is requests


def test_what_lasts_one_run_is_one_dict_per_run(monkeypatch):
    assert internals.this_run() is None  # outside any run
    run = SimpleNamespace(cursors={})
    monkeypatch.setattr(internals, "get_script_run_ctx", lambda suppress_warning: run)
    first = internals.this_run()
    first["x"] = 1
    assert internals.this_run() is first
    run.cursors = {}  # what ScriptRunContext.reset() does at the start of every run
    assert internals.this_run() == {}


THIS_RUN_SCRIPT = """
import streamlit as st
from kultur3.ui import streamlit_internals as internals
run = internals.this_run()
run["n"] = run.get("n", 0) + 1
assert internals.this_run() is run
seen = st.session_state.setdefault("seen", [])
seen.append(run["n"])
if len(seen) < 3:
    st.rerun()
"""


def test_every_run_of_a_real_runner_gets_a_new_dict(tmp_path):
    """st.rerun runs again on the same run context: its reset() must give a new dict."""
    from streamlit.testing.v1 import AppTest
    script = tmp_path / "runs.py"
    script.write_text(THIS_RUN_SCRIPT)
    at = AppTest.from_file(str(script), default_timeout=30)
    at.run()
    assert not at.exception
    assert at.session_state["seen"] == [1, 1, 1]
    at.run()
    assert at.session_state["seen"] == [1, 1, 1, 1]


def test_nothing_pending_and_the_fragments_own_timer_are_not_input():
    requests = ScriptRequests()
    assert not internals.pending_input(requests)
    requests.request_rerun(RerunData(fragment_id="f", is_auto_rerun=True))
    assert not internals.pending_input(requests)


@pytest.mark.parametrize("rerun", [
    RerunData(),  # a widget outside the fragment: a full page rerun
    RerunData(fragment_id="f"),  # a button inside the fragment (the console's)
    RerunData(fragment_id="f", is_fragment_scoped_rerun=True),  # st.rerun(scope="fragment")
])
def test_input_is_pending_input(rerun):
    requests = ScriptRequests()
    requests.request_rerun(rerun)
    assert internals.pending_input(requests)


def test_a_closing_tab_is_pending_input():
    requests = ScriptRequests()
    requests.request_stop()
    assert internals.pending_input(requests)


def _waiting(requests: ScriptRequests) -> threading.Event:
    event = threading.Event()
    wake._WAITING[id(requests)] = event  # noqa: SLF001 - as wake.wait registers it
    return event


def test_a_sessions_input_wakes_its_waiting_run_and_its_own_timer_does_not():
    """wake.py asks the door to call it after every request: a rerun that is input, or a stop,
    sets the Event of the run waiting in that session; the fragment's own timer does not (it
    folds into the pending run)."""
    requests = ScriptRequests()
    event = _waiting(requests)
    try:
        requests.request_rerun(RerunData(fragment_id="f", is_auto_rerun=True))
        assert not event.is_set()
        requests.request_rerun(RerunData())  # a widget outside the fragment
        assert event.is_set()
        event.clear()
        requests.request_stop()
        assert event.is_set()
    finally:
        wake._WAITING.pop(id(requests), None)  # noqa: SLF001


def test_a_batch_of_reruns_wakes_the_waiting_run_when_one_is_input():
    """Widget callbacks that queue several reruns at once arrive as request_rerun_batch
    (Streamlit 1.67's session_state): the batch is wrapped too."""
    timer = RerunData(fragment_id="f", is_auto_rerun=True)
    requests = ScriptRequests()
    event = _waiting(requests)
    try:
        assert requests.request_rerun_batch([timer, timer])
        assert not event.is_set()  # only the fragment's own timer
        assert requests.request_rerun_batch([timer, RerunData(fragment_id="f")])
        assert event.is_set()  # a click inside the fragment, folded behind the timer
        assert internals.pending_input(requests)
    finally:
        wake._WAITING.pop(id(requests), None)  # noqa: SLF001


def test_every_request_kind_reaches_the_callbacks_once():
    seen: list[int] = []

    def callback(requests: ScriptRequests) -> None:
        seen.append(id(requests))

    internals.after_every_request(callback)
    internals.after_every_request(callback)  # added once; the wrapping is done once too
    try:
        requests = ScriptRequests()
        requests.request_rerun(RerunData())
        requests.request_rerun_batch([RerunData(), RerunData()])
        requests.request_stop()
        assert seen == [id(requests)] * 3
    finally:
        internals._AFTER.remove(callback)  # noqa: SLF001


# -- 2. the page asked for --------------------------------------------------------------

def test_the_page_the_browser_asked_for(monkeypatch):
    pages = PagesManager(str(ROOT / "app.py"))
    run = SimpleNamespace(pages_manager=pages)
    monkeypatch.setattr(internals, "get_script_run_ctx", lambda suppress_warning: run)
    assert internals.requested_page_name() == ""
    pages.set_script_intent("", "dashbord/")
    assert internals.requested_page_name() == "dashbord"
    monkeypatch.setattr(internals, "get_script_run_ctx", lambda suppress_warning: None)
    assert internals.requested_page_name() == ""


def test_the_paths_nav_keeps_are_the_ones_streamlit_resolves(monkeypatch):
    """nav.py keeps the url_path it gave each st.Page instead of reading the private one back
    (the public st.Page.url_path is "" for the default page): they must agree. st.Page fills
    its path only inside a run: the run context is a stand-in with app.py's folder."""
    from streamlit.navigation import page as streamlit_page

    from kultur3.access.permissions import Actor
    from kultur3.models import Role
    from kultur3.ui import nav

    run = SimpleNamespace(pages_manager=SimpleNamespace(main_script_parent=ROOT))
    monkeypatch.setattr(streamlit_page, "get_script_run_ctx", lambda: run)

    people = [None, *(Actor(user_id=1, username="x", display_name="x", role=role)
                      for role in Role),
              Actor(user_id=None, username="v", display_name="v", role=Role.PARTICIPANT,
                    gathering_id=1),
              Actor(user_id=1, username="x", display_name="x", role=Role.ADMIN,
                    must_change_password=True)]
    for actor in people:
        own = {path: page for section in nav._own_pages(actor).values()  # noqa: SLF001
               for path, page in section.items()}
        assert {path: page._url_path for path, page in own.items()} == {  # noqa: SLF001
            path: path for path in own}


# -- 3. the launcher --------------------------------------------------------------------

def test_the_launcher_runs_app_py_as_our_st_app_and_never_as_a_pages_directory_app(monkeypatch):
    """Through Streamlit's real command line up to the point where uvicorn would start."""
    started = {}
    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)
    monkeypatch.setattr(app_discovery, "discover_asgi_app", app_discovery.discover_asgi_app)
    monkeypatch.setattr(sys, "argv", sys.argv)
    monkeypatch.setattr(bootstrap, "load_config_options", lambda **_: None)
    monkeypatch.setattr(cli, "check_credentials", lambda: None)
    monkeypatch.setattr(bootstrap, "run_asgi_app",
                        lambda path, app, *_a, **_k: started.update(path=path, app=app))
    with pytest.raises(SystemExit) as done:
        serve.main(["--server.headless", "true"])
    assert done.value.code == 0
    assert started == {"path": str(ROOT / "app.py"), "app": "kultur3.ui.asgi:app"}
    assert PagesManager.uses_pages_directory is False


# -- 4. the DOM -------------------------------------------------------------------------

def _frontend() -> str:
    static = Path(streamlit.__file__).parent / "static"
    return "\n".join(p.read_text(errors="replace") for p in static.rglob("*.js"))


def _selectors() -> dict[str, set[str]]:
    """Streamlit's test ids and class names in our .css files (not our own .st-key-*)."""
    found: dict[str, set[str]] = {"testid": set(), "class": set()}
    for css in [*ROOT.glob("kultur3/**/*.css")]:
        text = re.sub(r"/\*.*?\*/", "", css.read_text(), flags=re.S)
        found["testid"] |= set(re.findall(r"data-testid=[\"']([^\"']+)[\"']", text))
        found["class"] |= set(re.findall(r"\.(st[A-Z][A-Za-z]+)", text))
    return found


def test_every_test_id_and_class_our_css_names_is_in_the_installed_frontend():
    frontend, selectors = _frontend(), _selectors()
    assert selectors["testid"] and selectors["class"]
    # Minified: `"data-testid":r?`stCaptionContainer`:`stMarkdownContainer``, so a test id
    # is looked for as a quoted literal, a class name also as a word in a className string.
    missing = [f"data-testid={name}" for name in sorted(selectors["testid"])
               if not re.search(rf"[`\"']{name}[`\"']", frontend)]
    missing += [f".{name}" for name in sorted(selectors["class"])
                if not re.search(rf"[`\"' ]{name}[`\"' ]", frontend)]
    assert missing == [], "Streamlit's DOM changed under these selectors"


def test_the_connection_dialog_the_menu_script_closes_is_still_streamlits():
    """NAV_SCRIPT closes the dialog titled «Connection error» (its focus lock took every key
    typed in a network cut). A Streamlit that renames it would bring the lost keys back
    silently: the title must still be in the frontend, and still the one the script names."""
    from kultur3.core.inline_scripts import NAV_SCRIPT
    assert "showError(`Connection error`" in _frontend()
    assert "'Connection error'" in NAV_SCRIPT


# -- the guard --------------------------------------------------------------------------

PUBLIC = {"streamlit", "streamlit.components.v1", "streamlit.column_config",
          "streamlit.testing.v1"}
# What the door reads off the run context, and the packages whose internals carry state.
INTERNAL_NAMES = {"pages_manager", "script_requests", "fragment_ids_this_run",
                  "intended_page_name", "uses_pages_directory", "discover_asgi_app"}
INTERNAL_PACKAGES = ("extra_streamlit_components",)


def touches(path: Path, source: str | None = None) -> list[str]:
    """Where a module reaches past Streamlit's public API: a private module imported, a
    private attribute read, an internal name used, a Streamlit test id or class in Python."""
    source = path.read_text() if source is None else source
    found, tree = [], ast.parse(source)
    docs = {id(node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}
    for node in ast.walk(tree):
        modules = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules = [node.module]
        for module in modules:
            if ((module.startswith("streamlit.") and module not in PUBLIC)
                    or module.startswith(INTERNAL_PACKAGES)):
                found.append(f"{path.name}:{node.lineno} import {module}")
        if isinstance(node, ast.Attribute) and (
                node.attr in INTERNAL_NAMES
                or (node.attr.startswith("_") and not node.attr.endswith("__"))):
            found.append(f"{path.name}:{node.lineno} .{node.attr}")
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs and (
                node.value in INTERNAL_NAMES or "data-testid" in node.value
                or re.search(r"\.st[A-Z][A-Za-z]+", node.value)):
            found.append(f"{path.name}:{node.lineno} {node.value[:40]!r}")
    return found


def _edge() -> list[Path]:
    """The modules that run under Streamlit: the UI wing, the pages and app.py. (The wings
    below do not import Streamlit at all: tests/test_infrastructure.py.)"""
    return [*ROOT.glob("kultur3/ui/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"]


def test_only_the_door_touches_streamlit_internals():
    outside = {str(p.relative_to(ROOT)): touches(p) for p in _edge() if p != DOOR}
    assert {name: found for name, found in outside.items() if found} == {}
    assert touches(DOOR)  # the guard sees what the door does


@pytest.mark.parametrize("line", [
    "from streamlit.runtime.scriptrunner import get_script_run_ctx",
    "import streamlit.web.cli",
    "taken = {page._url_path for page in pages}",
    "name = getattr(ctx, 'pages_manager', None)",
    "CSS = \"<style>[data-testid='stSidebar'] { display: none; }</style>\"",
    "CSS = '<style>.stMain p { color: red; }</style>'",
    "import extra_streamlit_components as stx",
])
def test_the_guard_sees_each_kind_of_touch(line):
    assert touches(Path("example.py"), line)


def test_the_guard_lets_public_use_through():
    assert touches(Path("example.py"), "import streamlit as st\nst.fragment(key='live.x')\n"
                   "st.html('<style>.st-key-projector-wall p { color: red; }</style>')\n") == []


def test_a_components_directory_is_served_on_the_running_runtime(tmp_path):
    """Touch 5: the typing field's asset_dir registered on AppTest's runtime resolves to its
    folder (what /_stcore/bidi-components/ serves), and outside a runtime nothing happens."""
    assert internals.serve_component_dir("kultur3", "typing", str(ROOT / "kultur3/ui"),
                                         "typing_assets") is None
    script = tmp_path / "app.py"
    script.write_text(
        "import streamlit as st\n"
        "from streamlit.runtime import Runtime\n"
        "from kultur3.ui import streamlit_internals as si\n"
        f"si.serve_component_dir('kultur3', 'typing', {str(ROOT / 'kultur3/ui')!r}, 'typing_assets')\n"
        "st.write(Runtime.instance().bidi_component_registry.get_component_path('kultur3.typing'))\n")
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(script)).run()
    assert not at.exception
    assert at.markdown[0].value == str(ROOT / "kultur3/ui/typing_assets")
