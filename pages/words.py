"""Leaders read the groups' own words across the programme: search and filters."""

import streamlit as st

from kultur3.insight import answer_search
from kultur3.ui import answer_search as ui
from kultur3.ui import widgets
from kultur3.ui.context import cached_read, lang, require_programme, require_role, t

actor = require_role("words")
programme = require_programme()
widgets.demo_banner(programme)
st.title(t("words.heading"))
st.caption(t("words.help"))
search = ui.filters(actor, programme.id)
hits, total = cached_read(answer_search.search_answers, actor=actor, programme_id=programme.id,
                          search=search, lang=lang())
ui.results(hits, total)
