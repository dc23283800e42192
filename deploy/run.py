"""Run N kultur3 replicas on one database behind nginx, on this machine.

    DATABASE_URL=postgresql+psycopg://... KULTUR3_COOKIE_KEY=... \\
        python deploy/run.py --replicas 2 --port 8080

Every replica gets the same DATABASE_URL and cookie key (a login made on one replica is
valid on all), and its own port. nginx (Debian's package) listens on --port with sticky
sessions, websocket upgrade, the security headers and per-client limits
(deploy/nginx.conf.template): plain HTTP on 127.0.0.1 by default, or with --tls HTTPS with
--cert/--key (default /etc/ssl/kultur3/fullchain.pem and privkey.pem), plain HTTP on
--http-port redirecting to it, and only --server-name answered. Prints
"ready <url>" when every replica and nginx answer, and stops them all on SIGTERM or Ctrl+C.
For a permanent install, run the same commands under systemd (deploy/kultur3@.service).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere: kultur3 is not installed

sys.path.insert(0, str(Path(__file__).resolve().parent))
import precompress  # noqa: E402  (deploy/precompress.py)

from kultur3.core import http_headers  # noqa: E402

TEMPLATE = Path(__file__).with_name("nginx.conf.template")
# Streamlit's bundle with its .br and .gz (deploy/precompress.py), made once per boot and
# Streamlit version: the first start takes ~20-40 s more on 2 cores, later ones nothing. In
# /tmp, not the home folder: nginx's workers run as nobody when started by root, and must
# read it (a fixed install uses /var/lib/kultur3/static).
DEFAULT_STATIC = Path(tempfile.gettempdir()) / f"kultur3-static-{os.getuid()}"
DEFAULT_CERT = Path("/etc/ssl/kultur3/fullchain.pem")
DEFAULT_KEY = Path("/etc/ssl/kultur3/privkey.pem")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Tls(NamedTuple):
    """HTTPS on --port, plain HTTP on http_port redirecting to it."""

    cert: Path = DEFAULT_CERT
    key: Path = DEFAULT_KEY
    http_port: int = 80


def render(prefix: Path, listen: str, ports: list[int], *, tls: Tls | None = None,
           server_name: str = "_", static: Path | None = None, brotli: bool = True) -> Path:
    """nginx.conf and its two includes in prefix; plain HTTP when tls is None (the template's
    «# tls» lines dropped), else HTTPS (its «# plain» lines dropped). static: the folder
    deploy/precompress.py made, served by nginx itself (else every «# static» line is
    dropped and the app serves its bundle); brotli=False drops the «# brotli» lines."""
    upstreams = "\n".join(f"        server 127.0.0.1:{p} max_fails=0;" for p in ports)
    host, _, port = listen.rpartition(":")
    drop = ["# plain" if tls else "# tls"] + ([] if static else ["# static"]) \
        + ([] if brotli else ["# brotli"])
    lines = [line for line in TEMPLATE.read_text().splitlines()
             if not line.rstrip().endswith(tuple(drop))]
    marks = {"@PREFIX@": str(prefix), "@LISTEN@": listen, "@UPSTREAMS@": upstreams,
             "@SERVER_NAME@": server_name, "@STATIC@": str(static)}
    if tls:
        origin = f"https://{server_name}" + ("" if port == "443" else f":{port}")
        marks |= {"@HTTP_LISTEN@": f"{host}:{tls.http_port}" if host else str(tls.http_port),
                  "@HTTPS_ORIGIN@": origin, "@TLS_CERT@": str(tls.cert),
                  "@TLS_KEY@": str(tls.key)}
    conf = "".join(line + "\n" if line.lstrip().startswith("#") else _fill(line, marks) + "\n"
                   for line in lines)  # the comments that explain the marks keep them
    path = prefix / "nginx.conf"
    path.write_text(conf)
    shutil.copyfile(TEMPLATE.with_name("kultur3-proxy.conf"), prefix / "kultur3-proxy.conf")
    write_headers(prefix, https=tls is not None)
    return path


def _fill(line: str, marks: dict[str, str]) -> str:
    for mark, value in marks.items():
        line = line.replace(mark, value)
    return line


HEADERS_FILE = "kultur3-headers.conf"


def write_headers(folder: Path, *, https: bool) -> None:
    """The security headers from the one place that defines them (kultur3/core/http_headers.py),
    the same for every path. deploy/ ships the HTTPS ones for a fixed install;
    tests/test_deploy.py keeps them equal: after a change, `python deploy/run.py
    --write-headers deploy` rewrites them."""
    (folder / HEADERS_FILE).write_text(
        "# Security headers for every response, written from kultur3/core/http_headers.py by"
        f" deploy/run.py ({'HTTPS' if https else 'plain HTTP'}).\n"
        + http_headers.nginx_lines(https))


def wait_http(url: str, timeout: float = 60) -> None:
    # Our own nginx on this machine, perhaps with a certificate for another name or a
    # self-signed one: only that it answers matters here.
    unchecked = ssl._create_unverified_context()  # noqa: S323
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2, context=unchecked):  # noqa: S310
                return
        except OSError:
            time.sleep(0.25)
    raise RuntimeError(f"{url} did not answer")


def wait_https(port: int, server_name: str, timeout: float = 60,
               answer: bytes = b"HTTP/1.1 200") -> None:
    """Wait for the HTTPS server by its name (nginx refuses a handshake for any other)."""
    unchecked = ssl._create_unverified_context()  # noqa: S323 - our own nginx, see wait_http
    request = (f"GET /_stcore/health HTTP/1.1\r\nHost: {server_name}\r\n"
               "Connection: close\r\n\r\n").encode()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as raw, \
                    unchecked.wrap_socket(raw, server_hostname=server_name) as conn:
                conn.sendall(request)
                if conn.recv(16).startswith(answer):
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"https://{server_name}:{port} did not answer")


# Debian's nginx brotli modules (libnginx-mod-http-brotli-filter, -static): the template
# loads them by these paths; without them nginx compresses with gzip alone.
FILTER_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so")
STATIC_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


def start(replicas: int, port: int, prefix: Path, env: dict[str, str], *, tls: Tls | None = None,
          server_name: str = "_", address: str = "127.0.0.1",
          static: Path | None = None) -> list[subprocess.Popen]:
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
    if tls and not (tls.cert.exists() and tls.key.exists()):
        raise SystemExit(f"no certificate at {tls.cert} and {tls.key}: pass --cert and --key, "
                         "or leave out --tls for plain HTTP")
    conf = render(prefix, f"{address}:{port}", ports, tls=tls, server_name=server_name,
                  static=static, brotli=FILTER_MODULE.exists())
    procs.append(subprocess.Popen([nginx, "-p", str(prefix), "-c", str(conf), "-g",
                                   "daemon off;"], stdout=(prefix / "nginx.out").open("ab"),
                                  stderr=subprocess.STDOUT))
    if tls:
        wait_https(port, server_name)
    else:
        wait_http(f"http://127.0.0.1:{port}/_stcore/health")
    return procs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--prefix", type=Path, default=None,
                        help="folder for nginx's config, logs and the replicas' logs")
    parser.add_argument("--address", default="127.0.0.1",
                        help="the address nginx listens on (a server: its public address)")
    parser.add_argument("--tls", action="store_true",
                        help="serve HTTPS on --port, and redirect plain "
                             "HTTP on --http-port to it")
    parser.add_argument("--cert", type=Path, default=DEFAULT_CERT)
    parser.add_argument("--key", type=Path, default=DEFAULT_KEY)
    parser.add_argument("--http-port", type=int, default=80)
    parser.add_argument("--server-name", default=None,
                        help="the host name nginx answers to (with --tls: default the host of "
                             "KULTUR3_PUBLIC_URL, else localhost; without: any)")
    parser.add_argument("--static", type=Path, default=DEFAULT_STATIC,
                        help="where Streamlit's static files with their .br and .gz are kept "
                             "(made on the first start, deploy/precompress.py)")
    parser.add_argument("--no-static", action="store_true",
                        help="let the app serve its static files (nginx compresses on the fly)")
    parser.add_argument("--write-headers", type=Path, default=None, metavar="FOLDER",
                        help="only write the HTTPS security header file into FOLDER")
    args = parser.parse_args()
    if args.write_headers:
        write_headers(args.write_headers, https=True)
        return
    tls = Tls(args.cert, args.key, args.http_port) if args.tls else None
    public_host = urlsplit(os.environ.get("KULTUR3_PUBLIC_URL", "")).hostname
    server_name = args.server_name or ((public_host or "localhost") if tls else "_")
    if args.replicas > 1 and not os.environ.get("DATABASE_URL", "").startswith("postgresql"):
        print("warning: replicas should share PostgreSQL (DATABASE_URL=postgresql+psycopg://...)",
              file=sys.stderr)
    prefix = args.prefix or Path(tempfile.mkdtemp(prefix="kultur3-deploy-"))
    prefix.mkdir(parents=True, exist_ok=True)
    static = None
    if not args.no_static and shutil.which("brotli") and STATIC_MODULE.exists():
        static = precompress.ensure(args.static.absolute())  # a link is refused there
    elif not args.no_static:  # still served, compressed on the fly by the app's own route
        print("deploy: the app serves its bundle (for nginx to serve it pre-compressed: "
              "apt-get install brotli libnginx-mod-http-brotli-static)", file=sys.stderr)
    procs = start(args.replicas, args.port, prefix, dict(os.environ), tls=tls,
                  server_name=server_name, address=args.address, static=static)
    where = f"https://{server_name}:{args.port}" if tls else f"http://127.0.0.1:{args.port}"
    print(f"ready {where} (logs in {prefix})", flush=True)

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
