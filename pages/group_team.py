"""The group's own page: members (managed by the coordinator), focus area and the
development project (edited by every member)."""

import streamlit as st

from kultur3.core.errors import Kultur3Error
from kultur3.group import invitation_list, team
from kultur3.models import CommentTarget, Role
from kultur3.ui import comments as comments_ui
from kultur3.ui import feedback, invites, widgets
from kultur3.ui import groups as groups_ui
from kultur3.ui import team as ui
from kultur3.ui.context import cached_read, require_programme, require_role, t

actor = require_role("group_team")
programme = require_programme()
widgets.demo_banner(programme)
municipality_id = widgets.choose_municipality(actor, programme.id, "group_team.municipality")
try:
    view = cached_read(team.team_view, actor=actor, programme_id=programme.id,
                       municipality_id=municipality_id)
except Kultur3Error as exc:
    feedback.show_error(exc)
    st.stop()

st.title(t("team.heading", name=widgets.escape(view.municipality_name)))
opened = comments_ui.open_group(actor, programme.id, municipality_id, CommentTarget.PROJECT)
feedback.show()
ui.lost_texts()
members, project = st.tabs([t("team.members_tab"), t("team.project_tab")])
with members:
    ui.composition(view)
    ui.members_table(view)
    if view.can_manage:
        ui.edit_member(actor, view)
        with st.expander(t("invite.member_heading")):
            invites.invite_form(actor, "group_team.invite", roles=[Role.GROUP],
                                programme_id=programme.id, programme_name=programme.name,
                                municipality_id=municipality_id)
        groups_ui.pending_table(cached_read(invitation_list.pending, actor=actor,
                                            programme_id=programme.id,
                                            municipality_id=municipality_id))
    else:
        st.caption(t("team.only_coordinator"))
with project:
    if view.can_manage:
        groups_ui.focus_form(actor, programme.id, view.number, prefix="group_team",
                             current=view.focus_key, current_text=view.focus_text)
    ui.project_form(actor, programme.id, municipality_id, view)
    comments_ui.thread(opened, CommentTarget.PROJECT)
