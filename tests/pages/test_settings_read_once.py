"""A page reads the environment and secrets.toml once per process, not on every read and
write (the engine's URL and every cached read's key used to re-read them: 12-21 times per
rerun of a page)."""

import os
from types import SimpleNamespace

from kultur3.core import config
from tests.pages.conftest import run_app


class _CountingEnviron(dict):
    """os.environ for kultur3.core.config, counting every time it is read whole or by name."""

    reads = 0

    def __iter__(self):
        _CountingEnviron.reads += 1
        return super().__iter__()

    def keys(self):
        _CountingEnviron.reads += 1
        return super().keys()

    def get(self, key, default=None):
        _CountingEnviron.reads += 1
        return super().get(key, default)


def test_a_page_reads_the_settings_once_and_a_rerun_not_at_all(monkeypatch):
    monkeypatch.setattr(config, "os", SimpleNamespace(environ=_CountingEnviron(os.environ)))
    secrets = []
    real = config._read_secrets
    monkeypatch.setattr(config, "_read_secrets", lambda path: secrets.append(path) or real(path))
    config.reset()
    _CountingEnviron.reads = 0
    at = run_app("fasilitator", page="live_console")
    assert not at.exception
    assert (_CountingEnviron.reads, len(secrets)) == (1, 1)
    at.run()
    assert (_CountingEnviron.reads, len(secrets)) == (1, 1)
