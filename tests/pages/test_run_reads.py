"""What a script run reads once (kultur3/ui/context.py): the data version and the user, kept
for the run, and read again after a write in the run."""

from streamlit.testing.v1 import AppTest

from kultur3.ui import keys
from tests.pages.conftest import TIMEOUT, start_session

SCRIPT = """
import streamlit as st
from sqlalchemy import event
from kultur3.store.changed import changed
from kultur3.ui import context
from kultur3.ui.feedback import attempt

statements = []
def count(conn, cursor, statement, *args):
    statements.append(statement)
event.listen(context.engine(), "before_cursor_execute", count)
try:
    first, again = context.data_version(), context.data_version()
    attempt(lambda session: changed(session))  # a write in this run, as a form's act() does
    after = context.data_version()
    users = [context.current_user(), context.current_user()]
finally:
    event.remove(context.engine(), "before_cursor_execute", count)
st.session_state["seen"] = (first, again, after, [u.username for u in users],
                            sum("FROM dataversion" in s and s.lstrip().startswith("SELECT")
                                for s in statements),
                            sum("FROM usersession" in s and s.lstrip().startswith("SELECT")
                                for s in statements))
"""


def test_a_run_reads_the_version_once_and_again_after_its_own_write(tmp_path):
    script = tmp_path / "reads.py"
    script.write_text(SCRIPT)
    at = AppTest.from_file(str(script), default_timeout=TIMEOUT)
    at.session_state[keys.SESSION_TOKEN] = start_session("kommune-3203")
    at.run()
    assert not at.exception, at.exception
    first, again, after, users, version_reads, session_reads = at.session_state["seen"]
    assert again == first and after == first + 1
    assert version_reads == 2  # once for the run, once after the write
    assert users == ["kommune-3203", "kommune-3203"] and session_reads == 1
