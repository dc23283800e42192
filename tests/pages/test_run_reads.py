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


def seen(tmp_path, script: str) -> tuple:
    """What the script left in session_state["seen"], run once by a logged-in group."""
    path = tmp_path / "script.py"
    path.write_text(script)
    at = AppTest.from_file(str(path), default_timeout=TIMEOUT)
    at.session_state[keys.SESSION_TOKEN] = start_session("kommune-3203")
    at.run()
    assert not at.exception, at.exception
    return at.session_state["seen"]


def test_a_run_reads_the_version_once_and_again_after_its_own_write(tmp_path):
    first, again, after, users, version_reads, session_reads = seen(tmp_path, SCRIPT)
    assert again == first and after == first + 1
    assert version_reads == 2  # once for the run, once after the write
    assert users == ["kommune-3203", "kommune-3203"] and session_reads == 1


FIRST = """
import streamlit as st
from sqlalchemy import update
from kultur3 import live
from kultur3.models import DataVersion
from kultur3.store.versions import DATA
from kultur3.ui import context

first = context.data_version()
# Another replica's write: the database moves, this process's bump count does not.
with context.engine().begin() as conn:
    conn.execute(update(DataVersion).where(DataVersion.name == DATA)
                 .values(value=DataVersion.value + 1))
kept = context.data_version()
context.read_first(live.live_version, gathering_id=1)
st.session_state["seen"] = (first, kept, context.data_version())
"""


def test_a_tickers_number_read_first_makes_the_run_read_the_version_again(tmp_path):
    """A screen's ticker number (pages/projector.py, live_group.py, live_console.py) is read
    before the data drawn: right after it the run reads the data version again, so a write that
    came before the number is in what the page draws, not only in the number."""
    first, kept, after = seen(tmp_path, FIRST)
    assert kept == first and after == first + 1
