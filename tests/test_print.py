"""A partnership page printed from the real browser (Chromium's print to PDF, print media): at most
three pages, every source's address printed, none of the site's chrome."""

from __future__ import annotations

import io
import re

import pytest

pytest.importorskip("playwright.sync_api")
from pypdf import PdfReader  # noqa: E402

CHROME = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", ".atlas-search", ".md-content__button"]


def _longest(built, n: int) -> list[str]:
    """The n partnership pages with the most text: the hardest to print short."""
    pages = sorted((built / "partnerships").glob("*/index.html"), key=lambda p: len(p.read_text(encoding="utf-8")))
    return [p.parent.name for p in pages[-n:]]


def test_a_partnership_page_prints_on_three_pages_with_every_source_address(page, site_url, built):
    for name in _longest(built, 3):
        page.goto(f"{site_url}/partnerships/{name}/")
        page.emulate_media(media="print")
        for selector in CHROME:
            shown = page.locator(selector).evaluate_all("els => els.filter(e => getComputedStyle(e).display !== 'none').length")
            assert shown == 0, (name, selector)
        addresses = page.locator("#sources ~ ol a[href^='http']").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert len(addresses) >= 5, name
        printed = PdfReader(io.BytesIO(page.pdf(format="A4")))
        assert 1 <= len(printed.pages) <= 3, (name, len(printed.pages))
        text = re.sub(r"\s+", "", "".join(p.extract_text() for p in printed.pages))
        missing = [url for url in addresses if re.sub(r"\s+", "", url) not in text]
        assert not missing, (name, missing)
        assert "Searchtheatlas" not in text and "Skiptocontent" not in text
