"""Admin and facilitators: enrol municipalities from the register, set each group's focus
area, advisers and coordinator, add or invite members, import a member list."""

import streamlit as st

from kultur3.group import invitation_list, membership
from kultur3.models import Role
from kultur3.programme import catalogue
from kultur3.ui import feedback, invites, widgets
from kultur3.ui import groups as ui
from kultur3.ui.context import cached_read, lang, require_programme, require_role, t

actor = require_role("admin_groups")
programme = require_programme()
widgets.demo_banner(programme)
st.title(t("page.admin_groups"))
feedback.show()

participants = cached_read(catalogue.participants, programme_id=programme.id, lang=lang())
with st.expander(t("groups.add_municipality"), expanded=not participants):
    ui.enrol_form(actor, programme.id, {p.number for p in participants})
number = ui.pick_participant(participants)
if number:
    chosen = next(p for p in participants if p.number == number)
    municipality_id = chosen.municipality_id
    people = cached_read(membership.members, actor=actor, programme_id=programme.id,
                         municipality_id=municipality_id)
    ui.focus_form(actor, programme.id, number, current=chosen.focus_key,
                  current_text=chosen.focus_text)
    ui.advisers_form(actor, programme.id, municipality_id)
    ui.coordinator_form(actor, people)
    ui.members(actor, programme.id, number, people)
    with st.expander(t("invite.group_or_leader_heading"), expanded=not people):
        invites.invite_form(actor, "admin_groups.invite",
                            roles=[Role.GROUP, Role.MUNICIPAL_LEADER],
                            programme_id=programme.id, programme_name=programme.name,
                            municipality_id=municipality_id, coordinator_choice=True)
    ui.import_form(actor, programme.id, number)
    ui.pending_table(cached_read(invitation_list.pending, actor=actor, programme_id=programme.id,
                                 municipality_id=municipality_id))
