"""Joining a gathering by a code: a table card's code joins its municipality at once; the
room code (from the projector) asks which municipality."""

import streamlit as st

from kultur3.core.errors import Kultur3Error
from kultur3.live import joining
from kultur3.ui import feedback, keys, privacy, research
from kultur3.ui.context import client_id, lang, read, require_role, t
from kultur3.ui.live.device import device_id, previous_key
from kultur3.ui.widgets import escape

actor = require_role("join", visitors=True)  # a logged-in group goes on to its own page


def _stop() -> None:
    """End the page here, with the privacy notice's link (the visitor gave a code, and the
    footer leaves the link to this page: kultur3/ui/guides.OWN_PRIVACY_LINK)."""
    privacy.link()
    st.stop()


st.title(t("page.join"))
if keys.CODE_PARAM in st.query_params and "join.code" not in st.session_state:
    st.session_state["join.code"] = st.query_params[keys.CODE_PARAM]
code = st.text_input(t("live.code"), key="join.code", max_chars=12,
                     placeholder="ABC123").strip()
if not code:
    st.caption(t("live.code_help"))
    # Enter sends the code; a phone's reader also looks for a button (the field's value goes
    # with the click, as the field is left).
    st.button(t("live.code_go"), key="join.code_go", type="primary")
    _stop()
try:
    info = read(joining.find_by_code, code=code, client=client_id(), device=device_id())
except Kultur3Error as exc:  # too many unknown codes from this client
    feedback.show_error(exc)
    _stop()
if info is None:
    st.error(t("live.unknown_code"))
    _stop()

if actor is not None:  # a logged-in group: straight to its page for this gathering
    st.switch_page("pages/live_group.py",
                   query_params={keys.GATHERING_PARAM: str(info.gathering_id)})

st.header(escape(info.title))
if not info.open:
    st.warning(t(info.closed_key))
    st.session_state[keys.PENDING_CODE] = joining.normalise_code(code)
    st.page_link("pages/login.py", label=t("login.go_to_login"))
    _stop()


def _join(municipality_id: int | None = None, consent: bool = False) -> None:
    joined = feedback.act(joining.join, code=code, municipality_id=municipality_id,
                          client=client_id(), device=device_id(), previous_key=previous_key(),
                          research_consent=consent, lang=lang(),
                          research_shown=(info.research_partner, info.research_purpose))
    if not joined.ok:
        feedback.show()  # this runs in the page: say why here
        _stop()
    st.switch_page("pages/live_group.py", query_params={keys.PARTICIPANT_PARAM: joined.value})


if info.municipality_id is not None and not info.research_partner:
    _join()  # a table card: no list, no extra tap (unless there is a question to ask)
names = {name: mid for mid, name in info.municipalities}
choice = None
if info.municipality_id is None:
    choice = st.selectbox(t("live.pick_municipality"), list(names), index=None,
                          key="join.municipality", placeholder=t("common.choose"))
consent = research.consent_question(info.research_partner, info.research_purpose,
                                    key="join.research")
st.caption(t("live.join_privacy"))
privacy.link()
if st.button(t("live.join"), key="join.submit", type="primary",
             disabled=choice is None and info.municipality_id is None):
    _join(names[choice] if choice is not None else None, consent)
