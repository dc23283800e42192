"""What a phone downloads to open the join page: directly from Streamlit, and through
deploy/'s nginx (compression on), first visit and repeat visit.

    .venv/bin/python bench/first_load.py

Starts one app server on a fresh demo database (SQLite in a temporary folder) and nginx in
front of it with deploy/nginx.conf.template, then opens /delta in a fresh Chromium profile
(no cache) and counts the bytes received over HTTP (Chrome's encodedDataLength: headers and
compressed bodies, websocket frames not included), once directly, and for each way nginx can
compress, once through it and once more in the same profile (a phone that comes back):
  gzip    gzip -6 on the fly, no brotli (the template before issue 25: the baseline)
  brotli  brotli -5 on the fly (Debian's libnginx-mod-http-brotli-filter), gzip beside it
  static  nginx serves Streamlit's bundle from disk, compressed once at install time
          (deploy/precompress.py: brotli -q 11, gzip -9; brotli_static, gzip_static), the
          rest as brotli: what deploy/run.py does by default

Prints:
    direct_kb=...
    variant=... proxied_kb=... repeat_kb=... files=...
Figures, never assertions. Targets: proxied <= 1000 (issue 25), repeat <= 100.
"""

from __future__ import annotations

import importlib.util
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import BrowserContext, sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, Server, wait_for_app  # noqa: E402

spec = importlib.util.spec_from_file_location("deploy_run", ROOT / "deploy" / "run.py")
deploy = importlib.util.module_from_spec(spec)
spec.loader.exec_module(deploy)


BREAKDOWN = "--by-kind" in sys.argv  # also print the bytes per file kind


def received(context: BrowserContext, url: str) -> tuple[int, int]:
    """Bytes received over HTTP while a new tab opens url and the app settles; files fetched."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    sizes: dict[str, int] = {}
    cdp.on("Network.loadingFinished",
           lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    urls: dict[str, str] = {}
    cdp.on("Network.responseReceived",
           lambda e: urls.__setitem__(e["requestId"], e["response"]["url"]))
    page.goto(url)
    wait_for_app(page, through_app=False)
    # Lazy chunks (the code field, the picker) come last, and when is up to the page's run:
    # wait until nothing new has arrived for 2.5 s (a fixed 2.5 s caught 68 to 98 files).
    count, quiet = -1, 0
    while quiet < 5:
        page.wait_for_timeout(500)
        quiet = quiet + 1 if len(sizes) == count else 0
        count = len(sizes)
    page.close()
    if BREAKDOWN:
        kinds: dict[str, int] = {}
        for rid, size in sizes.items():
            name = urls.get(rid, "?").split("?")[0]
            kind = name.rsplit("/", 1)[-1] if name.endswith("woff2") else name.rsplit(".", 1)[-1][-6:]
            kinds[kind] = kinds.get(kind, 0) + size
        print("  by kind (KB): " + " ".join(f"{k}={v / 1024:.0f}" for k, v in
                                            sorted(kinds.items(), key=lambda x: -x[1])))
    return sum(sizes.values()), sum(1 for v in sizes.values() if v > 0)


def nginx_for(folder: Path, upstream: int, **render) -> tuple[subprocess.Popen, int]:
    """nginx from deploy's template (render's static= and brotli=) in folder, on a free port."""
    folder.mkdir()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    conf = deploy.render(folder, f"127.0.0.1:{port}", [upstream], **render)
    proc = subprocess.Popen([shutil.which("nginx") or "/usr/sbin/nginx", "-p", str(folder),
                             "-c", str(conf), "-g", "daemon off;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    deploy.wait_http(f"http://127.0.0.1:{port}/_stcore/health")
    return proc, port


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="kultur3-first-load-"))
    server = Server(f"sqlite:///{folder}/demo.db", folder / "streamlit.log").start()
    start = time.perf_counter()
    static = deploy.precompress.ensure(deploy.DEFAULT_STATIC)
    print(f"precompressed={static} ensure_s={time.perf_counter() - start:.1f}", flush=True)
    variants = {"gzip": dict(brotli=False), "brotli": dict(brotli=True),
                "static": dict(brotli=True, static=static)}
    procs = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            fresh = browser.new_context(viewport={"width": 390, "height": 844})
            direct, _ = received(fresh, f"{server.url}/delta")
            fresh.close()
            print(f"direct_kb={direct / 1024:.0f}", flush=True)
            for name, render in variants.items():
                proc, port = nginx_for(folder / name, server.port, **render)
                procs.append(proc)
                phone = browser.new_context(viewport={"width": 390, "height": 844})
                proxied, files = received(phone, f"http://127.0.0.1:{port}/delta")
                repeat, _ = received(phone, f"http://127.0.0.1:{port}/delta")
                phone.close()
                print(f"variant={name} proxied_kb={proxied / 1024:.0f} "
                      f"repeat_kb={repeat / 1024:.0f} files={files}", flush=True)
            browser.close()
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=10)
        server.stop()


if __name__ == "__main__":
    main()
