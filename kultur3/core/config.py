"""One Settings object, read once from the environment and .streamlit/secrets.toml."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kultur3.core import mail
from kultur3.core.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE_URL = f"sqlite:///{ROOT / 'data' / 'kultur3.store.db'}"
SECRETS_FILE = ROOT / ".streamlit" / "secrets.toml"

# Cookie keys that mean "nobody chose one": the app refuses them outside demo mode.
PLACEHOLDER_KEYS = {"", "change-me", "changeme", "secret", "some_key", "CHANGE-ME"}
DEMO_COOKIE_KEY = "kultur3-demo-cookie-key-not-for-production"
MIN_COOKIE_KEY_LENGTH = 32


@dataclass(frozen=True)
class Settings:
    """Everything the app reads from its surroundings."""

    database_url: str
    cookie_key: str
    cookie_name: str = "kultur3_auth"
    cookie_expiry_days: float = 7.0  # a session's lifetime however active it is
    session_idle_minutes: float = 480.0  # a session unused this long has ended
    demo_mode: bool = False
    # Live gatherings: how often the projector and console, and group screens, check for a
    # change (seconds); and the address people reach the app at (for the join QR code).
    live_refresh_s: float = 1.0
    group_refresh_s: float = 2.0
    # Screens wake on change (kultur3/store/changes.py); this is the longest one waits before it
    # asks the database anyway (a write from another process on SQLite, a lost listener).
    wake_check_s: float = 10.0
    public_url: str = ""
    # Outgoing mail for invitations and password links (see kultur3.core.mail); "" = none.
    smtp_url: str = ""


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _read_secrets(path: Path) -> dict:
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh)


def database_url(env: dict[str, str] | None = None, secrets_file: Path = SECRETS_FILE) -> str:
    """DATABASE_URL from the environment, then secrets.toml, else the SQLite file under data/."""
    env = dict(os.environ if env is None else env)
    return env.get("DATABASE_URL") or _read_secrets(secrets_file).get("database_url") \
        or DEFAULT_DATABASE_URL


def public_url(env: dict[str, str] | None = None, secrets_file: Path = SECRETS_FILE,
               default: str = "http://localhost:8501") -> str:
    """KULTUR3_PUBLIC_URL (or public_url in secrets): the address in links; default if unset."""
    env = dict(os.environ if env is None else env)
    return (env.get("KULTUR3_PUBLIC_URL") or _read_secrets(secrets_file).get("public_url")
            or default).rstrip("/")


def smtp_url(env: dict[str, str] | None = None, secrets_file: Path = SECRETS_FILE) -> str:
    """KULTUR3_SMTP_URL (or url under [smtp] in secrets); "" when mail is not configured."""
    env = dict(os.environ if env is None else env)
    smtp = _read_secrets(secrets_file).get("smtp")
    return env.get("KULTUR3_SMTP_URL") or (smtp.get("url", "") if isinstance(smtp, dict) else "")


def backup_dir(env: dict[str, str] | None = None) -> Path:
    """KULTUR3_BACKUP_DIR: where a restore or a downgrade writes its safety copy first."""
    env = dict(os.environ if env is None else env)
    return Path(env.get("KULTUR3_BACKUP_DIR") or ROOT / "data" / "backups")


def demo_mode(env: dict[str, str] | None = None, secrets_file: Path = SECRETS_FILE) -> bool:
    """True when KULTUR3_DEMO is set (or demo_mode = true in secrets.toml)."""
    env = dict(os.environ if env is None else env)
    return _truthy(env.get("KULTUR3_DEMO")) or bool(_read_secrets(secrets_file).get("demo_mode"))


def load_settings(env: dict[str, str] | None = None, secrets_file: Path = SECRETS_FILE) -> Settings:
    """Build Settings from env vars first, then secrets.toml; fail fast on unsafe secrets."""
    env = dict(os.environ if env is None else env)
    secrets = _read_secrets(secrets_file)
    auth = secrets.get("auth", {}) if isinstance(secrets.get("auth"), dict) else {}
    demo = demo_mode(env, secrets_file)
    url = database_url(env, secrets_file)
    key = env.get("KULTUR3_COOKIE_KEY") or auth.get("cookie_key") or ""
    if demo and not key:
        key = DEMO_COOKIE_KEY
    if not demo and (key.strip() in PLACEHOLDER_KEYS or key == DEMO_COOKIE_KEY):
        raise ConfigError(
            "KULTUR3_COOKIE_KEY (or [auth] cookie_key in .streamlit/secrets.toml) is missing or a "
            "placeholder. Set a random key of at least 32 characters, or run in demo mode "
            "with KULTUR3_DEMO=1."
        )
    if not demo and len(key) < MIN_COOKIE_KEY_LENGTH:
        raise ConfigError(f"The cookie key must be at least {MIN_COOKIE_KEY_LENGTH} characters.")
    expiry = float(env.get("KULTUR3_COOKIE_EXPIRY_DAYS") or auth.get("cookie_expiry_days") or 7)
    try:
        idle = float(env.get("KULTUR3_SESSION_IDLE_MINUTES") or auth.get("session_idle_minutes")
                     or 480)
    except ValueError:
        idle = 0
    if expiry <= 0 or idle <= 0:
        raise ConfigError("KULTUR3_COOKIE_EXPIRY_DAYS and KULTUR3_SESSION_IDLE_MINUTES must be "
                          "positive numbers.")
    live = _seconds(env, "KULTUR3_LIVE_REFRESH_S", 1.0)
    group = _seconds(env, "KULTUR3_GROUP_REFRESH_S", 2.0)
    wake = _seconds(env, "KULTUR3_WAKE_CHECK_S", 10.0)
    public_url = (env.get("KULTUR3_PUBLIC_URL") or secrets.get("public_url") or "").rstrip("/")
    smtp = smtp_url(env, secrets_file)
    if smtp:
        _check_mail(smtp, public_url, demo)
    return Settings(database_url=url, cookie_key=key, cookie_expiry_days=expiry,
                    session_idle_minutes=idle, demo_mode=demo,
                    live_refresh_s=live, group_refresh_s=group, wake_check_s=wake,
                    public_url=public_url, smtp_url=smtp)


def _check_mail(smtp: str, public_url: str, demo: bool) -> None:
    """Refuse to start with mail that would send a password in the clear, or links to
    whatever address a browser reports (outside demo mode KULTUR3_PUBLIC_URL is required)."""
    mail.parse_url(smtp)
    mail.link_base(public_url=public_url, demo=demo)


def _seconds(env: dict[str, str], name: str, default: float) -> float:
    """A refresh interval: between 0.5 and 60 seconds."""
    try:
        value = float(env.get(name) or default)
    except ValueError:
        raise ConfigError(f"{name} must be a number of seconds.") from None
    if not 0.5 <= value <= 60:
        raise ConfigError(f"{name} must be between 0.5 and 60 seconds.")
    return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide Settings, read once."""
    return load_settings()


def sso_configured(auth: dict | None) -> bool:
    """True when [auth] in secrets configures OpenID Connect for st.login (one provider, or
    named providers below it), so single sign-on replaces passwords."""
    if not isinstance(auth, dict):
        return False
    needed = {"client_id", "client_secret", "server_metadata_url"}
    if needed <= set(auth):
        return True
    return any(isinstance(v, dict) and needed <= set(v) for v in auth.values())


# --- Single sign-on: whose tokens we believe -----------------------------------------------------

DISCOVERY_SUFFIX = "/.well-known/openid-configuration"
ENTRA_HOSTS = ("https://login.microsoftonline.com/", "https://sts.windows.net/")
_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@dataclass(frozen=True)
class SsoTrust:
    """The issuers whose tokens map an e-mail to an account, and the Entra ID tenant (tid)
    they must carry; no issuers: nobody is let in (see sso_trust)."""

    issuers: frozenset[str]
    tenant: str | None = None


def _issuer_of(metadata_url: object) -> str | None:
    """The issuer a discovery URL names: OpenID Connect Discovery builds the URL as the issuer
    plus /.well-known/openid-configuration, and the document's issuer must equal it."""
    if not isinstance(metadata_url, str) or not metadata_url.endswith(DISCOVERY_SUFFIX):
        return None
    return metadata_url.removesuffix(DISCOVERY_SUFFIX).rstrip("/")


def _tenant_of(issuer: str) -> str | None:
    """The tenant id in an Entra ID issuer (https://login.microsoftonline.com/<tid>/v2.0)."""
    if not issuer.startswith(ENTRA_HOSTS):
        return None
    first = issuer.split("/")[3].lower()
    return first if _GUID.match(first) else None


def sso_trust(auth: Mapping | None, env: Mapping[str, str] | None = None) -> SsoTrust:
    """Whose tokens we believe: KULTUR3_SSO_ISSUER / KULTUR3_SSO_TENANT (or kultur3_issuer /
    kultur3_tenant in [auth]) when set, else the issuer of each provider's
    server_metadata_url, and for Entra ID its tenant. A multi-tenant endpoint (common,
    organizations) names no issuer of its own: then only the explicit settings let anyone in."""
    env = dict(os.environ if env is None else env)
    auth = auth if isinstance(auth, Mapping) else {}
    explicit = env.get("KULTUR3_SSO_ISSUER") or auth.get("kultur3_issuer")
    tenant = env.get("KULTUR3_SSO_TENANT") or auth.get("kultur3_tenant")
    if explicit:
        issuers = {str(explicit).rstrip("/")}
    else:
        sections = [auth, *(v for v in auth.values() if isinstance(v, Mapping))]
        issuers = {i for sec in sections if (i := _issuer_of(sec.get("server_metadata_url")))}
        issuers = {i for i in issuers if not i.startswith(ENTRA_HOSTS) or _tenant_of(i)}
        if not tenant and len(issuers) == 1:
            tenant = _tenant_of(next(iter(issuers)))
    return SsoTrust(issuers=frozenset(issuers), tenant=str(tenant).lower() if tenant else None)
