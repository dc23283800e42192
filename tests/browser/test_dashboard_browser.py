"""A leader downloads a municipality's PDF report and the Excel data; both are checked inside."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from kultur3.ui.nav import URL_PATHS
from tests.browser.conftest import login, wait_for_app

pytestmark = pytest.mark.browser


def test_pdf_and_excel_downloads(server, page):
    login(page, server.url, "leder")
    page.goto(f"{server.url}/{URL_PATHS['dashboard']}")
    wait_for_app(page)
    page.get_by_role("tab", name="Rapporter og eksport").click()
    page.get_by_label("Rapport for kommune").click()
    page.get_by_role("option", name="Asker").click()
    wait_for_app(page)
    page.get_by_role("button", name="Lag PDF-rapport").click()
    button = page.get_by_role("button", name="Last ned rapport for Asker (PDF)")
    expect(button).to_be_visible()
    with page.expect_download() as pdf_download:
        button.click()
    pdf = pdf_download.value
    assert pdf.suggested_filename == "kultur3-Asker.pdf"
    text = PdfReader(pdf.path()).pages[0].extract_text()
    for expected in ("Asker", "Demodata", "Ønsket situasjon", "Nåsituasjon", "Medlemmer"):
        assert expected in text, expected

    wait_for_app(page)  # the PDF button reruns the page; a click during a rerun can be lost
    panel = page.get_by_role("tabpanel", name="Rapporter og eksport")
    with page.expect_download() as xlsx_download:
        panel.get_by_role("button", name="Last ned Excel").click()
    book = load_workbook(io.BytesIO(open(xlsx_download.value.path(), "rb").read()))
    sheet = book[book.sheetnames[0]]
    header = [c.value for c in sheet[1]]
    assert header == ["Kommune", "Kommunenr.", "Fylke", "Fokusområde", "Samling", "Dato",
                      "Verdiområde", "Ønsket situasjon", "Nåsituasjon", "Gap"]
    # every municipality, scored gathering and value area: the first and second joint
    # gatherings, the local one and today's in progress (the two quiet groups missed two)
    assert sheet.max_row - 1 == (16 * 4 - 2 * 2) * 8
