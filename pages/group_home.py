"""A municipal group's home: who we are, our focus area, our latest gap radar."""

import streamlit as st

from kultur3.core.errors import Kultur3Error
from kultur3.group import anchoring
from kultur3.insight import overview
from kultur3.models import Role
from kultur3.ui import anchoring as anchoring_ui
from kultur3.ui import comments as comments_ui
from kultur3.ui import feedback, keys, next_gathering, widgets
from kultur3.ui import survey_results as surveys_ui
from kultur3.ui.context import (
    cached_read,
    fmt_date,
    lang,
    require_programme,
    require_role,
    t,
)

actor = require_role("group_home")
pending = st.session_state.pop(keys.PENDING_CODE, None)
if pending and actor.role == Role.GROUP:  # scanned a gathering's QR code, then logged in
    st.switch_page("pages/join.py", query_params={keys.CODE_PARAM: pending})
programme = require_programme()
widgets.demo_banner(programme)

municipality_id = widgets.choose_municipality(actor, programme.id, keys.GROUP_MUNICIPALITY)

try:
    home = cached_read(overview.group_home, actor=actor, programme_id=programme.id,
                       municipality_id=municipality_id, lang=lang())
except Kultur3Error as exc:
    feedback.show_error(exc)
    st.stop()

st.title(t("group.heading", name=widgets.escape(home.municipality_name)))
st.caption(f"{t('common.number')} {home.municipality_number} · {widgets.escape(home.county)} · "
           f"{t('common.focus_area')}: "
           f"{widgets.escape(home.focus_area) or t('common.not_available')}")
feedback.show()
next_gathering.show(actor, programme.id, municipality_id)

left, right = st.columns([3, 2], gap="large")
with left:
    if home.gaps:
        st.header(t("group.latest_radar", title=widgets.escape(home.gathering_title),
                       date=fmt_date(home.gathering_date)))
        found = surveys_ui.radar(actor, programme.id, municipality_id, home.gaps,
                                 key="group_home.radar")
        surveys_ui.details(found, home.gaps, key="group_home.surveys")
    else:
        st.info(t("group.no_scores"))
        surveys_ui.details(surveys_ui.read(actor, programme.id, municipality_id), [],
                           key="group_home.surveys")
    anchored = cached_read(anchoring.entries, actor=actor, programme_id=programme.id,
                           municipality_id=municipality_id)
    st.header(t("anchoring.heading"))
    high = anchoring.high_without_anchoring(home.gaps, anchoring.anchored(anchored))
    if high:
        st.warning(t("anchoring.high_without", areas=widgets.escape(", ".join(high))))
    st.caption(t("anchoring.summary", anchored=anchoring.anchored(anchored), total=len(anchored)))
    st.page_link("pages/anchoring.py", label=t("work.to_anchoring"))
    anchoring_ui.report_download(actor, programme, municipality_id, key="group_home.report")
with right:
    comments_ui.unread_block(actor, programme.id, municipality_id)
    st.header(t("group.members"))
    if home.members:
        st.dataframe(widgets.members_table(home.members), hide_index=True,
                     key="group_home.members")
    else:
        st.info(t("group.no_members"))
