"""Between gatherings: «siden sist», the action plan board, and the log of local work."""


import streamlit as st

from kultur3.access.permissions import can_write_municipality
from kultur3.group import actions, followup
from kultur3.models import CommentTarget
from kultur3.ui import action_plan as plan
from kultur3.ui import comments as comments_ui
from kultur3.ui import widgets
from kultur3.ui.context import cached_read, lang, require_programme, require_role, t

actor = require_role("action_plan")
programme = require_programme()
widgets.demo_banner(programme)
st.title(t("page.action_plan"))

municipality_id = widgets.choose_municipality(actor, programme.id, "action_plan.municipality")
writable = can_write_municipality(actor, municipality_id)
comments_ui.open_group(actor, programme.id, municipality_id, CommentTarget.ACTION, CommentTarget.LOG)

plan.since_last(cached_read(followup.since_last, actor=actor, programme_id=programme.id,
                            municipality_id=municipality_id, lang=lang()))
st.subheader(t("page.action_plan"))
plan.board(actor, cached_read(actions.list_actions, actor=actor,
                              programme_id=programme.id,
                              municipality_id=municipality_id, lang=lang()), can_write=writable)

st.subheader(t("plan.log"))
st.caption(t("plan.log_help"))
if writable:
    plan.log_form(actor, programme.id, municipality_id)
plan.log_list(cached_read(actions.list_log, actor=actor, programme_id=programme.id,
                          municipality_id=municipality_id), actor, can_write=writable)
