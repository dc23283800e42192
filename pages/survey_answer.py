"""Answering a group's survey without an account (/mening?u=TOKEN), in the survey's own
language: who asks and why with the privacy line, one statement per area on 1-5 with «Vet
ikke», the open question, and send. The survey route (kultur3/ui/web.py) gave the browser
its token first; a second answer from it is refused."""

import streamlit as st

from kultur3.core import clock
from kultur3.core.errors import Kultur3Error
from kultur3.core.i18n import t as t_in
from kultur3.core.text import escape_markdown
from kultur3.group import survey_answers
from kultur3.models import ANSWER_MAX
from kultur3.ui import feedback, keys
from kultur3.ui import surveys as surveys_ui
from kultur3.ui.context import client_id, read, require_role
from kultur3.ui.web import survey_url
from kultur3.ui.widgets import escape

require_role("survey_answer", visitors=True)
token = st.query_params.get(keys.SURVEY_PARAM, "")
device = surveys_ui.device_token()
DONE = f"survey_answer.done.{token}"
try:
    form = read(survey_answers.survey_form, token=token, device_token=device,
                today=clock.today())
except Kultur3Error as exc:  # no survey behind the link: still a page with its heading
    st.title(t_in("page.survey_answer", "nb"))
    st.error(t_in(exc.key or "survey.unknown_link", "nb"))
    st.stop()
L = form.lang


def tr(key: str, **params: object) -> str:
    return t_in(key, L, **params)


st.caption(escape(form.municipality))
st.title(escape(form.title))
st.markdown(tr("survey.intro_line"))
if st.session_state.get(DONE) or form.answered:
    st.success(tr("survey.thanks" if st.session_state.get(DONE) else "survey.already_answered"))
    st.stop()
if form.status != "open":
    st.info(tr(f"survey.is_{form.status}"))
    st.stop()
if not device:  # opened without the link's first step: take it, to get the token
    st.link_button(tr("survey.start"), survey_url("", token), type="primary",
                   key="survey_answer.start")
    st.caption(tr("survey.start_help"))
    st.stop()

SCALE = ["1", "2", "3", "4", "5", "x"]


def _label(option: str) -> str:
    return tr("survey.dont_know") if option == "x" else option


st.html(surveys_ui.SURVEY_CSS)
st.caption(tr("survey.scale_help"))
for area in form.areas:
    with st.container(key=f"survey_answer.area.{area.value_area_id}"):
        st.radio(escape(area.statement), SCALE, format_func=_label, index=None, horizontal=True,
                 key=f"survey_answer.a{area.value_area_id}")
if form.open_question:
    st.text_area(escape(form.open_question), max_chars=ANSWER_MAX, height=100,
                 key="survey_answer.open", placeholder=tr("survey.open_placeholder"))
if st.button(tr("survey.send"), key="survey_answer.submit", type="primary",
             use_container_width=True):
    picked = {a.value_area_id: st.session_state.get(f"survey_answer.a{a.value_area_id}")
              for a in form.areas}
    if any(v is None for v in picked.values()):
        st.error(tr("survey.answer_all"))
        st.stop()
    sent = feedback.attempt(
        survey_answers.answer_survey, token=token, device_token=device, client=client_id(),
        scores={k: None if v == "x" else int(v) for k, v in picked.items()},
        open_answer=st.session_state.get("survey_answer.open", ""), today=clock.today())
    if sent.ok:
        st.session_state[DONE] = True
        st.rerun()
    error: Kultur3Error = sent.error
    st.error(t_in(error.key, L, **{k: escape_markdown(v) if isinstance(v, str) and k != "field"
                                    else v for k, v in error.params.items()}))
