"""The security headers every response carries, in one place.

nginx sends them in a proxied install (deploy/kultur3-headers.conf, checked against this
module by tests/test_deploy.py; deploy/run.py writes it from here); a deploy without nginx
sends the same through Starlette middleware that calls security_headers().

The Content-Security-Policy is the tightest Streamlit 1.67 runs under with this app:
tests/browser/test_csp_browser.py opens every page for every role through nginx and counts
zero violations. What each part is for:

- script-src: Streamlit's own bundles ('self'), plus two inline scripts by their hash:
  `window.prerenderReady = false` in Streamlit's index.html, and the webpack loader inline
  in the login cookie component's iframe (extra_streamlit_components' CookieManager).
  No 'unsafe-inline', no 'unsafe-eval'. tests/test_deploy.py recomputes both hashes from
  the installed packages, so an upgrade that changes them fails there first.
  'wasm-unsafe-eval': Streamlit's protobuf decoder compiles WebAssembly (it lets a page
  compile wasm it loaded from 'self', not run JavaScript from strings).
- style-src 'unsafe-inline': Streamlit styles every element at run time (emotion) and the
  app's own <style> blocks (st.html) are inline; a style cannot run code.
- img-src data: blob:, font-src data:: Streamlit's icons and the charts' images are data:
  and blob: URLs.
- connect-src 'self' wss:: the websocket (/_stcore/stream). 'self' covers a same-origin
  wss: in current browsers; older Safari (before 15.4) needs the scheme named.
- frame-src 'self': the cookie component runs in an iframe served from /component/.
- frame-ancestors 'none': nobody frames the app (clickjacking of the login and the console);
  only the component's own documents under /component/ may be framed, by the app itself
  ('self'), as the cookie component must be to run at all.
"""

from __future__ import annotations

# The inline scripts this app's pages run (see the module docstring). The test that
# recomputes them names the file each one comes from.
STREAMLIT_INDEX_SCRIPT = "sha256-THxz9J9+wf7rhwR2YkXJoSZ13UCmYyC+3lNDv2+8ugA="
COOKIE_COMPONENT_SCRIPT = "sha256-CLFEkP0dgnFU04lAyNI12tJzuaDySVyrOCO6rb04XmE="

CSP_DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'self'"),
    ("script-src", f"'self' 'wasm-unsafe-eval' '{STREAMLIT_INDEX_SCRIPT}' "
                   f"'{COOKIE_COMPONENT_SCRIPT}'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data: blob:"),
    ("font-src", "'self' data:"),
    ("connect-src", "'self' wss:"),
    ("frame-src", "'self'"),
    ("worker-src", "'self' blob:"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)

# Streamlit serves a component's page (the login cookie's writer) here, in an iframe of the app.
COMPONENT_PREFIX = "/component/"

# A year, the figure browsers' preload lists ask for. No includeSubDomains: the app's host
# is often a subdomain of the municipality's own, whose other hosts are not ours to pin.
HSTS = "max-age=31536000"


def content_security_policy(framed_by_self: bool = False) -> str:
    """The Content-Security-Policy value (a component's page may be framed by the app)."""
    ancestors = "'self'" if framed_by_self else "'none'"
    return "; ".join(f"{name} {value}" for name, value in
                     (*CSP_DIRECTIVES, ("frame-ancestors", ancestors)))


def security_headers(https: bool, path: str = "/") -> list[tuple[str, str]]:
    """(name, value) of every security header for a response to path; Strict-Transport-
    Security only over HTTPS (over plain HTTP a browser ignores it, and a laptop in a room
    serves plain HTTP). Under /component/ the app may frame the page, nobody else."""
    framed = path.startswith(COMPONENT_PREFIX)
    headers = [
        ("Content-Security-Policy", content_security_policy(framed)),
        ("X-Content-Type-Options", "nosniff"),
        # Links carry secrets in the query (invitation and reset tokens, participant keys,
        # projector view links): no page may hand its address to another site.
        ("Referrer-Policy", "no-referrer"),
        # For browsers that predate frame-ancestors.
        ("X-Frame-Options", "SAMEORIGIN" if framed else "DENY"),
    ]
    if https:
        headers.insert(0, ("Strict-Transport-Security", HSTS))
    return headers


def nginx_lines(https: bool, path: str = "/") -> str:
    """The same headers as nginx add_header lines (`always`: on errors and redirects too)."""
    return "".join(f"add_header {name} \"{value}\" always;\n"
                   for name, value in security_headers(https, path))
