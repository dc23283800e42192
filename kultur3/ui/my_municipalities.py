"""«Mine kommuner»: the adviser's municipalities as one table, every figure a link to what it
counts; for an admin, any adviser's list and the municipalities nobody follows."""

from __future__ import annotations

from html import escape as html_escape
from urllib.parse import urlencode

import streamlit as st

from kultur3.access.permissions import Actor
from kultur3.insight import adviser_home
from kultur3.insight.adviser_home import FollowedMunicipality
from kultur3.models import Role
from kultur3.programme import advisers
from kultur3.ui.context import cached_read, fmt_date, t
from kultur3.ui.nav import URL_PATHS
from kultur3.ui.widgets import escape as md_escape

# A log entry's first words: one line at 1280 px beside the menu.
LOG_CHARS = 100


def escape(text: str) -> str:
    """User text inside the list's HTML: shown exactly as typed."""
    return html_escape(text, quote=True)


def link(page: str, number: str, text: str, **params: str) -> str:
    """A link to a page with the municipality chosen (widgets.choose_municipality reads
    ?kommune=), opened in the same tab: st.markdown gives every link target=_blank, and an
    adviser going through six municipalities ended with six tabs. The login is a cookie, so
    the page it opens is logged in."""
    query = urlencode({"kommune": number, **params})
    return (f'<a href="/{URL_PATHS[page]}?{escape(query)}">'
            f"{escape(text)}</a>")


def _actions(row: FollowedMunicipality) -> str:
    """The open actions to ask about, each count a link to the action plan filtered to
    them (vis = forfalt | snart | stille); «–» when there are none."""
    parts = [link("action_plan", row.number, t(key, n=n), vis=vis)
             for n, key, vis in ((row.overdue, "adviser.n_overdue", "forfalt"),
                                 (row.due_soon, "adviser.n_soon", "snart"),
                                 (row.stalled, "adviser.n_stalled", "stille")) if n]
    return ", ".join(parts) if parts else "–"


def _last(row: FollowedMunicipality) -> str:
    if row.last_activity is None:
        return escape(t("adviser.never"))
    since = t("adviser.today") if row.days_since == 0 else t("adviser.days_ago", n=row.days_since)
    return link("group_home", row.number, f"{fmt_date(row.last_activity)} ({since})")


def _log(row: FollowedMunicipality) -> str:
    if not row.last_log_text:
        return "–"
    text = " ".join(row.last_log_text.split())
    short = text if len(text) <= LOG_CHARS else text[:LOG_CHARS - 1].rstrip() + "…"
    return f"{fmt_date(row.last_log_on)}: {escape(short)}"


def _why(row: FollowedMunicipality) -> str:
    if not row.reasons:
        return escape(t("adviser.all_well"))
    words = [t(r.key, n=r.n) for r in row.reasons]
    return (f"<strong>{escape(words[0])}</strong>"  # the weightiest first
            + "".join(f"; {escape(w)}" for w in words[1:]))


def table(rows: tuple[FollowedMunicipality, ...]) -> None:
    """One numbered list in one HTML element (40 containers of links were 200 elements),
    three lines a municipality. A nine-column table did not fit beside the menu at 1280 px,
    and with seven its narrow cells wrapped each row to 200 px: one municipality a screen."""
    items = []
    for r in rows:
        anchoring = (link("anchoring", r.number, t(
            "anchoring.count", anchored=r.anchored, total=r.anchoring_total))
            if r.anchoring_total else escape(t("adviser.no_anchoring")))
        upcoming = (f"{fmt_date(r.next_gathering_on)} {escape(r.next_gathering)}"
                    if r.next_gathering else "–")
        facts = " · ".join([f"{escape(t('adviser.col_last'))}: {_last(r)}",
                            f"{escape(t('adviser.col_actions'))}: {_actions(r)}",
                            f"{escape(t('anchoring.heading'))}: {anchoring}",
                            f"{escape(t('adviser.col_next'))}: {upcoming}"])
        items.append(f"<li><strong>{escape(r.name)} ({r.number})</strong> — {_why(r)}<br>"
                     f"{facts}<br>{escape(t('adviser.col_log'))}: {_log(r)}</li>")
    st.html(f'<ol class="k3-mine">{"".join(items)}</ol>')


def adviser_view(actor: Actor, programme_id: int) -> None:
    """The actor's own municipalities."""
    home = cached_read(adviser_home.adviser_home, actor=actor, programme_id=programme_id)
    if not home.rows:
        st.info(t("adviser.none"))
        return
    st.caption(t("adviser.caption"))
    table(home.rows)


def admin_view(actor: Actor, programme_id: int) -> None:
    """Any adviser's list (picked), and the municipalities without one."""
    plan = cached_read(advisers.adviser_plan, actor=actor, programme_id=programme_id)
    if not plan.candidates:
        st.info(t("adviser.no_advisers"))
    else:
        names = {a.user_id: f"{a.name} ({a.username})" for a in plan.candidates}
        assigned = {a.user_id for a in plan.advising()}
        order = sorted(names, key=lambda uid: (uid not in assigned, names[uid].casefold()))
        chosen = st.selectbox(t("adviser.pick"), order, format_func=names.get,
                              key="my_municipalities.adviser")
        home = cached_read(adviser_home.adviser_home, actor=actor, programme_id=programme_id,
                           adviser_id=chosen)
        if home.rows:
            table(home.rows)
        else:
            st.info(t("adviser.none_for"))
    st.header(t("adviser.unassigned_heading"))
    free = plan.unassigned()
    if not free:
        st.caption(t("adviser.unassigned_none"))
    else:
        st.markdown(", ".join(f"{md_escape(m.name)} ({m.number})" for m in free))


def page(actor: Actor, programme_id: int) -> None:
    if actor.role == Role.ADMIN:
        admin_view(actor, programme_id)
    else:
        adviser_view(actor, programme_id)
