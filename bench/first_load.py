"""What a phone downloads to open the join page: directly from Streamlit, and through
deploy/'s nginx (compression on), first visit and repeat visit.

    .venv/bin/python bench/first_load.py

Starts one app server on a fresh demo database (SQLite in a temporary folder) and nginx in
front of it with deploy/nginx.conf.template, then opens /delta in a fresh Chromium profile
(no cache) and counts the bytes received over HTTP (Chrome's encodedDataLength: headers and
compressed bodies, websocket frames not included), once directly, once through nginx, and
once more through nginx in the same profile (a phone that comes back).

Prints:
    direct_kb=... proxied_kb=... repeat_kb=... files=...
Figures, never assertions. Targets (issue 14): proxied <= 1300, repeat <= 100.
"""

from __future__ import annotations

import importlib.util
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import BrowserContext, sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, Server, wait_for_app  # noqa: E402

spec = importlib.util.spec_from_file_location("deploy_run", ROOT / "deploy" / "run.py")
deploy = importlib.util.module_from_spec(spec)
spec.loader.exec_module(deploy)


def received(context: BrowserContext, url: str) -> tuple[int, int]:
    """Bytes received over HTTP while a new tab opens url and the app settles; files fetched."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    sizes: dict[str, int] = {}
    cdp.on("Network.loadingFinished",
           lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto(url)
    wait_for_app(page, through_app=False)
    page.wait_for_timeout(2500)  # lazy chunks (the code field, the picker) come last
    page.close()
    return sum(sizes.values()), sum(1 for v in sizes.values() if v > 0)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="kultur3-first-load-"))
    server = Server(f"sqlite:///{folder}/demo.db", folder / "streamlit.log").start()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    conf = deploy.render(folder, f"127.0.0.1:{port}", [server.port])
    nginx = subprocess.Popen([shutil.which("nginx") or "/usr/sbin/nginx", "-p", str(folder),
                              "-c", str(conf), "-g", "daemon off;"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        deploy.wait_http(f"http://127.0.0.1:{port}/_stcore/health")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            fresh = browser.new_context(viewport={"width": 390, "height": 844})
            direct, _ = received(fresh, f"{server.url}/delta")
            fresh.close()
            phone = browser.new_context(viewport={"width": 390, "height": 844})
            proxied, files = received(phone, f"http://127.0.0.1:{port}/delta")
            repeat, _ = received(phone, f"http://127.0.0.1:{port}/delta")
            browser.close()
        print(f"direct_kb={direct / 1024:.0f} proxied_kb={proxied / 1024:.0f} "
              f"repeat_kb={repeat / 1024:.0f} files={files}")
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        server.stop()


if __name__ == "__main__":
    main()
