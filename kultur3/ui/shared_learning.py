"""Widgets of the learning library and the learning partners."""

from __future__ import annotations

import streamlit as st

from kultur3.insight import shared_learning
from kultur3.programme import catalogue
from kultur3.ui.context import cached_read, fmt_date, fmt_num, lang, t
from kultur3.ui.widgets import escape


def partners(items: list[shared_learning.Partner]) -> None:
    """Who rates themselves highest where this group's gaps are largest."""
    st.header(t("library.partners_heading"))
    st.caption(t("library.partners_help"))
    if not items:
        st.info(t("library.no_partners"))
    for p in items:
        st.markdown(f"**{escape(p.value_area)}** ({t('common.gap').lower()} {fmt_num(p.gap)}): "
                    f"{escape(', '.join(p.partners))}")


def filters(programme_id: int) -> tuple[int | None, str]:
    frame = cached_read(catalogue.framework_view, programme_id=programme_id, lang=lang())
    areas = {a.id: a.label for a in frame.areas}
    focus = sorted({p.focus_area for p in cached_read(
        catalogue.participants, programme_id=programme_id, lang=lang()) if p.focus_area})
    a, b = st.columns(2)
    area = a.selectbox(t("common.value_area"), [0, *areas],
                       format_func=lambda i: areas.get(i, t("words.all")), key="library.area")
    chosen = b.selectbox(t("common.focus_area"), ["", *focus],
                         format_func=lambda f: f or t("words.all"), key="library.focus")
    return area or None, chosen or ""


def items(found: list[shared_learning.LibraryItem]) -> None:
    """Shared actions and log entries, the municipality named (user text escaped)."""
    if not found:
        st.info(t("library.none"))
    for i, item in enumerate(found):
        with st.container(border=True, key=f"library.item_{i}"):
            label = (t(f"action_status.{item.status}") if item.kind == "action"
                     else t(f"log.{item.status}"))
            kind = t("library.kind_action") if item.kind == "action" else t("library.kind_log")
            st.markdown(f"**{escape(item.municipality)}** · {kind} · {label}"
                        + (f" · {fmt_date(item.when)}" if item.when else ""))
            if item.title:
                st.markdown(f"**{escape(item.title)}**")
            if item.text:
                st.markdown(escape(item.text))
            meta = [escape(item.focus_area)] if item.focus_area else []
            meta += [escape(a) for a in item.value_areas]
            if meta:
                st.caption(" · ".join(meta))
