"""My account: change my password (required after a reset to a temporary one), see where I
am logged in, log out on every device, my calendar link."""

import streamlit as st

from kultur3.access.permissions import HOME_PAGE
from kultur3.ui import account, research, widgets
from kultur3.ui import admin as ui
from kultur3.ui.context import current_programme, require_role, t

actor = require_role("account")
widgets.demo_banner(current_programme())
st.title(t("page.account"))
if actor.must_change_password:
    st.warning(t("account.must_change"))
ui.change_password_form(actor)
account.sessions_panel(actor)
account.calendar_panel(actor)
account.reminders_panel(actor)
research.consent_panel(actor)
if st.session_state.pop("account.go_home", False):  # the temporary password is gone: go on
    st.switch_page(f"pages/{HOME_PAGE[actor.role]}.py")
