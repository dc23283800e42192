"""deploy/: the nginx template carries kultur3/core/http_headers.py's headers, and nginx run from
it (deploy/run.py's rendering, a throwaway certificate) redirects plain HTTP, answers only
its own name, hides the metrics and keeps query strings out of its log."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import re
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
import tomllib
from pathlib import Path

import pytest

from kultur3.core import http_headers
from kultur3.core.inline_scripts import APP_SCRIPTS

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"

_spec = importlib.util.spec_from_file_location("deploy_run", DEPLOY / "run.py")
deploy_run = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(deploy_run)


def add_headers(conf: str) -> list[tuple[str, str]]:
    """(name, value) of every `add_header NAME "VALUE" always;` line in an nginx file."""
    return re.findall(r'^add_header (\S+) "([^"]*)" always;$', conf, re.M)


def test_the_shipped_headers_are_what_the_module_returns_over_https():
    """After a change to kultur3/core/http_headers.py: python deploy/run.py --write-headers deploy"""
    shipped = add_headers((DEPLOY / deploy_run.HEADERS_FILE).read_text())
    assert shipped == http_headers.security_headers(https=True)
    # One headers file for every path: nothing is left over from the login cookie component,
    # whose pages under /component/ the app once framed.
    assert sorted(p.name for p in DEPLOY.glob("*headers*.conf")) == [deploy_run.HEADERS_FILE]


def test_every_location_that_proxies_sends_the_headers():
    """nginx drops inherited add_header lines in a location with its own, so every location
    that proxies to the app includes the headers file, and there is no other headers file."""
    template = (DEPLOY / "nginx.conf.template").read_text()
    locations = re.findall(r"^\s*location ([^{]+)\{([^}]*)\}", template, re.M)
    proxied = {path.strip(): body for path, body in locations if "kultur3-proxy.conf" in body}
    assert list(proxied) == ["/", "@app"], locations
    for path, body in locations:
        assert "kultur3-proxy.conf" in body or "return " in body or "root @STATIC@;" in body, path
        if "return " not in body:
            assert f"include @PREFIX@/{deploy_run.HEADERS_FILE};" in body, path
    assert set(re.findall(r"include @PREFIX@/(\S+headers\S*);", template)) == {
        deploy_run.HEADERS_FILE}


@pytest.mark.parametrize("https", [True, False])
def test_hsts_only_over_https(https):
    names = [name for name, _ in http_headers.security_headers(https)]
    assert ("Strict-Transport-Security" in names) is https
    assert {"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} <= set(names)


def _policy() -> dict[str, str]:
    return dict(item.split(" ", 1) for item in http_headers.content_security_policy().split("; "))


def test_the_policy_forbids_framing_inline_code_and_eval():
    csp = _policy()
    assert csp["frame-ancestors"] == "'none'"
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert csp["object-src"] == "'none'"
    # Same-origin frames only: Streamlit's CSV download polyfill (see kultur3/core/http_headers.py).
    assert csp["frame-src"] == "'self'"


def test_the_policy_allows_exactly_streamlits_and_the_apps_own_inline_scripts():
    """Hashed from the scripts' texts, so an edit of a script changes its hash with it."""
    allowed = set(re.findall(r"'(sha256-[^']+)'", _policy()["script-src"]))
    # the hand-off, the joined cookie, Streamlit's words, lang, the menu's sections
    assert len(APP_SCRIPTS) == 5
    assert allowed == ({http_headers.STREAMLIT_INDEX_SCRIPT}
                       | set().union(*(_inline_script_hashes(f"<script>{text}</script>")
                                       for text in APP_SCRIPTS)))


def _inline_script_hashes(html: str) -> set[str]:
    return {"sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()
            for s in re.findall(r"<script>(.*?)</script>", html, re.S)}


def test_the_streamlit_script_hash_matches_the_installed_package():
    """An upgrade of Streamlit changes this: this fails first, naming the file; put the new
    hash in kultur3/core/http_headers.py."""
    import streamlit
    index = Path(streamlit.__file__).parent / "static" / "index.html"
    assert _inline_script_hashes(index.read_text()) == {http_headers.STREAMLIT_INDEX_SCRIPT}


def test_upload_and_message_limits_fit_the_proxy():
    """Streamlit refuses an upload over server.maxUploadSize; nginx must let that much
    through (plus the multipart wrapping) so the app, not the proxy, says no."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]
    body = re.search(r"client_max_body_size (\d+)m;",
                     (DEPLOY / "nginx.conf.template").read_text())
    assert config["maxUploadSize"] < int(body.group(1))
    assert 1 <= config["maxMessageSize"] <= 50


# --- nginx itself, run from the rendered template (no app behind it: upstream down) ---

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def self_signed(folder: Path, name: str) -> tuple[Path, Path]:
    """A throwaway certificate and key for name."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run([OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", f"/CN={name}", "-addext", f"subjectAltName=DNS:{name}",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


@pytest.fixture
def nginx(tmp_path):
    """nginx with the TLS template for server name kultur3.test, its upstream not running."""
    if not Path(NGINX).exists() or not Path(OPENSSL).exists():
        pytest.fail("nginx and openssl are needed: `make test` installs them "
                    "(scripts/ensure-system.sh)")
    cert, key = self_signed(tmp_path, "kultur3.test")
    https_port, http_port = _free_port(), _free_port()
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    conf = deploy_run.render(prefix, f"127.0.0.1:{https_port}", [_free_port(), _free_port()],
                             tls=deploy_run.Tls(cert, key, http_port), server_name="kultur3.test")
    proc = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deploy_run.wait_https(https_port, "kultur3.test", timeout=15, answer=b"HTTP/1.1 ")
    except RuntimeError:
        proc.kill()
        raise AssertionError(proc.stdout.read().decode()) from None
    yield https_port, http_port, prefix
    proc.terminate()
    proc.wait(timeout=10)


def raw_request(port: int, host: str, path: str, *, tls: bool) -> str:
    """The response head to one GET, sent over TLS with host as SNI when tls."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        conn = raw
        if tls:
            ctx = ssl._create_unverified_context()  # noqa: S323 - a throwaway certificate
            conn = ctx.wrap_socket(raw, server_hostname=host)
        conn.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
                     .encode())
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
        return data.decode("latin-1").split("\r\n\r\n")[0]


def test_plain_http_redirects_to_https_on_the_configured_name(nginx):
    https_port, http_port, _ = nginx
    head = raw_request(http_port, "kultur3.test", "/invitasjon?token=abc", tls=False)
    assert head.startswith("HTTP/1.1 301")
    assert f"Location: https://kultur3.test:{https_port}/invitasjon?token=abc" in head


def test_another_host_name_gets_nothing(nginx):
    """A forged Host header is neither redirected nor proxied to the app."""
    https_port, http_port, _ = nginx
    assert raw_request(http_port, "evil.example", "/", tls=False) == ""
    with pytest.raises(ssl.SSLError):
        raw_request(https_port, "evil.example", "/", tls=True)


def test_https_responses_carry_every_security_header(nginx):
    https_port, _, _ = nginx
    head = raw_request(https_port, "kultur3.test", "/", tls=True)  # 502: no app behind it
    assert head.startswith("HTTP/1.1 502")
    for name, value in http_headers.security_headers(https=True):
        assert f"{name}: {value}" in head
    assert "; Secure" in re.search(r"Set-Cookie: kultur3_route=[^\r]*", head).group(0)


@pytest.mark.parametrize("path", [
    "/", "/logg-inn", "/_stcore/health", "/static/js/index.js",
    # where the login cookie component's page was served, framed by the app, until it went
    "/component/extra_streamlit_components.CookieManager.cookie_manager/index.html"])
def test_nothing_may_be_framed(nginx, path):
    https_port, _, _ = nginx
    head = raw_request(https_port, "kultur3.test", path, tls=True)
    assert "frame-ancestors 'none'" in head and "X-Frame-Options: DENY" in head
    assert "frame-ancestors 'self'" not in head and "SAMEORIGIN" not in head


def test_metrics_are_not_served(nginx):
    https_port, _, _ = nginx
    head = raw_request(https_port, "kultur3.test", "/_stcore/metrics", tls=True)
    assert head.startswith("HTTP/1.1 404")


def test_the_access_log_has_paths_without_their_query_strings(nginx):
    https_port, http_port, prefix = nginx
    secret = "s3cr3t-token-value"
    for path in (f"/invitasjon?token={secret}", f"/samling?deltaker={secret}",
                 f"/storskjerm?visning={secret}"):
        raw_request(https_port, "kultur3.test", path, tls=True)
    raw_request(http_port, "kultur3.test", f"/invitasjon?token={secret}", tls=False)
    log = prefix / "access.log"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and log.read_text().count("\n") < 4:
        time.sleep(0.1)
    text = log.read_text() + (prefix / "error.log").read_text()
    assert "GET /invitasjon HTTP/" in text and "GET /storskjerm HTTP/" in text
    assert secret not in text


def test_the_access_log_masks_a_calendar_feeds_token(nginx):
    """The feed's path is its credential (/kalender/<token>.ics): nginx logs it masked, on the
    HTTPS server and on the plain one that redirects."""
    https_port, http_port, prefix = nginx
    secret = "Zk9-calendar-token_value"
    raw_request(https_port, "kultur3.test", f"/kalender/{secret}.ics", tls=True)
    raw_request(http_port, "kultur3.test", f"/kalender/{secret}.ics", tls=False)
    log = prefix / "access.log"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and log.read_text().count("\n") < 2:
        time.sleep(0.1)
    text = log.read_text() + (prefix / "error.log").read_text()
    assert text.count("GET /kalender/***.ics HTTP/") == 2
    assert secret not in text


def test_every_client_is_limited_in_the_app_server():
    """Per-client request and connection limits, sized in the template's comment."""
    template = (DEPLOY / "nginx.conf.template").read_text()
    app_server = template[template.index("listen @LISTEN@ ssl http2;"):]
    assert re.search(r"limit_req zone=kultur3_req burst=\d+ nodelay;", app_server)
    assert re.search(r"limit_conn kultur3_conn \d+;", app_server)
    assert "limit_req_zone $binary_remote_addr" in template


def test_plain_http_for_a_room_sends_the_headers_without_hsts(tmp_path):
    """deploy/run.py without --tls: the app over plain HTTP with the same headers, no HSTS,
    and no «# tls» line left (nginx would need a certificate)."""
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    port = _free_port()
    conf = deploy_run.render(prefix, f"127.0.0.1:{port}", [_free_port()])
    assert "ssl" not in conf.read_text().replace("ssl_", "").split("http {", 1)[1].lower()
    proc = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 15
        head = ""
        while not head and time.monotonic() < deadline:
            try:
                head = raw_request(port, "127.0.0.1", "/", tls=False)
            except OSError:
                time.sleep(0.1)
        for name, value in http_headers.security_headers(https=False):
            assert f"{name}: {value}" in head
        assert "Strict-Transport-Security" not in head
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_the_reminder_timer_and_the_cron_line_run_send_reminders_daily():
    """deploy/kultur3-reminders.{service,timer} and deploy/kultur3.cron start the same command,
    once a day in Oslo time, with the replicas' environment; the command line knows it."""
    from kultur3.__main__ import _parser
    service = (DEPLOY / "kultur3-reminders.service").read_text()
    timer = (DEPLOY / "kultur3-reminders.timer").read_text()
    command = "/opt/kultur3/.venv/bin/python -m kultur3 send-reminders"
    assert f"ExecStart={command}\n" in service
    assert "Type=oneshot" in service and "EnvironmentFile=/etc/kultur3/env" in service
    assert "OnCalendar=*-*-* 07:00:00 Europe/Oslo" in timer and "Persistent=true" in timer
    [line] = [x for x in (DEPLOY / "kultur3.cron").read_text().splitlines()
              if x and not x.startswith("#") and "=" not in x.split()[0]]
    fields = line.split(None, 6)
    assert fields[:6] == ["0", "7", "*", "*", "*", "kultur3"]
    assert ". /etc/kultur3/env" in fields[6] and "python -m kultur3 send-reminders" in fields[6]
    args = command.split(" -m kultur3 ")[1].split()
    assert _parser().parse_args(args).command == "send-reminders"
    verify = shutil.which("systemd-analyze")
    if verify:  # the unit files parse (where systemd is installed)
        done = subprocess.run([verify, "verify", "--man=no", str(DEPLOY / "kultur3-reminders.timer")],
                              capture_output=True, text=True)
        assert "Unknown key" not in done.stderr and "bad" not in done.stderr.lower(), done.stderr


def test_nginx_serves_the_static_bundle_precompressed_with_its_type_and_headers(tmp_path):
    """deploy/run.py's default: Streamlit's bundle from a folder deploy/precompress.py made,
    brotli or gzip as the browser asks, with the type a module script needs, Streamlit's
    cache header and the security headers; a name the folder lacks goes to the app."""
    spec = importlib.util.spec_from_file_location("precompress", DEPLOY / "precompress.py")
    precompress = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(precompress)
    source = tmp_path / "source"
    (source / "static" / "js").mkdir(parents=True)
    script = "export const greeting = 'hei';\n" * 200
    (source / "static" / "js" / "index.abc123.js").write_text(script)
    # Where nginx's workers can read it: they run as nobody when the test runs as root, and
    # pytest's own tmp_path is in a folder only its owner may enter.
    readable = Path(tempfile.mkdtemp(prefix="kultur3-test-static-"))
    readable.chmod(0o755)
    static = precompress.ensure(readable / "static", source)
    assert (static / "static" / "js" / "index.abc123.js.br").exists()
    assert precompress.ensure(static, source) == static  # the second time: nothing to do
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    port = _free_port()
    conf = deploy_run.render(prefix, f"127.0.0.1:{port}", [_free_port()], static=static)
    proc = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def head(path: str, encoding: str) -> str:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
            conn.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nAccept-Encoding: {encoding}\r\n"
                         "Connection: close\r\n\r\n".encode())
            data = b""
            while chunk := conn.recv(65536):
                data += chunk
        return data.decode("latin-1").split("\r\n\r\n")[0]

    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                head("/", "gzip")
                break
            except OSError:
                time.sleep(0.1)
        for encoding in ("br", "gzip"):
            answer = head("/static/js/index.abc123.js", encoding)
            assert answer.startswith("HTTP/1.1 200"), answer
            assert f"Content-Encoding: {encoding}" in answer
            assert "Content-Type: application/javascript" in answer
            assert "Cache-Control: public, immutable, max-age=31536000" in answer
            for name, value in http_headers.security_headers(https=False):
                assert f"{name}: {value}" in answer
        assert head("/static/js/index.other.js", "br").startswith("HTTP/1.1 502")  # the app
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(readable)


def _precompress():
    spec = importlib.util.spec_from_file_location("precompress", DEPLOY / "precompress.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_icon_font_is_cut_to_the_icons_in_use_and_keeps_each_of_them(tmp_path):
    """Streamlit's Material Symbols font, cut the way deploy/precompress.py cuts it: every
    name the bundle spells and every :material/name: of the app keeps its ligature, an icon
    nobody names is gone, and the file is a fraction of the whole."""
    from fontTools.ttLib import TTFont
    precompress = _precompress()
    bundle = precompress.streamlit_static()
    fonts = list(bundle.rglob(precompress.ICON_FONT))
    assert fonts, "Streamlit's icon font moved: deploy/precompress.py's ICON_FONT"
    static = tmp_path / "static"
    (static / "media").mkdir(parents=True)
    shutil.copy(fonts[0], static / "media" / fonts[0].name)
    (static / "js").mkdir()
    (static / "js" / "index.js").write_text('const i = "keyboard_double_arrow_right";\n')
    (cut,) = precompress.subset_icons(static)
    name, before, after = cut
    assert after < before / 3, cut
    kept = precompress.icon_names(TTFont(str(static / "media" / name)))
    ours = precompress.names_in_use(static) & set(precompress.icon_names(TTFont(str(fonts[0]))))
    assert "keyboard_double_arrow_right" in kept
    assert {"accessibility_new", "policy", "pause", "menu_book"} <= ours
    assert ours <= set(kept)
    assert "android_cell_dual_4_bar_alert" not in kept


def test_the_static_folder_is_made_again_when_the_app_names_a_new_icon(tmp_path, monkeypatch):
    """deploy/run.py keeps its folder across starts; an app update that names an icon the
    cut font lacks must not be served the old cut."""
    precompress = _precompress()
    source = tmp_path / "source"
    (source / "static" / "js").mkdir(parents=True)
    (source / "static" / "js" / "index.js").write_text("export const a = 1;\n")
    folder = tmp_path / "static"
    precompress.ensure(folder, source)
    stamp = (folder / "VERSION").read_text()
    (folder / "marker").write_text("made before")
    precompress.ensure(folder, source)
    assert (folder / "marker").exists()  # nothing new: kept
    monkeypatch.setattr(precompress, "app_icons", lambda app=None: {"brand_new_icon"})
    precompress.ensure(folder, source)
    assert not (folder / "marker").exists() and (folder / "VERSION").read_text() != stamp


def test_the_static_folder_is_never_one_another_user_could_have_made_first(tmp_path):
    """In /tmp anyone may make a name first: a fixed work folder («static.tmp») planted by
    another user stopped the build, and a link in the folder's place is refused."""
    precompress = _precompress()
    source = tmp_path / "source"
    (source / "static").mkdir(parents=True)
    (source / "static" / "index.html").write_text("<html></html>\n")
    (tmp_path / "static.tmp").write_text("planted")  # the old fixed work name
    folder = precompress.ensure(tmp_path / "static", source)
    assert (folder / "static" / "index.html").exists()
    assert oct(folder.stat().st_mode & 0o777) == "0o755"  # nginx's workers read it
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".static-")]  # no work left
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "linked").symlink_to(elsewhere)
    with pytest.raises(SystemExit, match="another user"):
        precompress.ensure(tmp_path / "linked", source)
    with pytest.raises(FileNotFoundError):  # a build that fails leaves no work folder behind
        precompress.ensure(tmp_path / "other", tmp_path / "no-such-source")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".other-")]
