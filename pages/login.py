"""Login page: the only page an anonymous visitor sees."""

import streamlit as st

from kultur3.ui import auth, context

if context.current_user() is not None:
    st.switch_page("app.py")
auth.login_form()
