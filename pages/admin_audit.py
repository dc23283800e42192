"""Admin: the audit log of every write, filterable and exportable."""

import streamlit as st

from kultur3.access import audit
from kultur3.ui import admin as ui
from kultur3.ui import widgets
from kultur3.ui.context import current_programme, read, require_role, t
from kultur3.ui.dashboard import downloads

actor = require_role("admin_audit")
widgets.demo_banner(current_programme())
st.title(t("page.admin_audit"))
left, right = st.columns(2)
who = left.text_input(t("admin.username"), key="admin_audit.username", max_chars=60)
what = right.text_input(t("audit.action"), key="admin_audit.action", max_chars=60)
events = read(audit.list_events, actor=actor, username=who.strip().lower(), action=what.strip())
table = ui.audit_table(events)
st.dataframe(table, hide_index=True, key="admin_audit.table", width="stretch")
downloads("audit-log", {t("page.admin_audit"): table}, "admin_audit.download")
