"""The coordinator's survey page (/undersokelse): make a survey, share it (link, QR code,
A4 poster), close it early or delete it unanswered, and moderate its open answers."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pandas as pd
import streamlit as st

from kultur3.access.permissions import Actor
from kultur3.core import clock
from kultur3.core.errors import Kultur3Error
from kultur3.core.i18n import LANG_NAMES
from kultur3.core.i18n import t as t_in
from kultur3.group import survey_answers, surveys
from kultur3.insight import pdf
from kultur3.models import LANGS, NAME_MAX, STATEMENT_MAX, TITLE_MAX, SurveyAudience
from kultur3.programme import catalogue
from kultur3.programme.templates import localized
from kultur3.ui import feedback, keys
from kultur3.ui.chrome import stylesheet
from kultur3.ui.context import base_url, cached_read, fmt_date, lang, settings, t
from kultur3.ui.live.links import qr_png
from kultur3.ui.web import survey_url
from kultur3.ui.widgets import escape, table_height

SURVEY_CSS = "<style>" + stylesheet(Path(__file__).with_name("survey.css")).template + "</style>"
# A new survey is open for two weeks unless changed: long enough for a class that meets once
# a week to answer in two lessons.
DEFAULT_OPEN_DAYS = 14
K = "surveys"


def device_token() -> str:
    """This browser's survey token, from the cookie the survey route set ("" without one;
    st.context.cookies holds no string in AppTest)."""
    cookie = st.context.cookies.get(keys.SURVEY_COOKIE)
    return cookie if isinstance(cookie, str) else ""


def audience_label(row) -> str:
    if row.audience == SurveyAudience.CUSTOM:
        return row.audience_label
    return t(f"survey.audience.{row.audience.value}")


def survey_table(rows: list[surveys.SurveyRow]) -> None:
    if not rows:
        st.info(t("survey.none_yet"))
        return
    frame = pd.DataFrame({
        t("survey.title"): [r.title for r in rows],
        t("survey.audience"): [audience_label(r) for r in rows],
        t("survey.period"): [f"{fmt_date(r.opens_on)} – {fmt_date(r.closes_on)}" for r in rows],
        t("survey.status"): [t(f"survey.status.{r.status}") for r in rows],
        t("survey.responses"): [r.responses for r in rows]})
    st.dataframe(frame, hide_index=True, height=table_height(len(rows)), key=f"{K}.table")


def create_form(actor: Actor, programme_id: int, municipality_id: int) -> None:
    """Title, areas (statements prefilled in the chosen language, editable), audience,
    language, period and an optional open question: a survey in three minutes."""
    areas = cached_read(catalogue.value_areas, programme_id=programme_id)
    names = {a.id: localized(a.names, lang()) for a in areas}
    st.text_input(t("survey.title"), max_chars=TITLE_MAX, key=f"{K}.new.title")
    chosen = st.multiselect(t("survey.areas"), list(names), format_func=names.get,
                            key=f"{K}.new.areas", placeholder=t("common.choose"))
    left, right = st.columns(2)
    survey_lang = left.selectbox(t("survey.lang"), LANGS, format_func=LANG_NAMES.get,
                                 key=f"{K}.new.lang")
    audience = right.selectbox(t("survey.audience"), list(SurveyAudience),
                               format_func=lambda a: t(f"survey.audience.{a.value}"),
                               key=f"{K}.new.audience")
    if audience == SurveyAudience.CUSTOM:
        st.text_input(t("survey.audience_label"), max_chars=NAME_MAX,
                      key=f"{K}.new.audience_label")
    by_id = {a.id: a for a in areas}
    if chosen:
        st.caption(t("survey.statements_help"))
    for area_id in chosen:  # the key names the language: another language, fresh wording
        st.text_area(
            escape(names[area_id]), value=surveys.statement_for(by_id[area_id], survey_lang),
            max_chars=STATEMENT_MAX, height=68, key=f"{K}.new.statement.{area_id}.{survey_lang}")
    st.text_input(t("survey.open_question"), max_chars=STATEMENT_MAX, key=f"{K}.new.question",
                  help=t("survey.open_question_help"))
    today = clock.today()
    left, right = st.columns(2)
    left.date_input(t("survey.opens_on"), value=today, key=f"{K}.new.opens",
                    format="DD.MM.YYYY")
    right.date_input(t("survey.closes_on"), value=today + timedelta(
        days=DEFAULT_OPEN_DAYS), key=f"{K}.new.closes", format="DD.MM.YYYY")
    st.button(t("survey.create"), key=f"{K}.new.submit", type="primary",
              on_click=lambda: _create(actor, programme_id, municipality_id))


def _create(actor: Actor, programme_id: int, municipality_id: int) -> None:
    """The form's values, from the session state (a callback: the list shows the new survey
    in the same run)."""
    get = st.session_state.get
    opens, closes, survey_lang = get(f"{K}.new.opens"), get(f"{K}.new.closes"), get(
        f"{K}.new.lang")
    if not (opens and closes):
        feedback.flash("error", "survey.needs_dates")
        return
    chosen = tuple(get(f"{K}.new.areas") or ())
    feedback.act(surveys.create_survey, ok="survey.created", actor=actor,
                 programme_id=programme_id, municipality_id=municipality_id,
                 data=surveys.SurveyInput(
                     title=get(f"{K}.new.title", ""), value_area_ids=chosen,
                     audience=get(f"{K}.new.audience"), lang=survey_lang, opens_on=opens,
                     closes_on=closes, open_question=get(f"{K}.new.question", ""),
                     statements={a: get(f"{K}.new.statement.{a}.{survey_lang}", "")
                                 for a in chosen},
                     audience_label=get(f"{K}.new.audience_label", "")))


def _cached(fn, **kwargs) -> feedback.Outcome:
    """A read per survey, through the version-keyed cache: every rerun draws every survey's
    section (an expander runs its body closed too), so feedback.attempt cost two queries per
    survey per rerun; a refusal still comes back as an outcome to show."""
    try:
        return feedback.Outcome(value=cached_read(fn, **kwargs))
    except Kultur3Error as exc:
        return feedback.Outcome(error=exc)


def share(actor: Actor, row: surveys.SurveyRow) -> None:
    """The public link, its QR code and the A4 poster to print."""
    info = _cached(surveys.share_info, actor=actor, survey_id=row.id)
    if not info.ok:
        st.caption(t(info.error.key))
        return
    share = info.value
    url = survey_url(base_url(), share.token)
    st.caption(t("survey.share_help"))
    st.code(url, language=None)
    st.image(qr_png(url, scale=6), width=220)
    text = pdf.PosterText(
        municipality=share.municipality, title=share.title,
        purpose=t_in("survey.purpose", share.lang),
        scan=t_in("survey.poster_scan", share.lang), or_go=t_in("survey.poster_or", share.lang),
        privacy=t_in("survey.privacy_line", share.lang),
        demo_note=t("app.demo_banner") if settings().demo_mode else None)
    st.download_button(t("survey.poster"), data=lambda: pdf.survey_poster(text=text, url=url),
                       file_name=f"undersokelse-{row.id}.pdf", mime="application/pdf",
                       key=f"{K}.poster.{row.id}")


def manage(actor: Actor, row: surveys.SurveyRow) -> None:
    """One survey: share it, close it early, delete it while unanswered, its open answers."""
    st.markdown(t("survey.summary", audience=escape(audience_label(row)),
                  opens=fmt_date(row.opens_on), closes=fmt_date(row.closes_on),
                  status=t(f"survey.status.{row.status}"), responses=row.responses))
    share(actor, row)
    left, right = st.columns(2)
    if row.status != "closed":
        left.button(t("survey.close"), key=f"{K}.close.{row.id}", on_click=lambda: feedback.act(
            surveys.close_survey, ok="survey.closed_done", actor=actor, survey_id=row.id))
    if row.responses == 0:
        right.button(t("survey.delete"), key=f"{K}.delete.{row.id}",
                     on_click=lambda: feedback.act(surveys.delete_survey, ok="survey.deleted",
                                                   actor=actor, survey_id=row.id))
    moderation(actor, row)


def moderation(actor: Actor, row: surveys.SurveyRow) -> None:
    """The open answers, once there are SURVEY_MIN_RESPONSES responses; hide or show each."""
    got = _cached(survey_answers.open_answers, actor=actor, survey_id=row.id)
    if not got.ok or not got.value.question:
        return
    view = got.value
    st.markdown(f"**{escape(view.question)}**")
    if not view.shown:
        st.caption(t("survey.shown_from"))
        return
    if not view.answers:
        st.caption(t("survey.no_open_answers"))
    # Keyed by place in the list, not by the response's id: ids count up as answers arrive,
    # and a key is in the page's HTML.
    for place, answer in enumerate(view.answers):
        with st.container(border=True, key=f"{K}.answer.{row.id}.{place}"):
            if answer.hidden:
                st.caption(t("survey.hidden_mark"))
            st.markdown(escape(answer.text))
            st.button(t("survey.show" if answer.hidden else "survey.hide"),
                      key=f"{K}.hide.{row.id}.{place}",
                      on_click=lambda a=answer: feedback.act(
                          survey_answers.set_open_hidden, actor=actor,
                          response_id=a.response_id, hidden=not a.hidden))
