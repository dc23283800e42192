"""Admin: create accounts, change role, deactivate, reset to a temporary password."""

import streamlit as st

from kultur3 import admin
from kultur3.ui import admin as ui
from kultur3.ui.context import cached_read, require_role, t

actor = require_role("admin_users")
st.title(t("page.admin_users"))

with st.expander(t("admin.create"), expanded=False):
    ui.create_user_form(actor)
summary = cached_read(admin.admin_summary, actor=actor)
username = ui.users_table(summary.users)
if username:
    ui.user_actions(actor, next(u for u in summary.users if u.username == username))
ui.show_result()
