"""Mail never sends a password in the clear, and its links point at KULTUR3_PUBLIC_URL only."""

from __future__ import annotations

import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from sqlmodel import Session

from kultur3.core import mail
from kultur3.core.config import get_settings, load_settings
from kultur3.core.errors import ConfigError
from kultur3.models import Role
from kultur3.store.db import make_engine
from tests.factories import make_user
from tests.mailcatcher import body
from tests.pages.conftest import run_app, texts

PASSWORD = "kultur3-mail-password"


class _Listener:
    """A plain SMTP server that offers AUTH without TLS, as a network eavesdropper's stand-in:
    it keeps every password a client hands it."""

    def __init__(self) -> None:
        self.passwords: list[str] = []
        self.messages = 0

    def __call__(self, server, session, envelope, mechanism, auth_data):
        self.passwords.append(auth_data.password.decode())
        return AuthResult(success=True)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages += 1
        return "250 OK"


@pytest.fixture
def plain_auth_server():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    listener = _Listener()
    controller = Controller(listener, hostname="127.0.0.1", port=port, authenticator=listener,
                            auth_require_tls=False)
    controller.start()
    yield port, listener
    controller.stop()


@pytest.mark.parametrize("url", [
    f"smtp://kultur3:{PASSWORD}@smtp.example.no:25",
    f"smtp://kultur3:{PASSWORD}@smtp.example.no:587?tls=off",
    f"smtp://kultur3:{PASSWORD}@smtp.example.no:2525",
])
def test_a_password_without_encryption_is_refused_at_configuration(url):
    with pytest.raises(ConfigError, match="in the clear"):
        mail.parse_url(url)


@pytest.mark.parametrize("url", [
    f"smtp://kultur3:{PASSWORD}@smtp.example.no:587",
    f"smtps://kultur3:{PASSWORD}@smtp.example.no",
    f"smtp://kultur3:{PASSWORD}@smtp.example.no:2525?tls=on",
    "smtp://relay.example.no:25?tls=off",
])
def test_encrypted_or_passwordless_mail_is_accepted(url):
    assert mail.parse_url(url) is not None


def test_no_password_reaches_a_server_without_encryption(plain_auth_server):
    """The attack: a server (or anyone on the way) that offers AUTH over plain text gets the
    password. Nothing is sent, and the error says why."""
    port, listener = plain_auth_server
    cfg = mail.SmtpConfig(host="127.0.0.1", port=port, sender="k@example.no",
                          username="kultur3", password=PASSWORD, starttls=False)
    with pytest.raises(ConfigError, match="in the clear"):
        mail.send(cfg, to="kari@example.no", subject="x", body="y")
    assert listener.passwords == [] and listener.messages == 0


def test_a_server_without_starttls_gets_no_password_either(plain_auth_server):
    """Asked for STARTTLS, a server that does not offer it is not sent the password in the
    clear instead."""
    port, listener = plain_auth_server
    cfg = mail.parse_url(f"smtp://kultur3:{PASSWORD}@127.0.0.1:{port}?tls=on")
    with pytest.raises(mail.MailError):
        mail.send(cfg, to="kari@example.no", subject="x", body="y")
    assert listener.passwords == [] and listener.messages == 0


def test_a_local_relay_without_a_password_still_delivers(mailbox):
    mail.send(mail.parse_url(mailbox.url), to="kari@example.no", subject="Hei", body="Lenke")
    assert body(mailbox.wait_for("kari@example.no")).strip() == "Lenke"


def test_mail_outside_demo_mode_needs_the_public_url(tmp_path):
    env = {"KULTUR3_COOKIE_KEY": "k" * 40, "KULTUR3_SMTP_URL": "smtp://relay:25?tls=off"}
    with pytest.raises(ConfigError, match="KULTUR3_PUBLIC_URL"):
        load_settings(env, tmp_path / "none.toml")
    ok = load_settings({**env, "KULTUR3_PUBLIC_URL": "https://k3.example.no/"},
                       tmp_path / "none.toml")
    assert mail.link_base(public_url=ok.public_url, demo=False) == "https://k3.example.no"
    assert load_settings({k: v for k, v in env.items() if k != "KULTUR3_SMTP_URL"},
                         tmp_path / "none.toml").public_url == ""  # no mail: not needed


def test_a_plain_text_password_stops_the_app_from_starting(tmp_path):
    env = {"KULTUR3_COOKIE_KEY": "k" * 40, "KULTUR3_PUBLIC_URL": "https://k3.example.no",
           "KULTUR3_SMTP_URL": f"smtp://kultur3:{PASSWORD}@smtp.example.no:25"}
    with pytest.raises(ConfigError, match="in the clear"):
        load_settings(env, tmp_path / "none.toml")


def test_demo_mode_mails_localhost_links_without_the_public_url():
    assert mail.link_base(public_url="", demo=True) == mail.DEMO_BASE_URL
    with pytest.raises(ConfigError):
        mail.link_base(public_url="", demo=False)


def _add_kari(url: str) -> None:
    """An account whose username is an address, in the app's database."""
    engine = make_engine(url)
    with Session(engine) as s:
        make_user(s, Role.FACILITATOR, username="kari@hoyanger.kommune.no")
        s.commit()
    engine.dispose()


@pytest.fixture
def reset_page(app_env, mailbox, monkeypatch):
    """The demo app with mail to a local catcher and an account whose username is an address."""
    _add_kari(app_env)
    monkeypatch.setenv("KULTUR3_SMTP_URL", mailbox.url)
    # A real account: outside demo mode (demo mode refuses a database holding one; the demo's
    # own localhost links are test_demo_mode_mails_localhost_links_without_the_public_url's).
    monkeypatch.setenv("KULTUR3_DEMO", "")
    monkeypatch.setenv("KULTUR3_COOKIE_KEY", "k" * 40)
    get_settings.cache_clear()
    yield mailbox
    get_settings.cache_clear()


def _request_reset_from(url: str) -> None:
    """«Glemt passord?» on the login page, in a browser that reports url as its address."""
    at = run_app()
    at.context = {"url": url}
    at.run()
    at.text_input(key="login.reset_email").input("kari@hoyanger.kommune.no")
    at.button(key="login.reset_submit").click().run()
    assert not at.exception, texts(at)


@pytest.mark.parametrize("public", ["https://kultur3.example.no"])
def test_a_reset_link_never_points_at_the_address_the_browser_reports(reset_page, monkeypatch,
                                                                      public):
    """The attack: a visitor asks for someone's reset link from a browser reporting
    evil.example (a forged address); the mail must not carry the token there."""
    monkeypatch.setenv("KULTUR3_PUBLIC_URL", public)
    get_settings.cache_clear()
    _request_reset_from("https://evil.example/logg-inn")
    text = body(reset_page.wait_for("kari@hoyanger.kommune.no"))
    assert "evil.example" not in text
    assert f"{public}/invitasjon?token=" in text


def test_a_running_demo_mails_its_own_address_not_the_browsers(app_env, mailbox, monkeypatch):
    """The same attack in demo mode, where no public address is needed: an account made
    while the demo runs (its engine already checked the database) gets a localhost link."""
    run_app()  # the demo starts: the engine is made and the database checked once
    _add_kari(app_env)
    try:
        monkeypatch.setenv("KULTUR3_SMTP_URL", mailbox.url)
        monkeypatch.setenv("KULTUR3_PUBLIC_URL", "")
        get_settings.cache_clear()
        _request_reset_from("https://evil.example/logg-inn")
        text = body(mailbox.wait_for("kari@hoyanger.kommune.no"))
    finally:
        get_settings.cache_clear()
    assert "evil.example" not in text
    assert f"{mail.DEMO_BASE_URL}/invitasjon?token=" in text
