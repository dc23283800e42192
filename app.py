"""kultur3 entry point: settings, login gate, role -> pages, navigation."""

import streamlit as st

from kultur3.core.errors import Kultur3Error
from kultur3.core.text import escape_markdown
from kultur3.ui import auth, chrome, context, feedback, guides, nav

st.set_page_config(page_title="Kulturskole 3.0", page_icon="🎻", layout="wide")

context.settings()
context.engine()  # made once per process: migrates, and demo mode stops here on a real database
chrome.style()
auth.hand_over()  # a login or logout on its way to the cookie route: nothing else this run
context.language_picker()
actor = context.current_user()
account = actor is not None and actor.user_id is not None  # not a code or a view link
if account:
    auth.logout_button(actor)
    context.programme_picker(actor)
    st.sidebar.caption(context.t("app.logged_in_as", name=escape_markdown(actor.display_name),
                                 role=context.t(f"role.{actor.role}")))

# expanded: every page listed, no English «View N more» under a long menu
page = st.navigation(nav.pages(actor), expanded=True)
# Drawn before the page, shown after it (chrome.css gives it the last place): a page that
# stops early (st.stop: a refusal, «log in first», the join page without a code) stops
# every element after it, and a footer drawn in a `finally` was never seen there.
guides.footer(actor, page.url_path)
try:
    page.run()
except Kultur3Error as exc:  # a service refused something the page did not expect: say so
    feedback.show_error(exc)
feedback.show()  # any message the page did not show where it belongs
