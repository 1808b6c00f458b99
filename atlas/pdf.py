"""The PDF briefing: a state-of-play summary, a sheet per partnership, the other entries and a
compact source list, printed by Chromium (Debian's, driven through Playwright).

Partnership sheets, the summary and the source list are laid out from the graph by the
templates in templates/pdf/; the other entries are the site's own Markdown pages, converted with
Python-Markdown, their links turned into links inside the document. Chromium has no CSS
cross-references, so the contents' page numbers come from a first printing: each entry's page is
read from the PDF's named destinations, written into the contents, and the document printed
again, tagged (PDF/UA structure, title and language) and with bookmarks.
"""
from __future__ import annotations

import io
import os
import posixpath
import re
import shutil
from pathlib import Path

import markdown
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import views
from .link import Entity, Graph
from .output import write_file
from .project import Project
from .render import Page, Renderer

EXTENSIONS = ["admonition", "attr_list", "tables", "toc"]
SHEETS = "partnerships"  # the kind that gets a printable sheet each; the summary is about it
LATEST = 8  # events under "latest changes"
_ATTRIBUTE = re.compile(r'\b(id|href)="([^"]*)"')
_HEADING = re.compile(r"<(/?)h([1-5])\b")
# A4 with the margins of the page footer; the footer's page numbers are drawn by Chromium
LAYOUT = dict(format="A4", margin={"top": "14mm", "bottom": "16mm", "left": "15mm", "right": "15mm"},
              display_header_footer=True, header_template="<span></span>",
              footer_template='<div style="font: 9pt sans-serif; color: #444; width: 100%; text-align: center">'
                              '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')


def anchor(page_path: str) -> str:
    """A document-wide id for a page: 'minerals/lithium.md' -> 'p-minerals-lithium'."""
    return "p-" + re.sub(r"[^a-z0-9]+", "-", page_path.removesuffix(".md").lower()).strip("-")


def page_html(page: Page, included: set[str], converter: markdown.Markdown) -> Markup:
    """One page as HTML whose ids and links work inside the combined document, one heading level down."""
    html = converter.reset().convert(page.body)
    prefix = anchor(page.path)
    here = posixpath.dirname(page.path)

    def rewrite(match: re.Match) -> str:
        name, value = match.groups()
        if name == "id":
            return f'id="{prefix}--{value}"'
        if value.startswith("#"):
            return f'href="#{prefix}--{value[1:]}"'
        target, _, fragment = value.partition("#")
        if target.endswith(".md"):
            resolved = posixpath.normpath(posixpath.join(here, target))
            if resolved not in included:
                return ""  # a site-only page (e.g. contributing): keep the text, drop the link
            # a link to a source's page lands on its line in the source list
            return f'href="#{anchor(resolved)}{"--" + fragment if fragment and not resolved.startswith("sources/") else ""}"'
        if "://" not in target:
            return ""  # a site-only file (a JSON or CSV download): keep the text, drop the link
        return match.group(0)

    html = _HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", html)  # chapters are the h1s
    return Markup(_ATTRIBUTE.sub(rewrite, html))  # Markdown output of escaped data


def state_of_play(graph: Graph) -> dict:
    """The summary's figures: partnerships by status and evidence level, and the latest events."""
    kind = graph.kinds[SHEETS]
    partnerships = graph.by_kind[SHEETS]
    statuses = [s for s in kind.schema["properties"]["status"]["enum"] if any(p.data["status"] == s for p in partnerships)]
    levels = kind.field_schema("evidence")[0]["enum"]
    grid = [(s, [sum(p.data["status"] == s and p.data["evidence"] == e for p in partnerships) for e in levels])
            for s in statuses]
    by_status = [(s, sorted((p for p in partnerships if p.data["status"] == s),
                            key=lambda p: (p.data["status_confirmed"], p.id), reverse=True)) for s in statuses]
    latest = sorted(((item, p) for p in partnerships for item in p.data.get("timeline", [])),
                    key=lambda pair: (pair[0]["date"], pair[1].id), reverse=True)[:LATEST]
    return {"levels": levels, "grid": grid, "by_status": by_status, "latest": latest}


def build_html(project: Project, graph: Graph | None = None) -> str:
    """The whole briefing as one HTML document."""
    graph = graph or project.graph()
    as_of = views.as_of(graph)
    chapters = [(kind, graph.by_kind[name]) for name, kind in graph.kinds.items() if name not in (SHEETS, "sources")]
    history = project.history()
    renderer = Renderer(project.template_dir, history, project.site_url)  # only the pages the PDF shows
    methodology = project.root / "docs" / "methodology.md"
    appendix = [Page("methodology.md", methodology.read_text(encoding="utf-8"))] if methodology.exists() else []
    included = ({e.page for e in graph.all()} | {p.path for p in appendix})
    converter = markdown.Markdown(extensions=EXTENSIONS)  # set up once, reset per page

    env = Environment(loader=FileSystemLoader(str(project.template_dir)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["anchor"] = lambda entity: anchor(entity.page)
    env.filters["label"] = lambda value, field, kind=SHEETS: views.label_value(graph.kinds[kind], field, value)
    env.tests["entity"] = lambda value: isinstance(value, Entity)
    return env.get_template("pdf/briefing.html.j2").render(
        graph=graph, as_of=as_of, version=history.version, counts=views.counts(graph), sheets=graph.by_kind[SHEETS],
        sheet_kind=graph.kinds[SHEETS], play=state_of_play(graph), sources=graph.by_kind["sources"],
        source_kind=graph.kinds["sources"],
        chapters=[(kind, [(e, page_html(renderer.render_entity(e, graph, as_of), included, converter)) for e in entities])
                  for kind, entities in chapters],
        appendix=[(anchor(p.path), page_html(p, included, converter)) for p in appendix],
    )


def chromium() -> str:
    """The system's Chromium (ATLAS_CHROMIUM overrides); the atlas never downloads a browser."""
    for candidate in (os.environ.get("ATLAS_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        found = candidate and shutil.which(candidate)
        if found:
            return found
    raise RuntimeError("the PDF needs Chromium: install Debian's `chromium` (make setup does) or set ATLAS_CHROMIUM")


def destination_pages(pdf: bytes) -> dict[str, int]:
    """Named destination (element id) -> page number, read from a printed PDF."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return {name.lstrip("/"): reader.get_destination_page_number(dest) + 1
            for name, dest in reader.named_destinations.items()}


_FILL_CONTENTS = """pages => { for (const span of document.querySelectorAll("nav.toc [data-page]"))
    span.textContent = pages[span.dataset.page] ?? ""; }"""
_DATES = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}[^)]*\)")


def print_pdf(html: str, as_of: str) -> bytes:
    """Print the document with Chromium: once to find the entries' pages, then for real."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium())
        try:
            page = browser.new_page(java_script_enabled=False)  # data is text; only the atlas runs script
            page.route("**/*", lambda route: route.abort())  # built offline: nothing is fetched
            page.set_content(html)
            page.evaluate(_FILL_CONTENTS, destination_pages(page.pdf(**LAYOUT)))
            data = page.pdf(**LAYOUT, tagged=True, outline=True)
        finally:
            browser.close()
    # the only varying bytes are the print time: the data's date instead, so same data, same bytes
    stamp = f"D:{as_of.replace('-', '')}000000+00'00'".encode()
    return _DATES.sub(lambda m: b"/" + m.group(1) + b" (" + stamp + b")", data)


def write_pdf(project: Project, out: Path, graph: Graph | None = None) -> int:
    """Write the PDF atomically; return its size in bytes."""
    graph = graph or project.graph()
    data = print_pdf(build_html(project, graph), views.as_of(graph))
    write_file(out, data)
    return len(data)
