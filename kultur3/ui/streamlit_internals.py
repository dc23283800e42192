"""Every place kultur3 reaches past Streamlit's public API, in one module.

Streamlit 1.67 has no public way to do these six things, so this module reads or changes
Streamlit's own code, and nothing else in kultur3/, pages/ or app.py may
(tests/test_streamlit_internals.py guards that, exercises each touch below, and fails when
the installed Streamlit is not BUILT_FOR: raising the pin in requirements.txt is a deliberate
edit of this module, see the README's «Raising the Streamlit pin»).

1. A waiting live screen (kultur3/ui/live/wake.py) must wake on its session's input. Every
   rerun and stop request of a session arrives at its ScriptRequests; `after_every_request`
   wraps request_rerun, request_rerun_batch (widget callbacks that queue several reruns) and
   request_stop once, and `pending_input` reads the request they left (`_state`,
   `_rerun_data`). `fragment_run_requests` reads the run context's fragment ids.
2. The page the browser asked for (kultur3/ui/nav.py): the run context's
   `pages_manager.intended_page_name`.
3. The launcher (kultur3/ui/serve.py): `PagesManager.uses_pages_directory`, the app
   discovery that names our st.App, and Streamlit's command line.
4. The DOM: Streamlit's test ids and class names are in .css files beside the modules that
   load them (kultur3/ui/chrome.css, kultur3/ui/live/*.css), never in Python strings; the
   test file checks each one is still in the installed frontend bundle.
5. A components-v2 component's JavaScript from a file (kultur3/ui/typing_field.py): inline
   JS is loaded from a blob: URL, which the Content-Security-Policy's script-src does not
   allow; a file in a component's asset_dir is served from /_stcore/bidi-components/ ('self').
   Public asset_dirs come only from an installed package's pyproject.toml manifest, and
   kultur3 runs from its checkout, so `serve_component_dir` registers the same manifest on
   the running runtime's component manager.
6. What lasts one script run (kultur3/ui/context.py reads the data version and the user once
   per run, not once per cached read): `this_run` keeps a dict on the run context, tied to its
   `cursors`, which ScriptRunContext.reset() makes anew for every run (full or fragment).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from streamlit.runtime.scriptrunner_utils.script_requests import (
    ScriptRequests,
    ScriptRequestType,
)
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

# A session's request queue, for type hints outside this module.
Requests = ScriptRequests

# The Streamlit release every touch here was read against (== the pin in requirements.txt).
BUILT_FOR = "1.67.0"


# -- 1. a session's requests ------------------------------------------------------------

def fragment_run_requests() -> ScriptRequests | None:
    """This session's ScriptRequests when the current run is a fragment's own run; None in
    a full page run (or outside a run)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None or not ctx.fragment_ids_this_run:
        return None
    return ctx.script_requests


def pending_input(requests: ScriptRequests) -> bool:
    """This session has a rerun pending that is not a fragment's timer (a widget interaction,
    st.rerun, a page change), or is stopping."""
    state = requests._state  # noqa: SLF001 - no public accessor in 1.67
    if state == ScriptRequestType.STOP:
        return True
    if state != ScriptRequestType.RERUN:
        return False
    data = requests._rerun_data  # noqa: SLF001
    return not data.fragment_id_queue or data.is_fragment_scoped_rerun or not data.is_auto_rerun


_AFTER: list[Callable[[ScriptRequests], None]] = []
_WRAP_LOCK = threading.Lock()


def after_every_request(callback: Callable[[ScriptRequests], None]) -> None:
    """Call `callback(requests)` after every rerun (single or batch) and stop request any
    session receives. ScriptRequests is wrapped once per process; a callback is added once."""
    with _WRAP_LOCK:
        if callback not in _AFTER:
            _AFTER.append(callback)
        if getattr(ScriptRequests, "_kultur3_wrapped", False):
            return
        request_rerun, request_stop = ScriptRequests.request_rerun, ScriptRequests.request_stop
        request_rerun_batch = ScriptRequests.request_rerun_batch

        def after(requests: ScriptRequests) -> None:
            for call in tuple(_AFTER):
                call(requests)

        def rerun(self: ScriptRequests, new_data) -> bool:
            accepted = request_rerun(self, new_data)
            after(self)
            return accepted

        def rerun_batch(self: ScriptRequests, rerun_batch) -> bool:
            accepted = request_rerun_batch(self, rerun_batch)
            after(self)
            return accepted

        def stop(self: ScriptRequests) -> None:
            request_stop(self)
            after(self)

        ScriptRequests.request_rerun = rerun  # type: ignore[method-assign]
        ScriptRequests.request_rerun_batch = rerun_batch  # type: ignore[method-assign]
        ScriptRequests.request_stop = stop  # type: ignore[method-assign]
        ScriptRequests._kultur3_wrapped = True  # type: ignore[attr-defined]  # noqa: SLF001


# -- 2. the page asked for ----------------------------------------------------------------

def requested_page_name() -> str:
    """The path this run's browser asked for (/dashbord -> "dashbord"), "" when none."""
    ctx = get_script_run_ctx(suppress_warning=True)
    name = getattr(getattr(ctx, "pages_manager", None), "intended_page_name", None) or ""
    return name.strip("/")


# -- 3. the launcher ----------------------------------------------------------------------

def run_streamlit(script: str, asgi_app: str, args: list[str]) -> None:
    """`streamlit run script args`, as an app built with st.navigation from the first
    session on (never a «pages/ directory» app), serving the st.App `asgi_app`
    ("module:attribute") for `script`."""
    import sys

    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli
    from streamlit.web.server import app_discovery

    PagesManager.uses_pages_directory = False
    app_discovery.discover_asgi_app = lambda _path: app_discovery.AppDiscoveryResult(
        is_asgi_app=True, app_name=asgi_app.rpartition(":")[2], import_string=asgi_app)
    sys.argv = ["streamlit", "run", script, *args]
    cli.main()


# -- 5. a component's files -------------------------------------------------------------

def serve_component_dir(package: str, name: str, package_root: str, asset_dir: str
                        ) -> int | None:
    """Serve `asset_dir` (relative to `package_root`) as the files of component
    "package.name" on the running runtime, once per runtime; the runtime's id (each AppTest
    has its own). None outside a runtime: the caller then mounts nothing."""
    from pathlib import Path

    from streamlit.components.v2.manifest_scanner import ComponentConfig, ComponentManifest
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return None
    manager = Runtime.instance().bidi_component_registry
    if manager.get_component_path(f"{package}.{name}") is None:
        manager.register_from_manifest(
            ComponentManifest(name=package, version="1",
                              components=[ComponentConfig(name=name, asset_dir=asset_dir)]),
            Path(package_root))
    return id(Runtime.instance())


# -- 6. what lasts one run ----------------------------------------------------------------

def this_run() -> dict | None:
    """A dict for the current script run only (a full page run, or a fragment's own run);
    None outside a run. What a run reads once it keeps here instead of reading again."""
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return None
    held = getattr(ctx, "_kultur3_this_run", None)
    if held is None or held[0] is not ctx.cursors:  # reset() gave this run its own cursors
        held = (ctx.cursors, {})
        ctx._kultur3_this_run = held  # type: ignore[attr-defined]  # noqa: SLF001
    return held[1]
