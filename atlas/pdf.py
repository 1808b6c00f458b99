"""The PDF export: every generated page, as one briefing document, through WeasyPrint.

The same Markdown pages as the site are converted with Python-Markdown; links between pages
become links inside the document, and ids are prefixed per page so they stay unique.
"""
from __future__ import annotations

import hashlib
import posixpath
import re
from pathlib import Path

import markdown
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import views
from .link import Graph
from .output import write_file
from .project import Project
from .render import Page

EXTENSIONS = ["admonition", "attr_list", "tables", "toc"]
_ATTRIBUTE = re.compile(r'\b(id|href)="([^"]*)"')


def anchor(page_path: str) -> str:
    """A document-wide id for a page: 'minerals/lithium.md' -> 'p-minerals-lithium'."""
    return "p-" + re.sub(r"[^a-z0-9]+", "-", page_path.removesuffix(".md").lower()).strip("-")


def page_html(page: Page, included: set[str], converter: markdown.Markdown) -> Markup:
    """One page as HTML whose ids and links work inside the combined document."""
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
            return f'href="#{anchor(resolved)}{"--" + fragment if fragment else ""}"'
        if "://" not in target:
            return ""  # a site-only file (a JSON or CSV download): keep the text, drop the link
        return match.group(0)

    return Markup(_ATTRIBUTE.sub(rewrite, html))  # Markdown output of escaped data


def _refuse_network(url: str, *args, **kwargs):
    raise ValueError(f"the PDF is built offline; not fetching {url}")


def build_html(project: Project, graph: Graph | None = None) -> str:
    """The whole briefing as one HTML document."""
    graph = graph or project.graph()
    history = project.history()
    pages = project.pages(graph, history)
    by_path = {page.path: page for page in pages}
    chapters = [(kind, [(entity.title, by_path[entity.page]) for entity in graph.by_kind[name]])
                for name, kind in graph.kinds.items()]
    overview = [("Timeline", by_path["timeline.md"])] if "timeline.md" in by_path else []
    methodology = project.root / "docs" / "methodology.md"
    if methodology.exists():
        overview.insert(0, ("Methodology", Page("methodology.md", methodology.read_text(encoding="utf-8"))))
    included = {page.path for _, entries in chapters for _, page in entries} | {page.path for _, page in overview}

    converter = markdown.Markdown(extensions=EXTENSIONS)  # set up once, reset per page

    def entries(pairs):
        return [(title, anchor(page.path), page_html(page, included, converter)) for title, page in pairs]

    env = Environment(loader=FileSystemLoader(str(project.template_dir)), autoescape=True, undefined=StrictUndefined)
    return env.get_template("pdf/briefing.html.j2").render(
        graph=graph, as_of=views.as_of(graph), counts=views.counts(graph), version=history.version,
        chapters=[(kind, entries(pairs)) for kind, pairs in chapters],
        overview=entries(overview),
    )


def write_pdf(project: Project, out: Path, graph: Graph | None = None) -> int:
    """Write the PDF atomically; return its size in bytes."""
    from weasyprint import HTML

    html = build_html(project, graph)
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode()
    data = HTML(string=html, url_fetcher=_refuse_network).write_pdf(  # no base URL: no local path in the PDF
        pdf_identifier=identifier)
    write_file(out, data)
    return len(data)
