"""Widgets for editing a programme's value areas and questions."""

from __future__ import annotations

import streamlit as st

from kultur3.access.permissions import Actor
from kultur3.core.i18n import LANG_NAMES, LANGS
from kultur3.models import STATEMENT_MAX
from kultur3.programme import framework_edit
from kultur3.programme.template_texts import SURVEY_STATEMENTS
from kultur3.programme.templates import localized
from kultur3.ui.context import lang, t
from kultur3.ui.feedback import act


def areas_editor(actor: Actor, programme_id: int, areas) -> None:
    """Pick an area; rename it per language, move it, retire or restore it; or add one."""
    labels = {f"{i}. {localized(a.names, lang())}"
              + (f" ({t('framework.retired')})" if a.retired else ""): a
              for i, a in enumerate(areas, start=1)}
    choice = st.selectbox(t("common.value_area"), list(labels), index=None,
                          key="admin_programme.area", placeholder=t("common.choose"))
    if choice:
        area = labels[choice]
        _names_form("admin_programme.rename", area.names, t("plan.save"),
                    lambda names: act(framework_edit.rename_value_area, ok="admin.saved",
                                             actor=actor, area_id=area.id, names=names))
        up, down, retire = st.columns(3)
        up.button(t("framework.up"), key="admin_programme.up", on_click=act,
                  args=(framework_edit.move_value_area,),
                  kwargs={"ok": "admin.saved", "actor": actor, "area_id": area.id, "step": -1})
        down.button(t("framework.down"), key="admin_programme.down", on_click=act,
                    args=(framework_edit.move_value_area,),
                    kwargs={"ok": "admin.saved", "actor": actor, "area_id": area.id, "step": 1})
        retire.button(t("framework.restore" if area.retired else "framework.retire"),
                      key="admin_programme.retire", on_click=act,
                      args=(framework_edit.set_retired,),
                      kwargs={"ok": "admin.saved", "actor": actor, "area_id": area.id,
                              "retired": not area.retired})
        st.caption(t("framework.retire_help"))
        with st.expander(t("framework.texts")):
            _texts_form(actor, area)
    st.header(t("framework.add"))
    _names_form("admin_programme.add", {}, t("framework.add"),
                lambda names: act(framework_edit.add_value_area, ok="admin.saved",
                                         actor=actor, programme_id=programme_id, names=names))


LEVELS = ("1", "2", "3", "4", "5")


def _texts_form(actor: Actor, area) -> None:
    """The area's description and what each level 1-5 looks like, one tab per language."""
    key = f"admin_programme.texts{area.id}"
    with st.form(key):
        for code, tab in zip(LANGS, st.tabs([LANG_NAMES[c] for c in LANGS]), strict=True):
            tab.text_area(t("framework.description"), value=area.descriptions.get(code, ""),
                          max_chars=400, height=70, key=f"{key}.desc.{code}")
            for level in LEVELS:
                tab.text_area(t(f"framework.level_{level}"),
                              value=area.level_texts.get(level, {}).get(code, ""),
                              max_chars=400, height=70, key=f"{key}.{level}.{code}")
            tab.text_area(t("framework.survey_statement"),
                          value=area.survey_statements.get(code)  # else what surveys use
                          or SURVEY_STATEMENTS.get(area.key, {}).get(code, ""),
                          max_chars=STATEMENT_MAX,
                          height=70, key=f"{key}.survey.{code}")
        st.form_submit_button(t("plan.save"), key=f"{key}.submit", on_click=lambda: act(
            framework_edit.set_area_texts, ok="admin.saved", actor=actor, area_id=area.id,
            descriptions={c: st.session_state.get(f"{key}.desc.{c}", "") for c in LANGS},
            level_texts={lv: {c: st.session_state.get(f"{key}.{lv}.{c}", "") for c in LANGS}
                         for lv in LEVELS},
            survey_statements={c: st.session_state.get(f"{key}.survey.{c}", "") for c in LANGS}))


def _names_form(key: str, current: dict, submit: str, save) -> None:
    with st.form(key):
        for code in LANGS:
            st.text_input(LANG_NAMES[code], value=current.get(code, ""), max_chars=120,
                          key=f"{key}.{code}")
        st.form_submit_button(submit, key=f"{key}.submit", on_click=lambda: save(
            {code: st.session_state.get(f"{key}.{code}", "") for code in LANGS}))


def question_editor(actor: Actor, questions) -> None:
    """The wording and help text of one question, per language."""
    labels = {f"{q.number}. {localized(q.texts, lang())}": q for q in questions}
    choice = st.selectbox(t("framework.question"), list(labels), index=None,
                          key="admin_programme.question", placeholder=t("common.choose"))
    if not choice:
        return
    q = labels[choice]
    key = f"admin_programme.q{q.id}"
    with st.form(key):
        for code in LANGS:
            st.text_area(f"{t('framework.wording')} – {LANG_NAMES[code]}",
                         value=q.texts.get(code, ""), max_chars=400, height=70,
                         key=f"{key}.text.{code}")
            st.text_input(f"{t('framework.help')} – {LANG_NAMES[code]}",
                          value=q.help_texts.get(code, ""), max_chars=400,
                          key=f"{key}.help.{code}")
        st.form_submit_button(t("plan.save"), key=f"{key}.submit", on_click=lambda: act(
            framework_edit.reword_question, ok="admin.saved", actor=actor, question_id=q.id,
            texts={c: st.session_state.get(f"{key}.text.{c}", "") for c in LANGS},
            help_texts={c: st.session_state.get(f"{key}.help.{c}", "") for c in LANGS}))
