"""The security headers every response carries, in one place.

nginx sends them in a proxied install (deploy/kultur3-headers.conf, checked against this
module by tests/test_deploy.py; deploy/run.py writes it from here); a deploy without nginx
sends the same through Starlette middleware that calls security_headers().

The Content-Security-Policy is the tightest Streamlit 1.67 runs under with this app:
tests/browser/test_csp_browser.py opens every page for every role through nginx and counts
zero violations. What each part is for:

- script-src: Streamlit's own bundles ('self'), plus inline scripts by their hash:
  `window.prerenderReady = false` in Streamlit's index.html, and the app's own scripts
  (kultur3/core/inline_scripts.py: the login hand-off and the participant's cookie), each one
  fixed text whose hash is computed here from that text. No 'unsafe-inline', no
  'unsafe-eval'. tests/test_deploy.py recomputes Streamlit's hash from the installed
  package, so an upgrade that changes it fails there first.
  'wasm-unsafe-eval': Streamlit's protobuf decoder compiles WebAssembly (it lets a page
  compile wasm it loaded from 'self', not run JavaScript from strings).
- style-src 'unsafe-inline': Streamlit styles every element at run time (emotion) and the
  app's own <style> blocks (st.html) are inline; a style cannot run code.
- img-src data: blob:, font-src data:: Streamlit's icons and the charts' images are data:
  and blob: URLs.
- connect-src 'self' wss:: the websocket (/_stcore/stream). 'self' covers a same-origin
  wss: in current browsers; older Safari (before 15.4) needs the scheme named.
- frame-src 'self': the app frames nothing of its own (no custom component, no st.iframe),
  but a table's «download as CSV» in browsers without showSaveFilePicker (Firefox, Safari)
  goes through Streamlit's file-system polyfill, which streams the file through a service
  worker and a hidden same-origin iframe (static/js/downloader.*.js). Nothing from another
  origin may be framed.
- frame-ancestors 'none' (and X-Frame-Options: DENY for older browsers): nobody frames the
  app, on any path (clickjacking of the login and the console).
"""

from __future__ import annotations

from kultur3.core.inline_scripts import APP_SCRIPTS, script_hash

# Streamlit's index.html's one inline script (tests/test_deploy.py recomputes it).
STREAMLIT_INDEX_SCRIPT = "sha256-THxz9J9+wf7rhwR2YkXJoSZ13UCmYyC+3lNDv2+8ugA="

SCRIPT_HASHES: tuple[str, ...] = (STREAMLIT_INDEX_SCRIPT,
                                  *(script_hash(text) for text in APP_SCRIPTS))

CSP_DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'self'"),
    ("script-src", " ".join(["'self'", "'wasm-unsafe-eval'",
                             *(f"'{h}'" for h in SCRIPT_HASHES)])),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data: blob:"),
    ("font-src", "'self' data:"),
    ("connect-src", "'self' wss:"),
    ("frame-src", "'self'"),
    ("worker-src", "'self' blob:"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
    ("frame-ancestors", "'none'"),
)

# A year, the figure browsers' preload lists ask for. No includeSubDomains: the app's host
# is often a subdomain of the municipality's own, whose other hosts are not ours to pin.
HSTS = "max-age=31536000"


def content_security_policy() -> str:
    """The Content-Security-Policy value, the same for every path."""
    return "; ".join(f"{name} {value}" for name, value in CSP_DIRECTIVES)


def security_headers(https: bool) -> list[tuple[str, str]]:
    """(name, value) of every security header, the same for every response; Strict-Transport-
    Security only over HTTPS (over plain HTTP a browser ignores it, and a laptop in a room
    serves plain HTTP)."""
    headers = [
        ("Content-Security-Policy", content_security_policy()),
        ("X-Content-Type-Options", "nosniff"),
        # Links carry secrets in the query (invitation and reset tokens, participant keys,
        # projector view links): no page may hand its address to another site.
        ("Referrer-Policy", "no-referrer"),
        # For browsers that predate frame-ancestors.
        ("X-Frame-Options", "DENY"),
    ]
    if https:
        headers.insert(0, ("Strict-Transport-Security", HSTS))
    return headers


def nginx_lines(https: bool) -> str:
    """The same headers as nginx add_header lines (`always`: on errors and redirects too)."""
    return "".join(f"add_header {name} \"{value}\" always;\n"
                   for name, value in security_headers(https))
