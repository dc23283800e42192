"""kultur3: the workshop tool for «Kulturskole 3.0»."""

__version__ = "0.1.0"

# Registered on import, so every session of every entry point refuses writes to an archived
# programme (see archive_guard).
from kultur3.store import archive_guard as _archive_guard  # noqa: E402, F401
