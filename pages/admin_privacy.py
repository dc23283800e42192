"""Admin: find one person's data, export it, or erase it (typed confirmation)."""

import json

import streamlit as st

from kultur3.core.errors import Kultur3Error
from kultur3.privacy import personal_data
from kultur3.ui import feedback, widgets
from kultur3.ui.admin import erase_person
from kultur3.ui.context import current_programme, read, require_role, t
from kultur3.ui.privacy import controller_form

actor = require_role("admin_privacy")
widgets.demo_banner(current_programme())
st.title(t("page.admin_privacy"))
st.caption(t("privacy.help"))
query = st.text_input(t("privacy.search"), key="admin_privacy.query", max_chars=60)
if len(query.strip()) >= 2:
    try:
        people = read(personal_data.find_people, actor=actor, query=query)
    except Kultur3Error as exc:
        feedback.show_error(exc)
        st.stop()
    labels = {f"{p.label} – {p.municipality or '–'}": p for p in people}
    choice = st.selectbox(t("privacy.person"), list(labels), index=None,
                          key="admin_privacy.person", placeholder=t("common.choose"))
    if choice:
        person = labels[choice]
        data = read(personal_data.export_person, actor=actor, kind=person.kind, person_id=person.id)
        st.download_button(t("privacy.export"), json.dumps(data, ensure_ascii=False, indent=2,
                                                           default=str),
                           f"kultur3-{person.kind}-{person.id}.json", "application/json",
                           key="admin_privacy.export", on_click="ignore")
        erase_person(actor, person)
controller_form(actor)
feedback.show()
