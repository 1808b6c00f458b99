"""Text from a pull request can never become markup: the XSS payload list, built into a real site and PDF."""

from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser

import pytest
import yaml
from pypdf import PdfReader

from conftest import run_atlas

pytestmark = pytest.mark.slow  # builds a clean and a poisoned site, each with its PDF

# A selection of the common XSS payload lists, plus Markdown, Jinja, MkDocs and extension syntax.
PAYLOADS = [
    "<script>alert('xss')</script>",
    '"><script>alert(1)</script>',
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">click</a>',
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "[click me](javascript:alert(1))",
    "![image](javascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<javascript:alert(1)>",
    "{{ 7*7 }}",
    "{% for x in range(3) %}loop{% endfor %}",
    '--8<-- "/etc/passwd"',
    '{: onclick="alert(1)" }',
    "*[HTML]: Hyper Text",
    "<!-- hidden comment -->",
    "<style>body{display:none}</style>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "\u202eevil\u202c",
    "# not a heading",
    "| a | table |",
    '#panic("typst") #set text(size: 1pt) $x^2$ <label> @label [*bold*] \\ // comment',
]
TEXT = " ".join(PAYLOADS)
FIELDS = {  # every kind of text field, in every kind
    "minerals/lithium.yaml": ["name", "summary"],
    "partnerships/india-canada.yaml": ["title", "summary"],
    "countries/canada.yaml": ["name", "summary"],
    "organizations/kabil.yaml": ["name", "summary", "abbreviation"],
    "organizations/ministry-of-mines.yaml": ["name"],
    "countries/india.yaml": ["name"],
    "minerals/cobalt.yaml": ["name"],
    "policies/national-critical-mineral-mission.yaml": ["name", "summary"],
    "sources/example-news.yaml": ["title", "publisher", "note"],
}


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts, self.handlers, self.urls = [], [], []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name, value))
            if (
                name in ("href", "src", "action", "formaction")
                and value
                and value.strip().lower().startswith(("javascript:", "data:", "vbscript:"))
            ):
                self.urls.append((tag, value))
        if tag in ("script", "iframe", "object", "embed", "style", "svg", "math", "img", "body", "details"):
            self.scripts.append((tag, dict(attrs).get("src") or dict(attrs).get("id") or dict(attrs).get("type") or ""))


def _elements(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


SHORT = {"name", "title", "publisher"}  # length-limited fields take one payload each


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks = []

    def handle_data(self, data):
        self.chunks.append(data)


def _visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.chunks).split())


def _poison(root):
    short = iter(PAYLOADS * 2)
    for relative, fields in FIELDS.items():
        path = root / "data" / relative
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for field in fields:
            data[field] = next(short) if field in SHORT else TEXT
        if "abbreviation" in fields:
            data["abbreviation"] = "<b onclick=alert(1)>"
        data.setdefault("for_review", []).append(TEXT) if relative.startswith(("minerals", "partnerships")) else None
        if relative == "minerals/lithium.yaml":
            data["uses"] = PAYLOADS
            data["facts"][0]["text"] = TEXT
        if relative.startswith("partnerships"):
            data["timeline"][0]["event"] = TEXT
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_payloads_in_every_text_field_stay_text_in_site_and_pdf(tmp_path, mini):
    from conftest import MINI_DATA, copy_project

    clean = copy_project(tmp_path / "clean", MINI_DATA)
    assert run_atlas(clean, "build", "--out", "site").returncode == 0
    _poison(mini)
    result = run_atlas(mini, "build", "--out", "site")
    assert result.returncode == 0, result.stderr

    pages = sorted((mini / "site").rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        baseline = (clean / "site" / page.relative_to(mini / "site")).read_text(encoding="utf-8")
        found, expected = _elements(html), _elements(baseline)
        assert found.handlers == [] and found.urls == [], page
        assert sorted(found.scripts) == sorted(expected.scripts), page  # nothing beyond the theme's own

    shown = _visible_text((mini / "site" / "minerals" / "lithium" / "index.html").read_text(encoding="utf-8"))
    for payload in PAYLOADS[:16] + ["&lt;script&gt;alert(1)&lt;/script&gt;"]:  # entities show as typed, too
        assert payload in shown, payload

    # the search index holds each page's text, payloads included, as text; the search dialog
    # shows it with textContent only (an excerpt's <mark>s are rebuilt, never parsed into the page)
    fragments = [
        json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))
        for f in (mini / "site" / "pagefind" / "fragment").glob("*.pf_fragment")
    ]
    assert any("<script>alert('xss')</script>" in doc["content"] for doc in fragments)
    search_js = (mini / "site" / "javascripts" / "search.js").read_text(encoding="utf-8")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(", search_js)

    pdf_text = " ".join(page.extract_text() for page in PdfReader(mini / "site" / "atlas.pdf").pages)
    assert "<script>alert('xss')</script>" in pdf_text and "{{ 7*7 }}" in pdf_text
    assert PAYLOADS[-1] in pdf_text  # Typst markup in the data is text in the PDF


def test_csv_export_never_starts_a_cell_with_a_formula(mini):
    from atlas.export import exports
    from atlas.project import Project

    path = mini / "data" / "minerals" / "lithium.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("summary: Lithium is", 'summary: =HYPERLINK("http://evil.example") Lithium is'),
        encoding="utf-8",
    )
    table = exports(Project(mini).build().graph)["api/v1/minerals.csv"]
    assert "'=HYPERLINK(" in table and ",=HYPERLINK" not in table and ',"=HYPERLINK' not in table
