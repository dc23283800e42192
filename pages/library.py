"""Learning across municipalities: what groups chose to share, and a group's learning
partners."""

import streamlit as st

from kultur3.insight import shared_learning
from kultur3.models import MUNICIPAL_ROLES
from kultur3.ui import shared_learning as ui
from kultur3.ui import widgets
from kultur3.ui.context import cached_read, lang, require_programme, require_role, t

actor = require_role("library")
programme = require_programme()
widgets.demo_banner(programme)
st.title(t("library.heading"))
if actor.role in MUNICIPAL_ROLES:
    ui.partners(cached_read(shared_learning.partners_for, actor=actor, programme_id=programme.id,
                            municipality_id=actor.municipality_id, lang=lang()))
st.header(t("library.shared_heading"))
value_area_id, focus_area = ui.filters(programme.id)
ui.items(cached_read(shared_learning.library, actor=actor, programme_id=programme.id,
                     value_area_id=value_area_id, focus_area=focus_area, lang=lang()))
