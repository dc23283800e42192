"""Every PDF the app makes, rendered to an image and kept beside the screenshots: the first
page of the group's report (Asker in bokmål, Sunnfjord in nynorsk), the municipality's
one-page report, the programme summary, the table cards and a survey's poster. The images
go to docs/screenshots/pdf-*.png so a reader looks at them as at the screens (issue 26 §5).
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2
import pytest
from pypdf import PdfReader
from sqlmodel import select

from kultur3.core.i18n import t
from kultur3.group import surveys
from kultur3.insight import dashboard, group_pdf, municipality_work, pdf
from kultur3.live import joining
from kultur3.models import Gathering, GatheringKind, Survey
from kultur3.programme import catalogue
from tests.conftest import actor_of, municipality_id
from tests.factories import ADMIN

SHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
# 100 dpi: an A4 page is 827 × 1169 px, every 7.5 pt label still readable when zoomed.
SCALE = 100 / 72


def _first_page(document: bytes, name: str) -> Path:
    """The document's first page as docs/screenshots/pdf-{name}.png."""
    doc = pypdfium2.PdfDocument(document)
    try:
        image = doc[0].render(scale=SCALE).to_pil()
    finally:
        doc.close()
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"pdf-{name}.png"
    image.save(path)
    return path


def _text(document: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(document)).pages)


@pytest.fixture
def programme(demo):
    return catalogue.list_programmes(session=demo)[0]


@pytest.mark.parametrize(("number", "lang"), [("3203", "nb"), ("4647", "nn")])
def test_group_report(demo, programme, number, lang):
    leader = actor_of(demo, f"kommuneleder-{number}")
    data = municipality_work.municipality_work(
        session=demo, actor=leader, programme_id=programme.id,
        municipality_id=municipality_id(demo, number), lang=lang)
    document = group_pdf.build(data, programme=programme.name, is_demo=True, lang=lang)
    path = _first_page(document, f"group-report-{data.municipality_name.lower()}-{lang}")
    assert path.stat().st_size > 20_000  # a page with a radar, not a blank one
    text = _text(document)
    # No gap line broken inside its parentheses: «(gap» and its number stay together.
    assert "(gap" in text and "(gap\n" not in "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(document)).pages)
    if not data.project.goal:  # the demo describes no project: one line, not four «–»
        assert t("report.project_empty", lang) in text


@pytest.mark.parametrize("filler", range(12, 26))
def test_a_heading_is_never_alone_at_the_foot_of_a_page(filler):
    """Whatever stands above it, a heading lands on the page of its sub-heading and text."""
    text = pdf.ReportText(title="Rapport", subtitle="", desired="Ønsket", current="Nå",
                          biggest_gaps="Største gap", actions="Tiltak", group="Gruppa",
                          demo_note=None)
    sections = [("p", f"Linje {i}") for i in range(filler)]
    sections += [("h", "KAPITTEL"), ("q", "UNDERTITTEL"), ("p", "BRØDTEKST " * 30)]
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(
        pdf.group_report(text=text, gaps=[], gap_lines=[], sections=sections))).pages]
    where = {word: next(i for i, page in enumerate(pages) if word in page)
             for word in ("KAPITTEL", "UNDERTITTEL", "BRØDTEKST")}
    assert len(set(where.values())) == 1, where


def _ui_reports(demo, programme, lang: str):
    """The municipality report and the programme summary, through the page's own helpers."""
    import streamlit as st

    from kultur3.ui import dashboard as ui_dashboard
    from kultur3.ui import keys

    st.session_state[keys.LANG] = lang
    info = catalogue.ProgrammeInfo(id=programme.id, name=programme.name, is_demo=True)
    data = dashboard.municipality_report_data(session=demo, actor=ADMIN, programme_id=programme.id,
                                              municipality_id=municipality_id(demo, "3203"),
                                              lang=lang)
    frame = dashboard.gap_frame(session=demo, actor=ADMIN, programme_id=programme.id, lang=lang)
    return ui_dashboard._municipality_pdf(data, info), ui_dashboard._summary_pdf(info, frame)


def test_municipality_report_and_programme_summary(demo, programme):
    one, summary = _ui_reports(demo, programme, "nb")
    assert _first_page(one, "municipality-report").stat().st_size > 20_000
    assert _first_page(summary, "programme-summary").stat().st_size > 20_000
    assert "Asker" in _text(one) and "Asker" in _text(summary)


def test_table_cards(demo, programme):
    g = demo.exec(select(Gathering).where(Gathering.programme_id == programme.id,
                                          Gathering.kind == GatheringKind.FELLESSAMLING)).first()
    cards = joining.table_cards(session=demo, actor=ADMIN, gathering_id=g.id)
    text = pdf.TableCardText(gathering=g.title, scan=t("live.card_scan"),
                             or_type=t("live.card_or_type", url="https://kultur3.example/delta"),
                             wifi=t("live.card_wifi"), demo_note=t("app.demo_banner"))
    document = pdf.table_cards(text=text, cards=[
        (c.name, c.code, f"https://kultur3.example/delta?kode={c.code}") for c in cards[:2]])
    assert _first_page(document, "table-cards").stat().st_size > 5_000
    assert cards[0].name in _text(document)


def test_survey_poster(demo, programme):
    survey = demo.exec(select(Survey).where(Survey.programme_id == programme.id)).first()
    share = surveys.share_info(session=demo, actor=ADMIN, survey_id=survey.id)
    text = pdf.PosterText(municipality=share.municipality, title=share.title,
                          purpose=t("survey.purpose", share.lang),
                          scan=t("survey.poster_scan", share.lang),
                          or_go=t("survey.poster_or", share.lang),
                          privacy=t("survey.privacy_line", share.lang),
                          demo_note=t("app.demo_banner", share.lang))
    document = pdf.survey_poster(text=text, url=f"https://kultur3.example/s/{share.token}")
    assert _first_page(document, "survey-poster").stat().st_size > 5_000
    assert share.title in _text(document)
