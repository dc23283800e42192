# ruff: noqa: F811 - the db fixture is imported from test_live_pages.py and used by name
"""Joining again from the same browser brings the same participant back (its dots too)."""

from sqlmodel import Session, select

from kultur3 import live
from kultur3.live import joining
from kultur3.models import Participant
from kultur3.ui import keys
from tests.pages.test_live_pages import console, db, run_guest  # noqa: F401


def test_scanning_the_table_card_again_keeps_the_participant(db):
    console(db, joining.set_code_joining, enabled=True)
    console(db, live.set_phase, phase="q1")
    bodo = next(c for c in console(db, joining.table_cards) if c.name == "Bodø")
    at = run_guest("kode", bodo.code, page="join")
    assert not at.exception
    with Session(db) as s:
        first = s.exec(select(Participant)).one()
    assert at.session_state[keys.JOINED_KEY] == first.key
    # Scanning the card again opens a new session; the browser brings the key it was given
    # (the cookie kultur3.ui.live.device writes: AppTest has no cookies, so it is set here).
    from streamlit.testing.v1 import AppTest

    from tests.pages.conftest import ROOT, TIMEOUT
    again = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    again.session_state[keys.JOINED_KEY] = first.key
    again.query_params[keys.CODE_PARAM] = bodo.code
    again.run()
    again.switch_page("pages/join.py").run()
    assert not again.exception
    with Session(db) as s:
        assert [p.key for p in s.exec(select(Participant)).all()] == [first.key]
    assert again.query_params[keys.PARTICIPANT_PARAM] in (first.key, [first.key])


def test_the_cookie_script_is_the_fixed_text_the_policy_allows(db):
    """The participant's cookie rides in a data- attribute, the script that writes it is one
    fixed text: a script with the key pasted in is blocked by the Content-Security-Policy
    (its hash differs for every participant), and the cookie was never written."""
    import html
    import re

    from kultur3.core.http_headers import content_security_policy
    from kultur3.core.inline_scripts import JOINED_SCRIPT, script_hash
    console(db, joining.set_code_joining, enabled=True)
    console(db, live.set_phase, phase="q1")
    bodo = next(c for c in console(db, joining.table_cards) if c.name == "Bodø")
    at = run_guest("kode", bodo.code, page="join")
    key = at.session_state[keys.JOINED_KEY]
    # The page's own scripts: the chrome's fixed ones (Streamlit's words, lang, the menu)
    # and the joined cookie's, the one that carries data.
    scripts = [e.proto.body for e in at.get("html")
               if e.proto.unsafe_allow_javascript and "k3-joined" in e.proto.body]
    assert len(scripts) == 1
    cookie = re.fullmatch(r'<div id="k3-joined" data-cookie="([^"]*)"></div>'
                          r"<script>(.*)</script>", scripts[0], re.S)
    assert cookie and cookie.group(2) == JOINED_SCRIPT
    assert html.unescape(cookie.group(1)).startswith(f"{keys.JOINED_COOKIE}={key}; Path=/;")
    assert f"'{script_hash(cookie.group(2))}'" in content_security_policy()
