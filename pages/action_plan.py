"""Between gatherings: «siden sist», the action plan board, and the log of local work."""


import streamlit as st

from kultur3.access.permissions import can_write_municipality, is_staff
from kultur3.group import action_edit, actions, followup, membership
from kultur3.models import CommentTarget
from kultur3.programme import catalogue
from kultur3.ui import action_edit as edit
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
mine = dict(actor=actor, programme_id=programme.id, municipality_id=municipality_id)
opened = comments_ui.open_group(actor, programme.id, municipality_id, CommentTarget.ACTION,
                                CommentTarget.LOG)

# A link that asks for some actions (?vis=) says so at the top, with «Vis alle».
wanted = plan.chosen_filter()
items = plan.filtered(cached_read(actions.list_actions, **mine, lang=lang()), wanted)
plan.filter_bar(wanted, len(items))
plan.since_last(cached_read(followup.since_last, **mine, lang=lang()))
st.header(t("actions.title"))  # «Tiltak»: the page's title is «Handlingsplan» already
areas = cached_read(catalogue.value_areas, programme_id=programme.id, include_retired=True)
members = cached_read(membership.members, **mine) if writable else []
if writable:
    edit.new_action_form(actor, programme.id, municipality_id, areas, members)
plan.board(actor, items, can_write=writable, notes=cached_read(action_edit.action_notes, **mine),
           areas=areas, members=members, movable=wanted is None, comments=opened)
if is_staff(actor):
    plan.removed(actor, cached_read(action_edit.removed_actions, **mine))

st.header(t("plan.log"))
st.caption(t("plan.log_help"))
if writable:
    plan.log_form(actor, programme.id, municipality_id)
plan.log_list(cached_read(actions.list_log, **mine), actor, can_write=writable, comments=opened)
