"""Research use on screen (issue 24 §4): the consent question (invitation, joining by code,
«Min konto»), the admin's research partner form and the research export's download."""

from __future__ import annotations

import streamlit as st

from kultur3.access.permissions import Actor
from kultur3.privacy import research_export
from kultur3.programme import research
from kultur3.ui.context import lang, read, t
from kultur3.ui.feedback import act, show
from kultur3.ui.widgets import escape


def consent_question(partner: str, purpose: str, *, key: str) -> bool:
    """The question as a checkbox, unticked (consent is never the default); nothing when the
    programme has no research partner. The label is the text stored with the answer
    (research.consent_text), escaped here for Markdown only."""
    if not partner:
        return False
    return st.checkbox(escape(t("research.consent_text", partner=partner, purpose=purpose)),
                       value=False, key=key)


def consent_panel(actor: Actor) -> None:
    """«Samtykke til forskning» on /min-konto: one toggle per programme with a partner."""
    if actor.user_id is None:
        return
    mine = read(research.my_consents, actor=actor)
    if not mine:
        return
    st.header(t("research.account_heading"))
    for c in mine:
        st.markdown(f"**{escape(c.programme)}**")
        st.caption(escape(t("research.consent_text", partner=c.partner, purpose=c.purpose)))
        st.toggle(t("research.consent_toggle"), value=c.given,
                  key=f"account.research.{c.programme_id}", on_change=_set,
                  args=(actor, c.programme_id))
    show()


def _set(actor: Actor, programme_id: int) -> None:
    given = bool(st.session_state.get(f"account.research.{programme_id}"))
    act(research.set_my_consent, ok="research.given" if given else "research.withdrawn",
        actor=actor, programme_id=programme_id, given=given, lang=lang())


def partner_form(actor: Actor, programme_id: int) -> None:
    """The admin's «Forskningspartner»: partner and purpose (the key is made, never shown)."""
    now = read(research.research_settings, actor=actor, programme_id=programme_id)
    st.caption(t("research.settings_help"))
    with st.form("research.partner_form"):
        st.text_input(t("research.partner"), value=now.partner, max_chars=240,
                      key="research.partner")
        st.text_area(t("research.purpose"), value=now.purpose, max_chars=2000,
                     key="research.purpose")
        saved = st.form_submit_button(t("research.save"), key="research.save")
    if saved:
        get = st.session_state.get
        act(research.set_research_partner, ok="research.saved", actor=actor,
            programme_id=programme_id, partner=get("research.partner", ""),
            purpose=get("research.purpose", ""))
    show()


def export_panel(actor: Actor, programme_id: int, slug: str) -> None:
    """Make the package (audited: who took which programme's data, when), then download it."""
    st.markdown(t("research.export_help"))
    if st.button(t("research.make"), key="research.make", type="primary"):
        made = act(research_export.research_zip, actor=actor, programme_id=programme_id)
        if made.ok:
            st.session_state["research.zip"] = (programme_id, made.value)
    show()
    ready = st.session_state.get("research.zip")
    if ready and ready[0] == programme_id:
        st.download_button(t("research.download"), ready[1], f"forskning-{slug}.zip",
                           "application/zip", key="research.download", on_click="ignore")
