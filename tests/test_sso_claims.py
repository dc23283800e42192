"""Single sign-on maps an e-mail to an account only when the provider verified it and the
token comes from our own issuer (and our own Entra ID tenant); tested without Streamlit."""

import pytest

from kultur3.access import accounts, identity
from kultur3.access.permissions import OPERATOR
from kultur3.core.config import SsoTrust, sso_trust
from kultur3.models import Role

TENANT = "6f1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b"
ENTRA = f"https://login.microsoftonline.com/{TENANT}/v2.0"
GOOGLE = "https://accounts.google.com"


def auth(url: str, **extra) -> dict:
    return {"redirect_uri": "https://kultur3.example.no/oauth2callback", "cookie_secret": "x",
            "client_id": "kultur3", "client_secret": "s", "server_metadata_url": url, **extra}


@pytest.mark.parametrize(("section", "env", "expected"), [
    (auth(f"{ENTRA}/.well-known/openid-configuration"), {}, SsoTrust(frozenset({ENTRA}), TENANT)),
    (auth(f"{GOOGLE}/.well-known/openid-configuration"), {}, SsoTrust(frozenset({GOOGLE}))),
    # Entra's multi-tenant endpoint names no issuer: nobody, until it is set explicitly.
    (auth("https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration"), {},
     SsoTrust(frozenset())),
    (auth("https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration"),
     {"KULTUR3_SSO_ISSUER": ENTRA, "KULTUR3_SSO_TENANT": TENANT.upper()},
     SsoTrust(frozenset({ENTRA}), TENANT)),
    (auth("https://idp.example.no/metadata", kultur3_issuer="https://idp.example.no/"), {},
     SsoTrust(frozenset({"https://idp.example.no"}))),
    (auth("https://idp.example.no/metadata"), {}, SsoTrust(frozenset())),  # not a discovery URL
    ({"redirect_uri": "x", "cookie_secret": "y", "microsoft": {
        "client_id": "a", "client_secret": "b",
        "server_metadata_url": f"{ENTRA}/.well-known/openid-configuration"}}, {},
     SsoTrust(frozenset({ENTRA}), TENANT)),
    (None, {}, SsoTrust(frozenset())),
])
def test_whose_tokens_we_believe(section, env, expected):
    assert sso_trust(section, env) == expected


TRUST = SsoTrust(frozenset({ENTRA}), TENANT)
GOOD = {"is_logged_in": True, "email": "Kari.Nordmann@Asker.kommune.no", "iss": ENTRA,
        "tid": TENANT, "email_verified": True}


@pytest.mark.parametrize(("claims", "trust", "email"), [
    (GOOD, TRUST, "kari.nordmann@asker.kommune.no"),
    ({**GOOD, "email_verified": "true"}, TRUST, "kari.nordmann@asker.kommune.no"),
    # Entra ID sends no email_verified; its optional xms_edov claim says the same.
    ({**{k: v for k, v in GOOD.items() if k != "email_verified"}, "xms_edov": True}, TRUST,
     "kari.nordmann@asker.kommune.no"),
    ({k: v for k, v in GOOD.items() if k != "email_verified"}, TRUST, None),
    ({**GOOD, "email_verified": False}, TRUST, None),
    ({**GOOD, "email_verified": "false"}, TRUST, None),
    # A token from another tenant of the same provider, or another provider altogether.
    ({**GOOD, "tid": "00000000-0000-0000-0000-000000000000",
      "iss": "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0"},
     TRUST, None),
    ({**GOOD, "tid": "00000000-0000-0000-0000-000000000000"}, TRUST, None),
    ({**GOOD, "iss": GOOGLE}, TRUST, None),
    ({**GOOD, "iss": None}, TRUST, None),
    # xms_edov counts only where a tenant is set (it is Entra's claim).
    ({"email": "a@b.no", "iss": GOOGLE, "xms_edov": True}, SsoTrust(frozenset({GOOGLE})), None),
    ({"email": "a@b.no", "iss": GOOGLE, "email_verified": True}, SsoTrust(frozenset({GOOGLE})),
     "a@b.no"),
    (GOOD, SsoTrust(frozenset()), None),  # nothing configured: nobody
    ({**GOOD, "email": ""}, TRUST, None),
    (None, TRUST, None),
])
def test_an_email_counts_only_verified_and_from_our_issuer(claims, trust, email):
    assert identity.sso_email(claims, trust) == email


def test_an_unverified_address_from_another_tenant_does_not_open_the_account(session):
    """The attack: an account at another Entra tenant (or any provider that lets a user type
    an address) claims the coordinator's e-mail."""
    accounts.create_user(session=session, actor=OPERATOR, username="kari.nordmann@asker.kommune.no",
                         password_hash="x", role=Role.ADMIN, display_name="Kari")
    session.flush()
    forged = {**GOOD, "email_verified": False}
    assert identity.actor_for_sso(session, forged, TRUST) is None
    other = {**GOOD, "tid": "00000000-0000-0000-0000-000000000000"}
    assert identity.actor_for_sso(session, other, TRUST) is None
    actor = identity.actor_for_sso(session, GOOD, TRUST)
    assert (actor.username, actor.role) == ("kari.nordmann@asker.kommune.no", Role.ADMIN)
