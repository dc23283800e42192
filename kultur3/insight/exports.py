"""CSV and Excel downloads of the data behind a view. Text cells that a spreadsheet would run
as a formula get a leading apostrophe, so exports are inert."""

from __future__ import annotations

import io

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy where every text cell (and column name) is safe to open in a spreadsheet."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(_inert)
    out.columns = [_inert(str(c)) for c in out.columns]
    return out


def to_csv(frame: pd.DataFrame) -> bytes:
    """Semicolon-separated UTF-8 with BOM and a decimal comma: what Norwegian Excel opens
    without a wizard (with a decimal point it read «2.125» as text, or as a date)."""
    return neutralise(frame).to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")


def to_excel(sheets: dict[str, pd.DataFrame]) -> bytes:
    """One workbook, a sheet per frame (names cut to Excel's 31 characters)."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            neutralise(frame).to_excel(writer, sheet_name=name[:31] or "data", index=False)
    return buf.getvalue()
