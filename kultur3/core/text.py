"""Text helpers with no UI dependency: escaping user text for markdown renderers."""

from __future__ import annotations

import re

# Everything CommonMark, GitHub-flavoured markdown and Streamlit's extras ($ for LaTeX,
# : for emoji shortcodes, ~ for strikethrough) treat as syntax.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=^])")


def escape_markdown(text: str | None) -> str:
    """Backslash-escape markdown and HTML syntax so the text renders exactly as typed."""
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", text or "")
    # A newline would start a new markdown block (a heading, a list); keep line breaks visible.
    return escaped.replace("\r\n", "\n").replace("\n", "  \n")
