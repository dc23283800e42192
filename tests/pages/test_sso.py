"""Single sign-on: configured in secrets, st.login proves who, our database says what role."""

import pytest
from streamlit.testing.v1 import AppTest

from kultur3.access import accounts
from kultur3.access.permissions import OPERATOR
from kultur3.core.config import get_settings, sso_configured
from kultur3.models import Role
from kultur3.store.db import make_engine, session_scope
from tests.pages.conftest import ROOT, TIMEOUT, texts

AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 40,
        "client_id": "kultur3", "client_secret": "s3cret",
        "server_metadata_url": "https://login.example.invalid/.well-known/openid-configuration"}


@pytest.mark.parametrize(("auth", "expected"), [
    (None, False), ({}, False), ({"cookie_key": "k" * 40}, False), (AUTH, True),
    ({"redirect_uri": "x", "cookie_secret": "y", "microsoft": {
        k: v for k, v in AUTH.items() if k in ("client_id", "client_secret",
                                               "server_metadata_url")}}, True),
])
def test_sso_configuration_is_detected(auth, expected):
    assert sso_configured(auth) is expected


ISSUER = "https://login.example.invalid"  # server_metadata_url without the discovery path


def app(email: str | None, **claims) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.secrets["auth"] = AUTH
    at.user = ({"is_logged_in": True, "email": email, "email_verified": True, "iss": ISSUER,
                **claims} if email else {"is_logged_in": False})
    at.run()
    return at


def test_not_logged_in_gets_the_sso_button():
    at = app(None)
    assert at.button(key="login.sso")
    assert not [w for w in at.text_input if w.key == "login.password"]


@pytest.fixture
def kari(app_env, monkeypatch):
    """A real account: outside demo mode (demo mode refuses a database holding one)."""
    monkeypatch.setenv("KULTUR3_DEMO", "")
    monkeypatch.setenv("KULTUR3_COOKIE_KEY", "k" * 40)
    get_settings.cache_clear()
    engine = make_engine(app_env)
    with session_scope(engine) as s:
        accounts.create_user(session=s, actor=OPERATOR, username="Kari.Nordmann@Asker.kommune.no",
                             password_hash="x", role=Role.GROUP, municipality_number="3203",
                             display_name="Kari")
    engine.dispose()
    yield
    get_settings.cache_clear()


def test_sso_user_gets_the_role_from_our_database(kari):
    at = app("kari.nordmann@asker.kommune.no")
    assert not at.exception
    assert "Kommunegruppa i Asker" in texts(at)


def test_sso_user_without_an_account_is_told_why():
    at = app("stranger@example.no")
    assert "har ingen tilgang her ennå" in texts(at)
    assert "Alle kommuner" not in texts(at)
    # the provider gave us the address: the privacy notice is linked (the footer does not
    # link it on the login page)
    assert [link.proto.label for link in at.get("page_link")].count(
        "Personvern: hva som lagres, og hvorfor") == 1


@pytest.mark.parametrize("claims", [{"email_verified": False}, {"iss": "https://evil.example"}])
def test_an_unverified_or_foreign_email_opens_no_account(kari, claims):
    at = app("kari.nordmann@asker.kommune.no", **claims)
    assert not at.exception
    assert "har ingen tilgang her ennå" in texts(at)
    assert "Kommunegruppa i Asker" not in texts(at)


def test_a_provider_that_names_no_issuer_stops_with_a_plain_message(app_env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.secrets["auth"] = {**AUTH, "server_metadata_url": "https://login.microsoftonline.com/"
                          "common/v2.0/.well-known/openid-configuration"}
    at.user = {"is_logged_in": True, "email": "kari@asker.kommune.no", "email_verified": True,
               "iss": ISSUER}
    at.run()
    assert not at.exception
    assert any("KULTUR3_SSO_ISSUER" in e.value for e in at.error)


def test_a_secrets_store_without_a_file_is_asked_once(monkeypatch):
    """Streamlit looks for the file again, under a lock, on every access while there is none:
    every run of every phone in the room queued there (kultur3/ui/context._auth_secrets).
    A file it could not read (a typo, a half-written file) is read again next time: with
    single sign-on configured, remembering it would put the password form in its place."""
    import streamlit as st
    from streamlit.errors import StreamlitSecretNotFoundError

    from kultur3.ui import context

    class Store:
        asked = 0

        def __init__(self, error_id: str) -> None:
            self.error_id = error_id

        def to_dict(self):
            Store.asked += 1
            raise StreamlitSecretNotFoundError("no secrets", error_id=self.error_id)

    monkeypatch.setattr(st, "secrets", Store("no-secrets-found"))
    assert [context.sso_enabled() for _ in range(3)] == [False, False, False]
    assert Store.asked == 1
    monkeypatch.setattr(st, "secrets", Store("failed-parsing-secrets-file"))
    assert [context.sso_enabled() for _ in range(2)] == [False, False]
    assert Store.asked == 3  # a file it could not read: asked every time
