"""One Settings object, read once from the environment and .streamlit/secrets.toml."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import ClassVar

from kultur3.core import mail
from kultur3.core.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE_URL = f"sqlite:///{ROOT / 'data' / 'kultur3.store.db'}"
SECRETS_FILE = ROOT / ".streamlit" / "secrets.toml"

# Cookie keys that mean "nobody chose one": the app refuses them outside demo mode.
PLACEHOLDER_KEYS = {"", "change-me", "changeme", "secret", "some_key", "CHANGE-ME"}
DEMO_COOKIE_KEY = "kultur3-demo-cookie-key-not-for-production"
MIN_COOKIE_KEY_LENGTH = 32
DEFAULT_GUEST_RETENTION_DAYS = 365  # what `purge-guests` keeps by default
# Gathering reminders go this many days ahead (send-reminders): a Monday mail for a Thursday
# gathering, inside the same working week, and after the weekly digest that already named it.
DEFAULT_REMINDER_DAYS_BEFORE = 3


def _setting(env: str, default=MISSING):
    """A Settings field read from the environment variable `env` (the README's table lists
    exactly these: tests/test_settings_docs.py)."""
    return field(default=default, metadata={"env": env})


@dataclass(frozen=True)
class Settings:
    """Everything the app reads from its surroundings, read once per process (current(),
    get_settings()) and shared by the pages, the command line and the engine."""

    database_url: str = _setting("DATABASE_URL")
    cookie_key: str = _setting("KULTUR3_COOKIE_KEY")
    cookie_expiry_days: float = _setting("KULTUR3_COOKIE_EXPIRY_DAYS", 7.0)  # however active
    session_idle_minutes: float = _setting("KULTUR3_SESSION_IDLE_MINUTES", 480.0)  # unused: ended
    demo_mode: bool = _setting("KULTUR3_DEMO", False)
    # Live gatherings: how often the projector and console, and group screens, check for a
    # change (seconds); and the address people reach the app at (for the join QR code).
    live_refresh_s: float = _setting("KULTUR3_LIVE_REFRESH_S", 1.0)
    group_refresh_s: float = _setting("KULTUR3_GROUP_REFRESH_S", 2.0)
    # Screens wake on change (kultur3/store/changes.py); this is the longest one waits before it
    # asks the database anyway (a write from another process on SQLite, a lost listener).
    wake_check_s: float = _setting("KULTUR3_WAKE_CHECK_S", 10.0)
    public_url: str = _setting("KULTUR3_PUBLIC_URL", "")
    # Outgoing mail for invitations and password links (see kultur3.core.mail); "" = none.
    smtp_url: str = _setting("KULTUR3_SMTP_URL", "")
    backup_dir: Path = _setting("KULTUR3_BACKUP_DIR", ROOT / "data" / "backups")
    guest_retention_days: int = _setting("KULTUR3_GUEST_RETENTION_DAYS",
                                         DEFAULT_GUEST_RETENTION_DAYS)
    # How many days before a gathering everyone invited to it is reminded (send-reminders).
    reminder_days_before: int = _setting("KULTUR3_REMINDER_DAYS_BEFORE",
                                         DEFAULT_REMINDER_DAYS_BEFORE)
    # Single sign-on: the environment's half; [auth] in secrets is Streamlit's (sso_trust).
    sso_issuer: str = _setting("KULTUR3_SSO_ISSUER", "")
    sso_tenant: str = _setting("KULTUR3_SSO_TENANT", "")
    # Where to report an accessibility barrier (an e-mail address, a phone number or a web
    # form's address), as the accessibility statement shows it; "" = the statement says none.
    accessibility_contact: str = _setting("KULTUR3_ACCESSIBILITY_CONTACT", "")
    cookie_name: ClassVar[str] = "kultur3_auth"  # not a setting: the login cookie's name


# Each field's environment variable, for the documentation test and error messages.
ENV: dict[str, str] = {f.name: f.metadata["env"] for f in fields(Settings)}


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _read_secrets(path: Path) -> dict:
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh)


def read_settings(env: Mapping[str, str] | None = None,
                  secrets_file: Path = SECRETS_FILE) -> Settings:
    """Every setting from the environment first, then secrets.toml, else its default; the
    safety checks are check_settings' (the command line reads without them: a schema upgrade
    needs no cookie key). The one place that reads the environment and the secrets file."""
    env = dict(os.environ if env is None else env)
    secrets = _read_secrets(secrets_file)
    auth = secrets.get("auth", {}) if isinstance(secrets.get("auth"), dict) else {}
    smtp = secrets.get("smtp") if isinstance(secrets.get("smtp"), dict) else {}
    demo = _truthy(env.get("KULTUR3_DEMO")) or bool(secrets.get("demo_mode"))
    key = env.get("KULTUR3_COOKIE_KEY") or auth.get("cookie_key") or ""
    if demo and not key:
        key = DEMO_COOKIE_KEY
    expiry = _number(env.get("KULTUR3_COOKIE_EXPIRY_DAYS") or auth.get("cookie_expiry_days"), 7.0,
                     "KULTUR3_COOKIE_EXPIRY_DAYS")
    try:
        idle = float(env.get("KULTUR3_SESSION_IDLE_MINUTES") or auth.get("session_idle_minutes")
                     or 480)
    except ValueError:
        idle = 0
    return Settings(
        database_url=env.get("DATABASE_URL") or secrets.get("database_url")
        or DEFAULT_DATABASE_URL,
        cookie_key=key, cookie_expiry_days=expiry, session_idle_minutes=idle, demo_mode=demo,
        live_refresh_s=_number(env.get("KULTUR3_LIVE_REFRESH_S"), 1.0, "KULTUR3_LIVE_REFRESH_S"),
        group_refresh_s=_number(env.get("KULTUR3_GROUP_REFRESH_S"), 2.0,
                                "KULTUR3_GROUP_REFRESH_S"),
        wake_check_s=_number(env.get("KULTUR3_WAKE_CHECK_S"), 10.0, "KULTUR3_WAKE_CHECK_S"),
        public_url=(env.get("KULTUR3_PUBLIC_URL") or secrets.get("public_url") or "").rstrip("/"),
        smtp_url=env.get("KULTUR3_SMTP_URL") or smtp.get("url", ""),
        backup_dir=Path(env.get("KULTUR3_BACKUP_DIR") or ROOT / "data" / "backups"),
        guest_retention_days=int(_number(env.get("KULTUR3_GUEST_RETENTION_DAYS"),
                                         DEFAULT_GUEST_RETENTION_DAYS,
                                         "KULTUR3_GUEST_RETENTION_DAYS")),
        reminder_days_before=int(_number(env.get("KULTUR3_REMINDER_DAYS_BEFORE"),
                                         DEFAULT_REMINDER_DAYS_BEFORE,
                                         "KULTUR3_REMINDER_DAYS_BEFORE")),
        sso_issuer=env.get("KULTUR3_SSO_ISSUER", ""), sso_tenant=env.get("KULTUR3_SSO_TENANT", ""),
        accessibility_contact=env.get("KULTUR3_ACCESSIBILITY_CONTACT")
        or str(secrets.get("accessibility_contact", "")))


def check_settings(s: Settings) -> Settings:
    """Refuse to serve with unsafe settings (fail fast, saying which); returns them."""
    if not s.demo_mode and (s.cookie_key.strip() in PLACEHOLDER_KEYS
                            or s.cookie_key == DEMO_COOKIE_KEY):
        raise ConfigError(
            "KULTUR3_COOKIE_KEY (or [auth] cookie_key in .streamlit/secrets.toml) is missing or a "
            "placeholder. Set a random key of at least 32 characters, or run in demo mode "
            "with KULTUR3_DEMO=1."
        )
    if not s.demo_mode and len(s.cookie_key) < MIN_COOKIE_KEY_LENGTH:
        raise ConfigError(f"The cookie key must be at least {MIN_COOKIE_KEY_LENGTH} characters.")
    if s.cookie_expiry_days <= 0 or s.session_idle_minutes <= 0:
        raise ConfigError("KULTUR3_COOKIE_EXPIRY_DAYS and KULTUR3_SESSION_IDLE_MINUTES must be "
                          "positive numbers.")
    for name in ("live_refresh_s", "group_refresh_s", "wake_check_s"):
        if not 0.5 <= getattr(s, name) <= 60:
            raise ConfigError(f"{ENV[name]} must be between 0.5 and 60 seconds.")
    if not 0 <= s.reminder_days_before <= 60:
        raise ConfigError("KULTUR3_REMINDER_DAYS_BEFORE must be between 0 and 60 days.")
    if s.smtp_url:
        _check_mail(s.smtp_url, s.public_url, s.demo_mode)
    return s


def load_settings(env: Mapping[str, str] | None = None,
                  secrets_file: Path = SECRETS_FILE) -> Settings:
    """Read the settings and check them (read_settings, check_settings)."""
    return check_settings(read_settings(env, secrets_file))


def _check_mail(smtp: str, public_url: str, demo: bool) -> None:
    """Refuse to start with mail that would send a password in the clear, or links to
    whatever address a browser reports (outside demo mode KULTUR3_PUBLIC_URL is required)."""
    mail.parse_url(smtp)
    mail.link_base(public_url=public_url, demo=demo)


def _number(value: object, default: float, name: str) -> float:
    """A number setting; its default when unset."""
    try:
        return float(value or default)  # type: ignore[arg-type]
    except ValueError:
        raise ConfigError(f"{name} must be a number.") from None


# Read once per process. Before, the engine's URL and every cached read's key re-read the
# environment (and secrets.toml when the URL lives there): 12-21 times per page rerun, 17-42
# on a first run, measured by counting reads in one AppTest run of four pages.
_READ: dict[str, Settings] = {}


def current() -> Settings:
    """The process's settings, read once, unchecked: the command line and the engine use it."""
    if "read" not in _READ:
        _READ["read"] = read_settings()
    return _READ["read"]


def get_settings() -> Settings:
    """The process's settings, read once and checked once: what serving pages needs."""
    if "checked" not in _READ:
        _READ["checked"] = check_settings(current())
    return _READ["checked"]


def reset() -> None:
    """Forget the settings read, so the next call reads them again (tests that change the
    environment call it)."""
    _READ.clear()


get_settings.cache_clear = reset  # type: ignore[attr-defined]  # its name as an lru_cache


def database_url() -> str:
    """The configured database's URL (from the settings read once)."""
    return current().database_url


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
    if env is None:  # the environment's half, from the settings read once
        env = {"KULTUR3_SSO_ISSUER": current().sso_issuer,
               "KULTUR3_SSO_TENANT": current().sso_tenant}
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
