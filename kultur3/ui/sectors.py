"""The sector split as a table: value area × sector, current (desired) medians."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kultur3.insight.sectors import MIN_PER_SECTOR, SectorSplit
from kultur3.ui.context import fmt_num, t


def split_table(split: SectorSplit, *, key: str) -> None:
    """Each shown sector's median current score (desired in brackets) per value area."""
    if not split.sectors:
        st.info(t("sectors.none", n=MIN_PER_SECTOR))
        return
    frame = pd.DataFrame(split.rows, columns=["area", "sector", "desired", "current"])
    frame["cell"] = [f"{fmt_num(c)} ({fmt_num(d)})" for d, c in
                     zip(frame["desired"], frame["current"], strict=True)]
    table = frame.pivot(index="area", columns="sector", values="cell")
    table = table.reindex(index=list(dict.fromkeys(frame["area"])))
    table.columns = [f"{s} (n={n})" for s, n in split.sectors]
    table.index.name = t("common.value_area")
    st.dataframe(table, key=key, width="stretch")
    st.caption(t("sectors.caption", n=MIN_PER_SECTOR, hidden=split.hidden_people))
