"""The security headers every response carries, for nginx (deploy/) and for the app's own
server when it runs without a proxy (kultur3/ui/web.py).

A minimal version: the policy Streamlit runs under is worked out with deploy/ (§6 of issue
21); this module keeps the one signature both places read.
"""

from __future__ import annotations

HSTS_MAX_AGE = 31536000  # a year


def security_headers(https: bool) -> list[tuple[str, str]]:
    """(name, value) pairs for every response; HSTS only over HTTPS (a browser ignores it
    over plain HTTP, and a local run on http://localhost must keep working)."""
    headers = [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),  # links carry tokens and keys
        ("Content-Security-Policy", "frame-ancestors 'none'"),
        ("X-Frame-Options", "DENY"),
    ]
    if https:
        headers.append(("Strict-Transport-Security", f"max-age={HSTS_MAX_AGE}; includeSubDomains"))
    return headers
