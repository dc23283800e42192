"""Store: the database and the counters that tell screens what changed.

- db: the engine (SQLite with WAL, busy_timeout, foreign keys; PostgreSQL by DATABASE_URL)
- changed: the one call a write makes to record what it changed (counters and hub names)
- versions: atomic data-version counters that cached reads key on
- changes: the in-process hub that wakes waiting screens
- ratelimit: one counter for every rate limit
- archive_guard: an archived programme refuses writes, in every session
- backup: a consistent copy of the database, and restoring one

Floor: core and models.
"""
