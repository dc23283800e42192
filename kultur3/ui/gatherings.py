"""The facilitator's form to plan a gathering and set the status of one."""

from __future__ import annotations

from datetime import date

import streamlit as st

from kultur3 import gatherings
from kultur3.models import GatheringKind, GatheringStatus
from kultur3.permissions import Actor
from kultur3.ui.admin import run_action
from kultur3.ui.context import t


def plan_form(actor: Actor, programme_id: int, participants) -> None:
    """Type, title, date, digital or not, and the municipality for a local one."""
    munis = {f"{p.name} ({p.number})": p.number for p in participants}
    with st.form("facilitator_home.plan"):
        st.selectbox(t("gatherings.kind"), [k.value for k in GatheringKind],
                     format_func=lambda k: t(f"kind.{k}"), key="facilitator_home.plan.kind")
        st.text_input(t("gatherings.title"), max_chars=200, key="facilitator_home.plan.title")
        st.date_input(t("common.date"), value=date.today(), format="DD.MM.YYYY",
                      key="facilitator_home.plan.date")
        st.checkbox(t("gatherings.digital"), key="facilitator_home.plan.digital")
        st.selectbox(t("gatherings.municipality"), ["", *munis],
                     key="facilitator_home.plan.muni")
        st.form_submit_button(t("gatherings.create"), key="facilitator_home.plan.submit",
                              on_click=lambda: run_action(
                                  gatherings.create_gathering, "admin.saved", actor=actor,
                                  programme_id=programme_id,
                                  kind=st.session_state["facilitator_home.plan.kind"],
                                  title=st.session_state["facilitator_home.plan.title"],
                                  held_on=st.session_state["facilitator_home.plan.date"],
                                  is_digital=st.session_state["facilitator_home.plan.digital"],
                                  municipality_number=munis.get(
                                      st.session_state["facilitator_home.plan.muni"])))


def status_control(actor: Actor, gathering_id: int, status: str) -> None:
    """One gathering's status, changed in place."""
    options = [s.value for s in GatheringStatus]
    key = f"facilitator_home.status_{gathering_id}"
    st.session_state[key] = status
    st.selectbox(t("common.status"), options, format_func=lambda s: t(f"status.{s}"), key=key,
                 on_change=lambda: run_action(gatherings.set_status, "admin.saved", actor=actor,
                                              gathering_id=gathering_id,
                                              status=st.session_state[key]))
