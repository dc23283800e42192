"""The sector view as a table: value area × bin (the culture school, its partners), current
(desired) medians, and in words which bin is hidden and why."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kultur3.insight.sectors import MIN_PER_SECTOR, SectorSplit
from kultur3.models import Sector, sector_label
from kultur3.ui.context import fmt_num, lang, t

OPTIONS = ("", *(s.value for s in Sector))  # "": not given


def label(value: str | None) -> str:
    """A member's sector as shown in a list (text typed before the list, as it was typed)."""
    return sector_label(value, lang())


def select(container, key: str, value: str = "") -> None:
    """The sector picked from the list (kultur3/models/sectors.py)."""
    options = list(OPTIONS)
    if value and value not in options:  # text from before the list: kept until changed
        options.append(value)
    container.selectbox(t("common.sector"), options, index=options.index(value or ""),
                        format_func=lambda v: label(v) or t("sector.not_given"), key=key)


def split_table(split: SectorSplit, *, key: str) -> None:
    """Each shown bin's median current score (desired in brackets) per value area."""
    st.caption(t("sectors.bins_caption", n=MIN_PER_SECTOR))
    if split.sectors:
        frame = pd.DataFrame(split.rows, columns=["area", "bin", "desired", "current"])
        frame["cell"] = [f"{fmt_num(c)} ({fmt_num(d)})" for d, c in
                         zip(frame["desired"], frame["current"], strict=True)]
        table = frame.pivot(index="area", columns="bin", values="cell")
        table = table.reindex(index=list(dict.fromkeys(frame["area"])),
                              columns=[b for b, _ in split.sectors])
        table.columns = [f"{t(f'sectors.bin_{b}')} (n={n})" for b, n in split.sectors]
        table.index.name = t("common.value_area")
        st.dataframe(table, key=key, width="stretch")
    for b, n in split.hidden:
        name = t(f"sectors.bin_{b}")
        st.info(t("sectors.bin_hidden", bin=name, n=n, min=MIN_PER_SECTOR) if n
                else t("sectors.bin_empty", bin=name))
    if split.unstated:
        st.caption(t("sectors.unstated", n=split.unstated))
