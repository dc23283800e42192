"""Widgets of the anchoring page and the read-only views of a municipality's work."""

from __future__ import annotations

from datetime import date

import streamlit as st

from kultur3.access.permissions import Actor
from kultur3.core import formatting
from kultur3.group import anchoring
from kultur3.group.anchoring import AnchoringInput, AnchoringView
from kultur3.insight import group_pdf, municipality_work
from kultur3.models import AnchoringKind, AnchoringStatus, Role
from kultur3.programme.catalogue import ProgrammeInfo
from kultur3.ui.context import fmt_date, lang, read, t
from kultur3.ui.feedback import act
from kultur3.ui.widgets import escape

KINDS = [k.value for k in AnchoringKind]
STATUSES = [s.value for s in AnchoringStatus]


def entry_card(e: AnchoringView) -> None:
    """One entry: what, where, status, and the leadership's word on it (user text escaped)."""
    with st.container(border=True, key=f"anchoring.entry_{e.id}"):
        st.markdown(f"**{escape(e.title)}**")
        facts = [t(f"anchoring.kind_{e.kind}"), t(f"anchoring.status_{e.status}")]
        if e.case_ref:
            facts.append(f"{t('anchoring.case_ref')} {escape(e.case_ref)}")
        if e.decided_on:
            facts.append(fmt_date(e.decided_on))
        if e.owner:
            facts.append(f"{t('report.owner')}: {escape(e.owner)}")
        if e.entered_by_staff:
            facts.append(t("workshop.score_by_staff"))
        st.caption(" · ".join(facts))
        if e.note:
            st.markdown(escape(e.note))
        if e.approved_by:
            # With the day it was approved; a Material icon, not «✅», which the projector's
            # and the test browser's fonts drew as an empty box (anchoring-1920x1080.png).
            when = f" · {fmt_date(formatting.local_date(e.approved_at))}" if e.approved_at else ""
            st.success(t("anchoring.approved_by", name=escape(e.approved_by)) + when,
                       icon=":material/check_circle:")
        if e.leader_comment:
            st.info(f"{t('anchoring.leader_comment')}: {escape(e.leader_comment)}")


def entries(items: list[AnchoringView]) -> None:
    if not items:
        st.info(t("anchoring.none"))
    for e in items:
        entry_card(e)


def _fields(prefix: str, current: AnchoringView | None) -> None:
    a, b = st.columns(2)
    a.selectbox(t("anchoring.kind"), KINDS, format_func=lambda k: t(f"anchoring.kind_{k}"),
                index=KINDS.index(current.kind) if current else 0, key=f"{prefix}.kind")
    b.selectbox(t("anchoring.status"), STATUSES, format_func=lambda s: t(f"anchoring.status_{s}"),
                index=STATUSES.index(current.status) if current else 0, key=f"{prefix}.status")
    st.text_input(t("anchoring.title"), value=current.title if current else "", max_chars=200,
                  key=f"{prefix}.title")
    a, b, c = st.columns(3)
    a.text_input(t("anchoring.case_ref"), value=current.case_ref if current else "",
                 max_chars=60, key=f"{prefix}.case_ref")
    b.date_input(t("anchoring.decided_on"), value=current.decided_on if current else None,
                 format="DD.MM.YYYY", key=f"{prefix}.decided_on")
    c.text_input(t("report.owner"), value=current.owner if current else "", max_chars=120,
                 key=f"{prefix}.owner")
    st.text_area(t("anchoring.note"), value=current.note if current else "", max_chars=4000,
                 height=80, key=f"{prefix}.note")


def _input(prefix: str) -> AnchoringInput:
    get = st.session_state.get
    decided = get(f"{prefix}.decided_on")
    return AnchoringInput(kind=AnchoringKind(get(f"{prefix}.kind")), title=get(f"{prefix}.title", ""),
                          case_ref=get(f"{prefix}.case_ref", ""),
                          decided_on=decided if isinstance(decided, date) else None,
                          status=AnchoringStatus(get(f"{prefix}.status")),
                          owner=get(f"{prefix}.owner", ""), note=get(f"{prefix}.note", ""))


def add_form(actor: Actor, programme_id: int, municipality_id: int) -> None:
    prefix = "anchoring.new"
    with st.form(prefix, clear_on_submit=True):
        _fields(prefix, None)
        st.form_submit_button(t("anchoring.add"), key=f"{prefix}.submit", type="primary",
                              on_click=lambda: act(
                                  anchoring.add_entry, ok="admin.saved", actor=actor,
                                  programme_id=programme_id, municipality_id=municipality_id,
                                  data=_input(prefix)))


def _pick(items: list[AnchoringView], key: str, label: str) -> AnchoringView | None:
    labels = {f"{e.title} ({t(f'anchoring.status_{e.status}')})": e for e in items}
    choice = st.selectbox(label, list(labels), index=None, key=key,
                          placeholder=t("common.choose"))
    return labels.get(choice) if choice else None


def edit_form(actor: Actor, items: list[AnchoringView]) -> None:
    """Change an entry (from the version shown) or remove it."""
    e = _pick(items, "anchoring.edit_pick", t("anchoring.edit"))
    if e is None:
        return
    prefix = f"anchoring.edit.{e.id}.v{e.version}"
    with st.form(prefix):
        _fields(prefix, e)
        st.form_submit_button(t("plan.save"), key="anchoring.edit.submit", on_click=lambda: act(
            anchoring.update_entry, ok="admin.saved", actor=actor, entry_id=e.id,
            base_version=e.version, data=_input(prefix)))
    st.button(t("anchoring.delete"), key="anchoring.delete", on_click=act,
              args=(anchoring.delete_entry,),
              kwargs={"ok": "admin.saved", "actor": actor, "entry_id": e.id})


def review_form(actor: Actor, items: list[AnchoringView]) -> None:
    """The municipality's leadership comments and approves."""
    e = _pick(items, "anchoring.review_pick", t("anchoring.review"))
    if e is None:
        return
    prefix = f"anchoring.review.{e.id}.v{e.version}"
    with st.form(prefix):
        st.text_area(t("anchoring.leader_comment"), value=e.leader_comment, max_chars=4000,
                     height=80, key=f"{prefix}.comment")
        st.checkbox(t("anchoring.approve"), value=bool(e.approved_by), key=f"{prefix}.approve")
        st.form_submit_button(t("anchoring.save_review"), key="anchoring.review.submit",
                              type="primary", on_click=lambda: act(
                                  anchoring.review, ok="admin.saved", actor=actor, entry_id=e.id,
                                  comment=st.session_state.get(f"{prefix}.comment", ""),
                                  approve=bool(st.session_state.get(f"{prefix}.approve"))))


def may_review(actor: Actor) -> bool:
    return actor.role in (Role.MUNICIPAL_LEADER, Role.ADMIN)


def report_download(actor: Actor, programme: ProgrammeInfo, municipality_id: int, *,
                    key: str) -> None:
    """The group's report to its leadership (PDF), made on request in the session's language."""
    made_key = f"{key}.pdf.{municipality_id}"
    if st.button(t("report.make"), key=f"{key}.make"):
        data = read(municipality_work.municipality_work, actor=actor, programme_id=programme.id,
                    municipality_id=municipality_id, lang=lang())
        st.session_state[made_key] = (data.municipality_name, group_pdf.build(
            data, programme=programme.name, is_demo=programme.is_demo, lang=lang()))
    made = st.session_state.get(made_key)
    if made:
        st.download_button(t("report.download", name=made[0]), made[1],
                           f"rapport-{made[0]}.pdf", "application/pdf", key=f"{key}.download",
                           on_click="ignore")
