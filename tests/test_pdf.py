"""The real PDF: it opens, has bookmarks and page numbers, and contains every partnership."""
from __future__ import annotations

import re

import yaml
from pypdf import PdfReader

from conftest import REPO


def _titles(kind: str, field: str) -> list[str]:
    return [yaml.safe_load(p.read_text(encoding="utf-8"))[field] for p in sorted((REPO / "data" / kind).glob("*.yaml"))]


def _flatten(outline):
    for item in outline:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item


def test_pdf_opens_with_cover_contents_and_bookmarks(built):
    reader = PdfReader(built / "atlas.pdf")
    partnerships = _titles("partnerships", "title")
    assert len(reader.pages) > len(partnerships)
    cover = reader.pages[0].extract_text()
    assert "Critical Minerals Atlas" in cover and re.search(r"Data current to \d{4}-\d{2}-\d{2}", cover)
    assert "Contents" in reader.pages[1].extract_text()
    bookmarks = [item.title for item in _flatten(reader.outline)]
    for label in ("Partnerships", "Minerals", "Countries", "Sources"):
        assert label in bookmarks
    assert len(bookmarks) > 60


def test_pdf_contains_every_partnership_mineral_and_source(built):
    """Titles come back out of the PDF's text: real glyphs in every script (e.g. a Malayalam source)."""
    reader = PdfReader(built / "atlas.pdf")
    text = "".join("".join(page.extract_text().split()) for page in reader.pages)
    titles = _titles("partnerships", "title") + _titles("minerals", "name") + _titles("sources", "title")
    missing = [t for t in titles if "".join(_searchable(t).split()) not in text]
    assert not missing, missing


def _searchable(title: str) -> str:
    """Shaped scripts (Malayalam, Devanagari...) come back word by word, not always as a whole line."""
    return title.split()[0] if any(ord(c) > 0x24F and c.isalpha() for c in title) else title


def test_pdf_has_page_numbers_and_internal_links(built):
    reader = PdfReader(built / "atlas.pdf")
    total = len(reader.pages)
    assert re.search(rf"\b3 / {total}\b", reader.pages[2].extract_text())
    internal, external = 0, []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A") or {}
            if "/Dest" in annotation or action.get("/S") == "/GoTo":
                internal += 1
            elif action.get("/S") == "/URI":
                external.append(str(action["/URI"]))
    assert internal > 500, "contents, cross-references and citations should link inside the document"
    assert external and all(uri.startswith(("http://", "https://")) for uri in external), \
        [uri for uri in external if not uri.startswith("http")][:5]
