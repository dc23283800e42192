"""Admin home: what is in the database and who can log in."""

import pandas as pd
import streamlit as st

from kultur3.access import admin
from kultur3.ui import widgets
from kultur3.ui.context import cached_read, current_programme, require_role, t

actor = require_role("admin_home")
widgets.demo_banner(current_programme())
st.title(t("admin.heading"))

summary = cached_read(admin.admin_summary, actor=actor)
st.caption(t("admin.counts", programmes=summary.programmes, participants=summary.participants,
             users=len(summary.users)))
st.header(t("admin.users"))
st.dataframe(pd.DataFrame({
    t("admin.username"): [u.username for u in summary.users],
    t("common.name"): [u.display_name for u in summary.users],
    t("admin.role"): [t(f"role.{u.role}") for u in summary.users],
    t("common.municipality"): [u.municipality for u in summary.users],
    t("admin.active"): [u.active for u in summary.users],
}), hide_index=True, key="admin_home.users", width="stretch")
