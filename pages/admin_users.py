"""Admin: invite people, create accounts, change role, deactivate, reset to a temporary
password."""

import streamlit as st

from kultur3.access import admin
from kultur3.models import Role
from kultur3.ui import admin as ui
from kultur3.ui import feedback, invites, widgets
from kultur3.ui.context import cached_read, current_programme, require_role, t

actor = require_role("admin_users")
widgets.demo_banner(current_programme())
st.title(t("page.admin_users"))
feedback.show()

programme = current_programme()
with st.expander(t("invite.staff_heading"), expanded=True):
    if programme is None:
        st.info(t("programme.none_yet"))
    else:
        st.caption(t("invite.staff_help", programme=programme.name))
        invites.invite_form(actor, "admin_users.invite",
                            roles=[Role.FACILITATOR, Role.LEADER, Role.RESEARCHER, Role.ADMIN],
                            programme_id=programme.id, programme_name=programme.name)
with st.expander(t("admin.create"), expanded=False):
    ui.create_user_form(actor)
summary = cached_read(admin.admin_summary, actor=actor)
username = ui.users_table(summary.users)
if username:
    ui.user_actions(actor, next(u for u in summary.users if u.username == username))
