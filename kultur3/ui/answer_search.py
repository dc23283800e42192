"""Widgets of the leaders' answers search."""

from __future__ import annotations

import streamlit as st

from kultur3.access.permissions import Actor
from kultur3.insight import answer_search
from kultur3.programme import catalogue
from kultur3.ui.context import cached_read, fmt_date, lang, t
from kultur3.ui.widgets import escape

PREFIX = "words"


def filters(actor: Actor, programme_id: int) -> answer_search.Search:
    """Search text, county, focus area, gathering, question and value area."""
    participants = cached_read(catalogue.participants, programme_id=programme_id, lang=lang())
    gatherings = {g.id: f"{g.title} ({fmt_date(g.held_on)})" for g in reversed(cached_read(
        catalogue.gatherings_for, programme_id=programme_id))}
    frame = cached_read(catalogue.framework_view, programme_id=programme_id, lang=lang())
    st.text_input(t("words.search"), max_chars=100, key=f"{PREFIX}.query",
                  placeholder=t("words.search_placeholder"))
    a, b, c = st.columns(3)
    counties = a.multiselect(t("common.county"), sorted({p.county for p in participants}),
                             key=f"{PREFIX}.counties", placeholder=t("words.all"))
    focus = b.selectbox(t("common.focus_area"),
                        ["", *sorted({p.focus_area for p in participants if p.focus_area})],
                        format_func=lambda f: f or t("words.all"), key=f"{PREFIX}.focus")
    gathering = c.selectbox(t("common.gathering"), [0, *gatherings],
                            format_func=lambda g: gatherings.get(g, t("words.all")),
                            key=f"{PREFIX}.gathering")
    a, b = st.columns(2)
    questions = {q.number: f"{q.number}. {q.text}" for q in frame.questions}
    question = a.selectbox(t("framework.question"), [0, *questions],
                           format_func=lambda n: questions.get(n, t("words.all")),
                           key=f"{PREFIX}.question")
    areas = {area.id: area.label for area in frame.areas}
    area = b.selectbox(t("common.value_area"), [0, *areas],
                       format_func=lambda i: areas.get(i, t("words.all")), key=f"{PREFIX}.area")
    return answer_search.Search(query=st.session_state.get(f"{PREFIX}.query", ""),
                        counties=tuple(counties), focus_area=focus or "",
                        gathering_id=gathering or None, question_number=question or None,
                        value_area_id=area or None)


def results(hits: list[answer_search.AnswerHit], total: int) -> None:
    """Each answer with who wrote it, where and when (user text escaped)."""
    st.caption(t("words.count", n=total) + (" " + t("words.first", n=len(hits))
                                              if total > len(hits) else ""))
    if not hits:
        st.info(t("words.none"))
    for i, hit in enumerate(hits):
        with st.container(border=True, key=f"{PREFIX}.hit_{i}"):
            area = f" · {escape(hit.value_area)}" if hit.value_area else ""
            st.markdown(f"**{escape(hit.municipality)}** · {escape(hit.county)} · "
                        f"{escape(hit.focus_area) or '–'}")
            st.caption(f"{hit.question_number}. {escape(hit.question)}{area} · "
                       f"{escape(hit.gathering)} ({fmt_date(hit.held_on)})")
            st.markdown(escape(hit.text))
