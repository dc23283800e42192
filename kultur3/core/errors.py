"""The small hierarchy of errors the product raises; pages catch them and show t(err.key)."""

from __future__ import annotations


class Kultur3Error(Exception):
    """Base of every error the product raises on purpose."""

    key = "error.generic"

    def __init__(self, message: str = "", *, key: str | None = None, **params: object) -> None:
        super().__init__(message or key or self.key)
        if key:
            self.key = key
        self.params = params


class ConfigError(Kultur3Error):
    """The app is configured in a way it refuses to run with."""

    key = "error.config"


class NotFound(Kultur3Error):
    """The thing asked for does not exist (or is not visible to the actor)."""

    key = "error.not_found"


class PermissionDenied(Kultur3Error):
    """The actor may not read or write this."""

    key = "error.permission_denied"


class InvalidInput(Kultur3Error):
    """The input breaks a rule; nothing was saved."""

    key = "error.invalid_input"


class Conflict(Kultur3Error):
    """Someone else saved first; nothing was overwritten."""

    key = "error.conflict"


class LoginLocked(Kultur3Error):
    """Too many failed logins in the window; the account is locked for a while."""

    key = "login.locked"


class RateLimited(Kultur3Error):
    """Too many attempts from this client or for this target in a short time."""

    key = "error.rate_limited"
