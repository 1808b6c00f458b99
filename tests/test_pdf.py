"""The real PDF, read as a reader and a screen reader would: summary first, a sheet per
partnership, every source's address printed, no editors' notes, tagged, numbered and linked."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from xml.etree import ElementTree

import pytest
import yaml
from pypdf import PdfReader

from atlas import lifecycle
from atlas.history import Change, Commit, History, Release
from atlas.pdf import findings
from atlas.pdftree import document_tree
from atlas.project import Project
from atlas.views import question
from conftest import REPO


def _shown_evidence(doc: dict) -> str:
    """The evidence level a reader sees: one level lower while an open question lowers it."""
    levels = ["official", "attributed", "reported"]
    lowered = any(isinstance(item, dict) and item["lowers"] == "evidence" for item in doc.get("for_review", []))
    return levels[min(levels.index(doc["evidence"]) + lowered, len(levels) - 1)]


def _data(kind: str) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((REPO / "data" / kind).glob("*.yaml"))]


def _titles(kind: str, field: str) -> list[str]:
    return [doc[field] for doc in _data(kind)]


def _flatten(outline):
    for item in outline:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item


@pytest.fixture(scope="module")
def pdf(built):
    reader = PdfReader(built / "atlas.pdf")
    texts = [page.extract_text() for page in reader.pages]
    pages = {name.lstrip("/"): reader.get_destination_page_number(dest) + 1 for name, dest in reader.named_destinations.items()}
    return reader, texts, pages


def _figures(reader) -> list[str]:
    """The alternative text of every figure in the PDF's structure tree (what a screen reader reads)."""
    found, todo = [], [reader.trailer["/Root"]["/StructTreeRoot"]]
    while todo:
        node = todo.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            todo.extend(node)
        elif isinstance(node, dict):
            if node.get("/S") == "/Figure":
                found.append(str(node.get("/Alt")))
            todo.extend(n for n in [node.get("/K")] if n is not None)
    return found


def _squeezed(text: str) -> str:
    return "".join(text.split())


def test_pdf_opens_with_a_cover_of_key_findings_then_contents_then_the_state_of_play(pdf):
    reader, texts, pages = pdf
    assert len(reader.pages) > len(_titles("partnerships", "title"))
    assert "Critical Minerals Atlas" in texts[0] and re.search(
        r"Latest\s+event\s+recorded\s+\d{4}-\d{2}-\d{2};\s+last\s+full\s+review\s+\d{4}-\d{2}-\d{2}", texts[0]
    )
    # the site's files for each entry are named once, on the cover, not as link-less lines in every entry
    site = re.search(r"^site_url: (\S+)", (REPO / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)
    assert site + "api/v1/" in _squeezed(texts[0])
    assert not any("asdata:" in _squeezed(text) for text in texts[1:])
    # the key findings, on page 1: partnerships by status and by evidence, promises by delivery
    cover = " ".join(texts[0].split())
    docs = _data("partnerships")
    assert "Key findings" in cover and f"{len(docs)} partnerships by status:" in cover
    for status in {doc["status"] for doc in docs}:
        assert f"{sum(doc['status'] == status for doc in docs)} {status.replace('-', ' ')}" in cover, status
    for level in {_shown_evidence(doc) for doc in docs}:
        assert f"{sum(_shown_evidence(doc) == level for doc in docs)} {level}" in cover, level
    promises = [c for doc in docs for i in doc.get("instruments", []) for c in i.get("commitments", [])]
    delivered = sum(c["delivery"] in ("delivered", "partly-delivered") for c in promises)
    assert f"{len(promises)} promises recorded in the partnerships' instruments, {delivered} of them delivered" in cover
    # the contents start by page 3, then the state of play
    assert any(text.startswith("Contents") for text in texts[1:3])
    assert pages["summary"] > 2 and texts[pages["summary"] - 1].startswith("State of play")
    summary = "\n".join(texts[pages["summary"] - 1 : pages["chapter-partnerships"] - 1])
    assert "Latest changes" in summary
    # the cover's table of status by evidence: each status's row adds up to its partnerships
    for header in ("Official", "Attributed", "Reported", "All"):
        assert header in texts[0]
    graph = Project(REPO).build().graph  # the rows count the status a reader sees, stalled (inferred) apart
    order, as_of = lifecycle.rank(graph.kinds["partnerships"]), graph.as_of
    seen = [lifecycle.partnership_standing(p.data, order, as_of) for p in graph.by_kind["partnerships"]]
    for shown, inferred in {(s.shown, s.inferred) for s in seen}:
        label = re.escape(shown.replace("-", " ").capitalize() + (" (inferred)" if inferred else ""))
        row = re.search(rf"^{label}((?: \d+)+)$", texts[0], re.M | re.I)
        assert row, (shown, inferred)
        *levels, total = map(int, row.group(1).split())
        assert sum(levels) == total == sum((s.shown, s.inferred) == (shown, inferred) for s in seen), (shown, inferred)
    # every partnership is listed in the summary with its status and evidence level in text
    for doc in docs:
        line = re.search(re.escape(_squeezed(doc["title"])) + r"\[([^\]]+)\]\[([^\]]+)\]", _squeezed(summary))
        assert line, doc["title"]
        assert line.group(1) == doc["status"].replace("-", "") and line.group(2) == _shown_evidence(doc)
    # the world map, drawn (an image with alternative text), and the partner countries in words;
    # its caption is written for paper: nothing to click
    assert "World map" in summary and "Partner countries" in summary
    assert "World map of India's partner countries by most advanced partnership status" in _figures(reader)
    assert not re.search(r"click|links to", summary, re.I)
    bookmarks = [item.title for item in _flatten(reader.outline)]
    for label in ("State of play", "Contents", "Partnerships", "Minerals", "Countries", "Sources"):
        assert label in bookmarks
    assert len(bookmarks) > 60


def test_the_cover_names_the_biggest_status_changes_of_the_last_release(mini):
    """Net per partnership over the last tagged release (first status before -> last status
    after); a partnership that moved and came back is no change; unreleased changes are not a release."""
    graph = Project(mini).build().graph
    p = graph.by_kind["partnerships"][0]
    commit = Commit("0" * 40, "2026-11-01T00:00:00+00:00", "s")

    def moved(*steps):
        return Change(commit, "partnerships", p.id, p.title, "changed", ("status",), steps)

    release = Release(
        "v1",
        "2026-11-01",
        (moved("signed", "in-force"), moved("in-talks", "signed"), Change(commit, "minerals", "x", "X", "changed", ("name",))),
    )
    history = History(True, "", [], {}, "v1", [Release(None, None, ()), release])
    found = findings(graph, history)
    assert found["release"] is release and found["moved"] == [[p.title, "in-talks", "in-force"]]
    back = dataclasses.replace(release, changes=(moved("signed", "in-talks"), moved("in-talks", "signed")))
    assert findings(graph, dataclasses.replace(history, releases=[back]))["moved"] == []
    assert findings(graph, dataclasses.replace(history, releases=[Release(None, None, release.changes)]))["release"] is None


def test_contents_give_the_page_each_entry_starts_on(pdf):
    reader, texts, pages = pdf
    first = next(n for n, text in enumerate(texts) if text.startswith("Contents"))
    contents = "\n".join(texts[first : pages["summary"] - 1])
    checked = 0
    for doc in _data("partnerships") + _data("minerals"):
        title = doc.get("title") or doc["name"]
        kind = "partnerships" if "title" in doc else "minerals"
        found = re.search(re.escape(title) + r"[\s.]*(\d+)\n", contents)
        if found:
            assert int(found.group(1)) == pages[f"p-{kind}-{doc['id']}"], title
            checked += 1
    assert checked > 40


def test_a_sheet_lists_the_instruments_and_their_promises(pdf):
    reader, texts, pages = pdf
    start = pages["p-partnerships-india-australia"]
    sheet = _squeezed("".join(texts[start - 1 : start + 2]))
    for doc in _data("partnerships"):
        if doc["id"] == "india-australia":
            for instrument in doc["instruments"]:
                assert _squeezed(f"{instrument['title']}:") in sheet, instrument["title"]
                for promise in instrument.get("commitments", []):
                    assert _squeezed(promise["text"]) in sheet, promise["id"]


def test_pdf_is_tagged_with_title_and_language(pdf):
    reader, texts, pages = pdf
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root and root["/Lang"] == "en"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title.startswith("Critical Minerals Atlas")
    # Typst checked the document against PDF/UA-1 while writing it, and says so in its metadata
    assert "<pdfuaid:part>1</pdfuaid:part>" in root["/Metadata"].get_object().get_data().decode("utf-8")


def test_every_partnership_has_a_sheet_in_the_book_and_one_of_one_or_two_pages_on_its_own(pdf, built):
    reader, texts, pages = pdf
    docs = _data("partnerships")
    starts = sorted(pages[f"p-partnerships-{doc['id']}"] for doc in docs) + [pages["chapter-minerals"]]
    lengths = [b - a for a, b in zip(starts, starts[1:])]
    assert all(1 <= n <= 3 for n in lengths), lengths  # with its instruments and their promises
    for doc in docs:
        # its page links its sheet on its own: a PDF of one or two pages, its title on the first
        html = (built / "partnerships" / doc["id"] / "index.html").read_text(encoding="utf-8")
        href = re.search(r'<a href="([^"]+)">this partnership on one or two pages \(PDF\)</a>', html).group(1)
        alone = PdfReader(built / "partnerships" / doc["id"] / href)
        assert 1 <= len(alone.pages) <= 2, (doc["id"], len(alone.pages))
        first = _squeezed(alone.pages[0].extract_text())
        assert _squeezed(doc["title"]) in first and "Status:" in first, doc["id"]
        assert alone.metadata.title.startswith(doc["title"]) and alone.trailer["/Root"]["/StructTreeRoot"]
        # the same content as its sheet in the book: every event and every promise
        text = _squeezed("".join(page.extract_text() for page in alone.pages))
        promises = [c["text"] for i in doc.get("instruments", []) for c in i.get("commitments", [])]
        assert all(_squeezed(item["event"]) in text for item in doc.get("timeline", [])), doc["id"]
        assert all(_squeezed(promise) in text for promise in promises), doc["id"]
        sheet = _squeezed(texts[pages[f"p-partnerships-{doc['id']}"] - 1])
        assert _squeezed(doc["title"]) in sheet and "Status:" in sheet and "Evidence:" in sheet
        # every timeline event carries its evidence level in text, reported ones included
        marks = re.findall(
            r"\[(official|attributed|reported)\]",
            "".join(texts[p - 1] for p in range(pages[f"p-partnerships-{doc['id']}"], pages[f"p-partnerships-{doc['id']}"] + 2)),
        )
        assert len(marks) >= len(doc.get("timeline", [])) + 1


def test_no_timeline_event_is_split_across_pages(pdf):
    """Each event of a sheet's timeline is kept whole on one page, its date first and apart from
    its text (by a character, so that copied or read-out text does not run them together)."""
    reader, texts, pages = pdf
    squeezed = [_squeezed(text) for text in texts]
    events = 0
    for doc in _data("partnerships"):
        first = pages[f"p-partnerships-{doc['id']}"] - 1
        for item in doc.get("timeline", []):
            event = _squeezed(item["event"])
            assert any(event in squeezed[n] for n in (first, first + 1)), (doc["id"], item["event"][:60])
            assert any(
                re.search(rf"{item['date']}\u2002\s*{re.escape(item['event'].split()[0])}", texts[n]) for n in (first, first + 1)
            ), (doc["id"], item["date"])
            events += 1
    assert events > 100


def test_the_layout_gets_a_lean_tree():
    """What the layout would spend a call on for nothing is left out of the tree: a span or link
    that says nothing but its text (a link to a page not in the PDF, a link to an id that is not),
    whitespace between blocks; ids nothing links to. Text reads as before."""
    html = (
        '<body><div class="timeline"> <p class="event"><span class="when">2026-01-02</span>Met '
        '<a href="#nowhere">the minister</a> and <span>others</span>, <a>said</a> '
        '<a href="#p-x">X</a>.</p> </div><p id="p-x">Target</p><p id="unlinked">Other</p></body>'
    )
    body = document_tree(html)["body"]
    assert body == [
        {
            "tag": "div",
            "class": "timeline",
            "children": [
                {
                    "tag": "p",
                    "class": "event",
                    "children": [
                        {"tag": "span", "class": "when", "children": ["2026-01-02"]},
                        "Met the minister and others, said ",
                        {"tag": "a", "href": "#p-x", "children": ["X"]},
                        ".",
                    ],
                }
            ],
        },
        {"tag": "p", "id": "p-x", "children": ["Target"]},
        {"tag": "p", "children": ["Other"]},
    ]


def test_every_source_address_is_printed_and_no_review_notes_are(pdf):
    reader, texts, pages = pdf
    text = _squeezed("".join(texts))
    urls = [doc["url"] for doc in _data("sources") if "url" in doc]
    missing = [url for url in urls if _squeezed(url) not in text]
    assert not missing, missing[:5]
    assert "Forreview" not in text
    notes = [question(note) for doc in _data("partnerships") for note in doc.get("for_review", [])]
    assert notes and not [note for note in notes if _squeezed(note)[:60] in text]


def test_pdf_contains_every_partnership_mineral_and_source(built):
    """Titles come back out of the PDF's text as a reader's tool copies it (poppler's pdftotext):
    whole, in every script (Malayalam and Devanagari source titles included)."""
    # pdftotext drops a hyphen that ends a line ("Vice-" + "Chair" -> "ViceChair"), so hyphens are not compared
    text = _squeezed(
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(built / "atlas.pdf"), "-"], capture_output=True, text=True, check=True
        ).stdout
    ).replace("-", "")
    titles = _titles("partnerships", "title") + _titles("minerals", "name") + _titles("sources", "title")
    assert any(ord(c) > 0x900 for t in titles for c in t), "the data has titles in Indian scripts"
    missing = [t for t in titles if _squeezed(t).replace("-", "") not in text]
    assert not missing, missing


def test_pdf_has_page_numbers_and_internal_links(pdf):
    reader, texts, pages = pdf
    total = len(reader.pages)
    assert re.search(rf"\b3 / {total}\b", texts[2])
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
    assert external and all(uri.startswith(("http://", "https://")) for uri in external), [
        uri for uri in external if not uri.startswith("http")
    ][:5]


def _words(path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words with their boxes, top down (x0, top, x1, bottom, text), as poppler's
    `pdftotext -bbox` reads them."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    tag = "{http://www.w3.org/1999/xhtml}"
    return [
        [
            (float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")), w.text or "")
            for w in page.iter(f"{tag}word")
        ]
        for page in ElementTree.fromstring(xhtml).iter(f"{tag}page")
    ]


def test_every_internal_link_lands_on_what_it_names(pdf, built):
    """A link to an entry (from the contents, the summary or another entry) lands on its title, and
    a line of the contents prints the page it lands on; a source's "details" lands on that source's
    line in the source list (same publisher and date)."""
    reader, texts, pages = pdf
    words = _words(built / "atlas.pdf")
    number = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    contents = range(next(n for n, text in enumerate(texts) if text.startswith("Contents")), pages["summary"] - 1)
    checked = 0
    for n, page in enumerate(reader.pages):
        height = float(page.mediabox.height)
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            destination = annotation.get("/Dest")
            if destination is None:
                continue  # a web address
            destination = destination.get_object()
            # a link broken across lines is one box per line (its QuadPoints), within one Rect
            quads = list(map(float, annotation.get("/QuadPoints") or []))
            boxes = [(min(q[0::2]), min(q[1::2]), max(q[0::2]), max(q[1::2])) for q in zip(*[iter(quads)] * 8)]
            link = [
                w
                for w in words[n]
                if any(
                    x0 <= (w[0] + w[2]) / 2 <= x1 and height - y1 <= (w[1] + w[3]) / 2 <= height - y0
                    for x0, y0, x1, y1 in boxes or [tuple(map(float, annotation["/Rect"]))]
                )
            ]
            top = height - float(destination[3])
            landing = number[destination[0].idnum]
            if n in contents:  # a line of the contents: a title, then the page it starts on
                assert link[-1][4] == str(landing + 1), (n + 1, [w[4] for w in link])
                link = link[:-1]
            text = _squeezed(" ".join(w[4] for w in link))
            if text == "details":  # "… · Publisher, date · kind · details": its publisher and date
                line = [w[4] for w in words[n] if abs(w[1] - link[0][1]) < 2 and w[2] <= link[0][0]]
                text = _squeezed(" ".join(line[-5:-3]))
            target = [w[4] for w in words[landing] if top - 2 <= w[1] <= top + 40]
            assert target, (n + 1, text, "lands where there is no text")
            head = _squeezed(" ".join(target[:3]))
            assert head in text or text.strip(",.;·") in _squeezed(" ".join(target)), (n + 1, text, " ".join(target))
            checked += 1
    assert checked > 500, checked


def test_body_text_is_at_least_10_pt(pdf):
    """Only citation numbers and the page footer are smaller; nothing is under 8 pt."""
    reader, texts, pages = pdf
    sizes: dict[float, int] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            scale = (tm[2] ** 2 + tm[3] ** 2) ** 0.5 * (cm[2] ** 2 + cm[3] ** 2) ** 0.5
            key = round(size * scale, 1)
            sizes[key] = sizes.get(key, 0) + len(text.strip())

    for page in reader.pages[1::5]:
        page.extract_text(visitor_text=visit)
    total = sum(sizes.values())
    assert sum(n for size, n in sizes.items() if size >= 10) / total > 0.9, sorted(sizes.items())
    assert min(sizes) >= 8, sorted(sizes.items())


def test_the_pdf_colours_statuses_as_the_site_does():
    """The map and legend on paper use the site's status colours (light theme): one palette, two media."""
    css = (REPO / "docs" / "stylesheets" / "overviews.css").read_text(encoding="utf-8").split("}", 1)[0]
    site = dict(re.findall(r"--atlas-([a-z-]+):\s*(#[0-9a-f]{6})", css))
    layout = (REPO / "templates" / "pdf" / "briefing.typ").read_text(encoding="utf-8")
    palette = re.search(r"#let status-colours = \((.*?)\)", layout, re.S).group(1)
    paper = dict(re.findall(r'([a-z-]+): "(#[0-9a-f]{6})"', palette))
    statuses = yaml.safe_load((REPO / "schemas" / "partnerships.schema.json").read_text(encoding="utf-8"))["properties"][
        "status"
    ]["enum"]
    assert sorted(paper) == sorted(statuses)
    assert paper == {status: site[status] for status in statuses}
