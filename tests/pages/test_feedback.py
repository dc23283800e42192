"""kultur3/ui/feedback.py and app.py: one write path, one message store, errors as plain text."""

from kultur3.core.errors import PermissionDenied
from kultur3.core.text import escape_markdown
from kultur3.programme import catalogue
from tests.pages.conftest import run_app

PAYLOAD = "<img src=x onerror=alert(1)>"


def refuse(**_):
    """A read the page does not expect to fail (module level: cached_read imports it by name)."""
    raise PermissionDenied(key="plan.saved", title=PAYLOAD)


def test_a_service_error_that_escapes_a_page_is_a_plain_escaped_message(monkeypatch):
    monkeypatch.setattr(catalogue, "gatherings_for", refuse)
    at = run_app("kommune-3203", page="workshop")
    assert not at.exception
    [error] = [e.value for e in at.error]
    assert error == f"«{escape_markdown(PAYLOAD)}» er oppdatert."
    assert "<img" not in error.replace("\\<", "")


def test_a_failed_write_keeps_the_text_and_says_why_once():
    at = run_app("kommune-3203", page="workshop")
    at.button_group(key="workshop.step").set_value("q4").run()
    at.text_input(key="workshop.action.title").input("x" * 10).run()
    at.text_input(key="workshop.action.title").set_value("")
    at.button(key="workshop.action.submit").click().run()
    assert [e.value for e in at.error] == ["«Tiltak» kan ikke være tomt."]
    at.run()  # shown once: the next run has no message
    assert not at.error
