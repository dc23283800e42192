"""«Neste samling» on the group's home: when and where, the preparation task with its tick,
and the group's open actions due before it."""

from __future__ import annotations

import streamlit as st

from kultur3.access.permissions import Actor
from kultur3.core import clock
from kultur3.group import preparation
from kultur3.ui import gathering_edit, keys
from kultur3.ui.context import cached_read, fmt_date, t
from kultur3.ui.feedback import act
from kultur3.ui.widgets import escape


def show(actor: Actor, programme_id: int, municipality_id: int) -> None:
    nxt = cached_read(preparation.next_gathering, actor=actor, programme_id=programme_id,
                      municipality_id=municipality_id)
    today = nxt is not None and nxt.held_on == clock.today()
    with st.container(border=True, key="group_home.next"):
        # On the day it is today's gathering, not the next one, with the way to its screen.
        st.header(t("next.heading_today" if today else "next.heading"))
        if nxt is None:
            st.caption(t("next.none"))
            return
        st.markdown(f"**{escape(nxt.title)}** · {t(f'kind.{nxt.kind}')}  \n"
                    f"{gathering_edit.when(nxt)}")
        if today:
            st.page_link("pages/live_group.py", label=t("next.to_live"),
                         query_params={keys.GATHERING_PARAM: str(nxt.id)})
        line = gathering_edit.where(nxt)
        if line:
            st.markdown(line)
        if nxt.prep_task:
            _task(actor, programme_id, municipality_id, nxt)
        _due(nxt)


def _task(actor: Actor, programme_id: int, municipality_id: int, nxt) -> None:
    done = nxt.prep_done
    text, button = st.columns([3, 1], vertical_alignment="center")
    text.markdown(f"{t('next.prep')}: **{escape(nxt.prep_task)}**"
                  + (f" · ✓ {t('next.prep_done')}" if done else ""))
    button.button(t("next.undo" if done else "next.tick"), key="group_home.next.tick",
                  type="secondary" if done else "primary", on_click=lambda: act(
                      preparation.tick_preparation, ok=None, actor=actor,
                      programme_id=programme_id, municipality_id=municipality_id,
                      gathering_id=nxt.id, done=not done))


def _due(nxt) -> None:
    if not nxt.due:
        st.caption(t("next.no_due"))
        return
    st.markdown(t("next.due", n=len(nxt.due)))
    st.markdown("\n".join(
        f"- {escape(a.title)} · {t('next.deadline')} {fmt_date(a.deadline)}"
        + (f" · **{t('next.overdue')}**" if a.overdue else "") for a in nxt.due))
    st.page_link("pages/action_plan.py", label=t("next.to_plan"))
