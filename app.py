"""kultur3 entry point: settings, login gate, role -> pages, navigation."""

import streamlit as st

from kultur3.permissions import pages_for
from kultur3.text import escape_markdown
from kultur3.ui import auth, context

st.set_page_config(page_title="Kulturskole 3.0", page_icon="🎻", layout="wide")

context.settings()
authenticator = auth.authenticator()
auth.restore_session(authenticator)
context.language_picker()
actor = context.current_user()
if actor is not None and auth.logout_button(authenticator):
    actor = None

if actor is None:
    pages = [st.Page("pages/login.py", title=context.t("page.login"), url_path="login",
                     default=True)]
else:
    context.programme_picker()
    st.sidebar.caption(context.t("app.logged_in_as", name=escape_markdown(actor.display_name),
                                 role=context.t(f"role.{actor.role}")))
    pages = [st.Page(f"pages/{key}.py", title=context.t(f"page.{key}"), url_path=key,
                     default=(i == 0)) for i, key in enumerate(pages_for(actor.role))]

st.navigation(pages).run()
