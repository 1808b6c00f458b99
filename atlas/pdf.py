"""The PDF briefing: a state-of-play summary, a sheet per partnership, the other entries and a
compact source list, typeset by Typst (the `typst` package: no browser).

The document is written as HTML first, by the templates in templates/pdf/ (the summary, the sheets,
the source list) and from the site's own Markdown pages (the other entries, converted with
Python-Markdown, their links turned into links inside the document). That HTML is reduced to a
tree of plain nodes and handed to templates/pdf/briefing.typ as JSON, which lays it out: data
reaches Typst only as strings, never as markup. Typst lays it out twice, each time in a process
of its own (atlas/typeset.py): once to find where each entry and link target lands, then to write
the contents with page numbers, bookmarks, links, a tagged PDF (PDF/UA-1) with title and language,
and the same bytes for the same data. Each partnership's sheet is also laid out on its own
(sheets/<id>.pdf), by the same layout, in one more process (two if a sheet must be set smaller).
"""
from __future__ import annotations

import gc
import json
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import markdown
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import views
from .history import History
from .link import Entity, Graph
from .output import write_file, write_tree
from .overviews import agreed, marks
from .pdftree import document_tree
from .project import Project
from .render import Page, Renderer

EXTENSIONS = ["admonition", "attr_list", "tables", "toc"]
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)  # an overview page's settings for MkDocs, not text
SHEETS = "partnerships"  # the kind that gets a printable sheet each; the summary is about it
LATEST = 8  # events under "latest changes"
BIGGEST = 6  # the last release's status changes on the cover
SHEET_PAGES = 2  # a sheet's most pages
SCALES = (100, 90, 80)  # the text sizes (percent) tried in turn until a sheet fits its pages
_PAGE = re.compile(rb"/Type\s*/Page\b(?!s)")
_ATTRIBUTE = re.compile(r'\b(id|href)="([^"]*)"')
_HEADING = re.compile(r"<(/?)h([1-5])\b")
_MAP = re.compile(r'<figure class="atlas-map">.*?</figure>', re.S)


def anchor(page_path: str) -> str:
    """A document-wide id for a page: 'minerals/lithium.md' -> 'p-minerals-lithium'."""
    return "p-" + re.sub(r"[^a-z0-9]+", "-", page_path.removesuffix(".md").lower()).strip("-")


def page_html(page: Page, included: set[str], converter: markdown.Markdown, maps: bool = False) -> Markup:
    """One page as HTML whose ids and links work inside the combined document, one heading level down;
    without its maps unless asked (on paper an entry's map says no more than the table beside it)."""
    body = _FRONT_MATTER.sub("", page.body)
    html = converter.reset().convert(body if maps else _MAP.sub("", body))
    prefix = anchor(page.path)
    here = posixpath.dirname(page.path)

    def rewrite(match: re.Match) -> str:
        name, value = match.groups()
        if name == "id":
            return f'id="{prefix}--{value}"'
        if value.startswith("#"):
            return ""  # on paper a citation number needs no link to the list a few lines below
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
    """The summary's figures: partnerships by the status a reader sees (stalled (inferred) apart) and
    evidence level, and the latest events."""
    kind = graph.kinds[SHEETS]
    partnerships = graph.by_kind[SHEETS]
    levels = kind.field_schema("evidence")[0]["enum"]
    by_status = marks.by_status(graph)
    grid = [(s, inferred, [sum(p.data["evidence"] == e for p in group) for e in levels]) for s, inferred, group in by_status]
    latest = sorted(((item, p) for p in partnerships for item in p.data.get("timeline", [])),
                    key=lambda pair: (pair[0]["date"], pair[1].id), reverse=True)[:LATEST]
    return {"levels": levels, "grid": grid, "by_status": by_status, "latest": latest}


def findings(graph: Graph, history: History) -> dict:
    """The cover's key findings: partnerships by status (how many read as stalled by inference) and
    by evidence, promises by the delivery a reader sees, and the partnerships whose status the last
    data release moved (from its first status to its last), if there is a release."""
    kind = graph.kinds[SHEETS]
    partnerships = graph.by_kind[SHEETS]
    commitments = agreed.all_commitments(graph)

    def tally(values: list, order: list) -> list[tuple[str, int]]:
        return [(value, values.count(value)) for value in order if value in values]

    moved: dict[str, list] = {}  # partnership id -> [title, before, after]
    release = next((r for r in history.releases if r.version), None)
    for change in release.changes if release else ():  # newest first
        if change.kind == SHEETS and change.status:
            moved.setdefault(change.id, [change.title, None, change.status[1]])[1] = change.status[0]
    deliveries = agreed.field(graph, "commitments.delivery")["enum"]
    return {
        "statuses": tally([p.data["status"] for p in partnerships], kind.schema["properties"]["status"]["enum"]),
        "inferred": sum(marks.standing(graph, p).inferred for p in partnerships),
        "levels": tally([p.data["evidence"] for p in partnerships], kind.field_schema("evidence")[0]["enum"]),
        "promised": len(commitments),
        "deliveries": tally([c.standing.shown for c in commitments], deliveries),
        "delivered": sum(c.delivered for c in commitments),
        "inferred_promises": sum(c.standing.inferred for c in commitments),
        "release": release,
        "moved": [m for m in moved.values() if m[1] != m[2]][:BIGGEST],
    }


def _environment(project: Project, graph: Graph) -> Environment:
    """The templates of templates/pdf/ with the filters they use on the graph."""
    env = Environment(loader=FileSystemLoader(str(project.template_dir)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["anchor"] = lambda entity: anchor(entity.page)
    env.filters["label"] = lambda value, field, kind=SHEETS: views.label_value(graph.kinds[kind], field, value)
    env.tests["entity"] = lambda value: isinstance(value, Entity)
    env.filters["instruments"] = lambda entity: agreed.instruments(graph, entity)  # what was agreed, what came of it
    env.filters["standing"] = lambda entity: marks.standing(graph, entity)
    env.filters["term"] = lambda value, path: agreed.label(graph, path, value)
    return env


def build_html(project: Project, graph: Graph | None = None, scales: dict[str, int] | None = None) -> str:
    """The whole briefing as one HTML document; each sheet at the size it fits its pages at (percent)."""
    graph = graph or project.graph()
    as_of = views.as_of(graph)
    chapters = [(kind, graph.by_kind[name]) for name, kind in graph.kinds.items() if name not in (SHEETS, "sources")]
    history = project.history()
    renderer = Renderer(project.template_dir, history, project.site_url)  # only the pages the PDF shows
    methodology = project.root / "docs" / "methodology.md"
    appendix = [Page("methodology.md", methodology.read_text(encoding="utf-8"))] if methodology.exists() else []
    included = ({e.page for e in graph.all()} | {p.path for p in appendix})
    converter = markdown.Markdown(extensions=EXTENSIONS)  # set up once, reset per page

    return _environment(project, graph).get_template("pdf/briefing.html.j2").render(
        graph=graph, as_of=as_of, version=history.version, site_url=project.site_url, counts=views.counts(graph), sheets=graph.by_kind[SHEETS],
        sheet_kind=graph.kinds[SHEETS], scales=scales or {}, play=state_of_play(graph), key=findings(graph, history), sources=graph.by_kind["sources"],
        source_kind=graph.kinds["sources"],
        chapters=[(kind, [(e, page_html(renderer.render_entity(e, graph, as_of), included, converter)) for e in entities])
                  for kind, entities in chapters],
        appendix=[(anchor(p.path), page_html(p, included, converter)) for p in appendix],
        world_map=page_html(renderer.render_overview("pages/map.md.j2", graph, as_of), included, converter, maps=True),
    )


def contents(body: list) -> list[dict]:
    """The briefing's contents, in order: each chapter (an h1 outside the cover) and each entry (the
    h2 of a sheet or an entry), as {"level", "id", "title"}. The layout prints them with the page
    each starts on and makes the same headings the PDF's bookmarks."""
    found = []

    def text(node) -> str:
        return node if isinstance(node, str) else "".join(map(text, node["children"]))

    def visit(node, in_entry: bool) -> None:
        classes = node.get("class", "").split()
        level = {"h1": 1, "h2": 2}.get(node["tag"])
        if "id" in node and (level == 1 or (level == 2 and in_entry)):
            found.append({"level": level, "id": node["id"], "title": text(node)})
        in_entry = in_entry or (node["tag"] == "section" and not {"sheet", "entry"}.isdisjoint(classes))
        for child in node["children"]:
            if isinstance(child, dict) and "cover" not in child.get("class", "").split():
                visit(child, in_entry)

    visit({"tag": "body", "children": body}, False)
    return found


class PdfError(Exception):
    """Typst could not lay the briefing out (a mistake in templates/pdf/, never in the data)."""


def _typeset(*arguments: Path) -> str | None:
    """One pass of atlas/typeset.py, in a process of its own (Typst's memory is freed when it ends);
    Typst's error, if it has one."""
    run = subprocess.run([sys.executable, "-m", "atlas.typeset", *map(str, arguments)], capture_output=True, text=True)
    return (run.stderr.strip() or f"exit status {run.returncode}") if run.returncode else None


def print_pdf(html: str, template_dir: Path) -> bytes:
    """Typeset the document with templates/pdf/briefing.typ (PDF/UA-1: tagged, titled, with its language).

    Two passes: the first finds the page and place of every heading and link target and the page
    count, the second prints the contents' page numbers, the page total and the links from them.
    Left to Typst (links to labels, an outline, counters), they would make it lay the whole document
    out again once the places are known, for half again as much time and memory.
    """
    source = template_dir / "pdf" / "briefing.typ"
    with tempfile.TemporaryDirectory(prefix="atlas-pdf-") as folder:
        # the layout reads the document beside it, so that Typst holds one copy of it, not three
        layout = Path(shutil.copy(source, folder))
        document, positions, pdf = (Path(folder) / name for name in ("document.json", "positions.json", "atlas.pdf"))
        _write_tree(document, html)
        del html
        gc.collect()  # Typst's processes need the memory more (Python-Markdown leaves cycles behind)
        _check(source, _typeset(layout, positions) or _typeset(layout, pdf, positions))
        return pdf.read_bytes()


def _write_tree(path: Path, html: str) -> None:
    """A document's HTML as the layout's JSON, with its contents."""
    tree = document_tree(html)
    tree["contents"] = contents(tree["body"])
    path.write_text(json.dumps(tree, ensure_ascii=False), encoding="utf-8")


def _check(source: Path, error: str | None) -> None:
    """Typst's error, if it had one, as the build reports it."""
    if error:
        raise PdfError(f"{source}: Typst could not lay out the PDF: {error if len(error) < 2000 else error[:2000] + ' ...'}")


def _pages(pdf: bytes) -> int:
    """The page count of a PDF Typst wrote: each page's dictionary is written as plain text."""
    return len(_PAGE.findall(pdf))


def write_sheets(project: Project, folder: Path, graph: Graph) -> dict[str, int]:
    """Each partnership's sheet of the briefing as a PDF of its own, folder/<id>.pdf (the book's
    layout, given one sheet, headed with where it comes from), each in one Typst process that
    reads its fonts once. A sheet that runs past two pages is laid out again smaller, as a print
    dialog shrinks to fit. Returns the size each sheet is set at, in percent, for the book."""
    template = _environment(project, graph).get_template("pdf/sheet.html.j2")
    shared = dict(graph=graph, as_of=views.as_of(graph), version=project.history().version, site_url=project.site_url)
    source = project.template_dir / "pdf" / "briefing.typ"
    scales, written, todo = {}, {}, list(graph.by_kind[SHEETS])
    for scale in SCALES:
        with tempfile.TemporaryDirectory(prefix="atlas-sheets-") as name:
            work = Path(name)
            layout, out = Path(shutil.copy(source, work)), work / "out"
            (work / "sheets").mkdir()
            out.mkdir()
            for e in todo:
                _write_tree(work / "sheets" / f"{e.id}.json", template.render(shared, e=e, scale=scale))
            _check(source, _typeset(layout, out))
            for e in todo:
                written[e.id], scales[e.id] = (out / f"{e.id}.pdf").read_bytes(), scale
        todo = [e for e in todo if _pages(written[e.id]) > SHEET_PAGES]
        if not todo:
            break
    write_tree(folder, {f"{name}.pdf": data for name, data in written.items()})
    return scales


def write_pdf(project: Project, out: Path, graph: Graph | None = None) -> int:
    """Write the PDF and, beside it, its sheets (sheets/<id>.pdf) atomically; return the PDF's size in bytes."""
    graph = graph or project.graph()
    scales = write_sheets(project, out.parent / "sheets", graph)
    data = print_pdf(build_html(project, graph, scales), project.template_dir)
    write_file(out, data)
    return len(data)
