"""Sending mail (invitations, password links) when SMTP is configured.

KULTUR3_SMTP_URL, e.g. smtp://user:password@smtp.example.no:587?from=kultur3@example.no
(starttls by default on 587; smtps:// for implicit TLS; smtp://host:25?tls=off for a local
relay), or the same as `url` under [smtp] in .streamlit/secrets.toml. A password is only ever
sent encrypted: a URL with one and tls=off is refused, and so is a server that does not
offer STARTTLS when asked.

Links in mail start with KULTUR3_PUBLIC_URL (link_base), never with the address a browser
reports: a visitor's forged address in a reset request would otherwise put someone's reset
token in a link to the visitor's own site.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlparse

from kultur3.core.errors import ConfigError, Kultur3Error
from kultur3.core.i18n import t


class MailError(Kultur3Error):
    """The mail server did not take the message; the link is still valid."""

    key = "mail.failed"


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    sender: str
    username: str = ""
    password: str = ""
    implicit_tls: bool = False
    starttls: bool = True


def parse_url(url: str) -> SmtpConfig | None:
    """An SmtpConfig from KULTUR3_SMTP_URL; None when it is empty."""
    if not url:
        return None
    u = urlparse(url)
    if u.scheme not in ("smtp", "smtps") or not u.hostname:
        raise ConfigError("KULTUR3_SMTP_URL must look like smtp://user:pass@host:587?from=a@b.no")
    query = {k: v[-1] for k, v in parse_qs(u.query).items()}
    implicit = u.scheme == "smtps"
    port = u.port or (465 if implicit else 587)
    tls = query.get("tls", "on" if port == 587 else "off").lower() not in ("off", "0", "no")
    sender = query.get("from") or (f"{unquote(u.username)}" if u.username and "@" in
                                   unquote(u.username) else f"kultur3@{u.hostname}")
    cfg = SmtpConfig(host=u.hostname, port=port, sender=sender,
                     username=unquote(u.username or ""), password=unquote(u.password or ""),
                     implicit_tls=implicit, starttls=tls and not implicit)
    _refuse_plain_login(cfg)
    return cfg


def _refuse_plain_login(cfg: SmtpConfig) -> None:
    if cfg.username and not (cfg.implicit_tls or cfg.starttls):
        raise ConfigError(
            "KULTUR3_SMTP_URL has a username but no encryption (tls=off, or port 25 without "
            "tls=on): the password would cross the network in the clear. Use port 587 "
            "(STARTTLS), smtps:// (port 465), or a local relay without a password.")


# The address in mailed links in demo mode when KULTUR3_PUBLIC_URL is not set.
DEMO_BASE_URL = "http://localhost:8501"


def link_base(*, public_url: str, demo: bool) -> str:
    """Where links in mail point: KULTUR3_PUBLIC_URL only. Outside demo mode mailing without
    it is refused (config.load_settings refuses to start, and this refuses to send)."""
    if public_url:
        return public_url.rstrip("/")
    if demo:
        return DEMO_BASE_URL
    raise ConfigError("Mail needs KULTUR3_PUBLIC_URL (e.g. https://kultur3.example.no): the "
                      "links in it must point at the app's own address.")


def send(cfg: SmtpConfig, *, to: str, subject: str, body: str) -> None:
    """Deliver one plain-text message; MailError when the server refuses or cannot be reached."""
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = cfg.sender, to, subject
    msg.set_content(body)
    _refuse_plain_login(cfg)  # a config built by hand, too
    try:
        if cfg.implicit_tls:
            client = smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=15,
                                      context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(cfg.host, cfg.port, timeout=15)
        with client:
            if cfg.starttls:
                client.starttls(context=ssl.create_default_context())
            if cfg.username:
                client.login(cfg.username, cfg.password)
            client.send_message(msg)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(str(exc)) from exc


def send_link(cfg: SmtpConfig, *, to: str, link: str, lang: str, reset: bool,
              programme: str = "", inviter: str = "", days: int = 14) -> None:
    """The invitation or password-reset message, in the person's language."""
    kind = "reset" if reset else "invite"
    send(cfg, to=to, subject=t(f"mail.{kind}_subject", lang),
         body=t(f"mail.{kind}_body", lang, link=link, programme=programme, inviter=inviter,
                days=days))
