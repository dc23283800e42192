"""Run N kultur3 replicas on one database behind nginx, on this machine.

    DATABASE_URL=postgresql+psycopg://... KULTUR3_COOKIE_KEY=... \\
        python deploy/run.py --replicas 2 --port 8080

Every replica gets the same DATABASE_URL and cookie key (a login made on one replica is
valid on all), and its own port from --first-port on. nginx (Debian's package) listens on
--port with sticky sessions and websocket upgrade (deploy/nginx.conf.template). Prints
"ready <url>" when every replica and nginx answer, and stops them all on SIGTERM or Ctrl+C.
For a permanent install, run the same commands under systemd (deploy/kultur3@.service).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("nginx.conf.template")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def render(prefix: Path, listen: str, ports: list[int]) -> Path:
    upstreams = "\n".join(f"        server 127.0.0.1:{p} max_fails=0;" for p in ports)
    conf = (TEMPLATE.read_text().replace("@PREFIX@", str(prefix))
            .replace("@LISTEN@", listen).replace("@UPSTREAMS@", upstreams))
    path = prefix / "nginx.conf"
    path.write_text(conf)
    shutil.copyfile(TEMPLATE.with_name("kultur3-proxy.conf"), prefix / "kultur3-proxy.conf")
    return path


def wait_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own http URL
                return
        except OSError:
            time.sleep(0.25)
    raise RuntimeError(f"{url} did not answer")


def start(replicas: int, port: int, prefix: Path, env: dict[str, str]) -> list[subprocess.Popen]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise SystemExit("nginx is missing: apt-get install nginx")
    # Migrate once before any replica starts (each would otherwise try on its first run;
    # the migration takes an advisory lock, so that would be safe too, only slower).
    subprocess.run([sys.executable, "-m", "kultur3", "db", "upgrade"], cwd=ROOT, env=env,
                   check=True, stdout=subprocess.DEVNULL)
    ports = [free_port() for _ in range(replicas)]
    procs = []
    for p in ports:
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "kultur3.ui.serve", "--server.port", str(p),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=(prefix / f"replica-{p}.log").open("ab"),
            stderr=subprocess.STDOUT))
    for p in ports:
        wait_http(f"http://127.0.0.1:{p}/_stcore/health")
    conf = render(prefix, f"127.0.0.1:{port}", ports)
    procs.append(subprocess.Popen([nginx, "-p", str(prefix), "-c", str(conf), "-g",
                                   "daemon off;"], stdout=(prefix / "nginx.out").open("ab"),
                                  stderr=subprocess.STDOUT))
    wait_http(f"http://127.0.0.1:{port}/_stcore/health")
    return procs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--prefix", type=Path, default=None,
                        help="folder for nginx's config, logs and the replicas' logs")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgresql"):
        print("warning: replicas should share PostgreSQL (DATABASE_URL=postgresql+psycopg://...)",
              file=sys.stderr)
    prefix = args.prefix or Path(tempfile.mkdtemp(prefix="kultur3-deploy-"))
    prefix.mkdir(parents=True, exist_ok=True)
    procs = start(args.replicas, args.port, prefix, dict(os.environ))
    print(f"ready http://127.0.0.1:{args.port} (logs in {prefix})", flush=True)

    def stop(*_):
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while all(p.poll() is None for p in procs):
        time.sleep(1)
    stop()


if __name__ == "__main__":
    main()
