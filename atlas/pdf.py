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
import re
import shutil
import subprocess
import sys
import tempfile
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import markdown
import yaml
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from . import urls, views
from .build import Build
from .history import History
from .kinds import cited_kind, tracked_kind
from .link import Graph
from .output import write_file, write_tree
from .overviews import agreed, marks
from .pdftree import document_tree
from .render import Page, Renderer

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)  # an overview page's settings for MkDocs, not text
LATEST = 8  # events under "latest changes"
BIGGEST = 6  # the last release's status changes on the cover
SHEET_PAGES = 2  # a sheet's most pages
SCALES = (100, 90, 80)  # the text sizes (percent) tried in turn until a sheet fits its pages
_PAGE = re.compile(rb"/Type\s*/Page\b(?!s)")
_MAP = re.compile(r'<figure class="atlas-map">.*?</figure>', re.S)
_LOWER = {f"h{n}": f"h{n + 1}" for n in range(1, 6)}  # chapters are the h1s


class _InDocument(Treeprocessor):
    """Makes one page's ids and links work inside the combined document, one heading level down:
    in the element tree Python-Markdown builds and in the raw HTML it keeps aside (citation marks,
    maps), after the site's extensions have set the headings' ids."""

    def __init__(self, md: markdown.Markdown, included: set[str], cited: str | None):
        super().__init__(md)
        self.included, self.cited = included, cited
        self.page = ""  # the page being converted

    def run(self, root) -> None:
        for element in root.iter():
            element.tag = _LOWER.get(element.tag, element.tag)
            self.relink(element.attrib)
        stash = self.md.htmlStash.rawHtmlBlocks
        stash[:] = [_RawHtml(self).relinked(block) if isinstance(block, str) else block for block in stash]

    def relink(self, attributes: dict) -> None:
        """An element's id made unique in the document; its link pointed at the place in the
        document, or dropped (the text stays) when it leads to none."""
        if "id" in attributes:
            attributes["id"] = f"{urls.anchor(self.page)}--{attributes['id']}"
        if "href" in attributes:
            target = self.target(attributes["href"])
            if target is None:
                del attributes["href"]
            else:
                attributes["href"] = target

    def target(self, href: str) -> str | None:
        if href.startswith("#"):
            return None  # on paper a citation number needs no link to the list a few lines below
        path, _, fragment = href.partition("#")
        if path.endswith(".md"):
            resolved = urls.resolve(path, self.page)
            if resolved not in self.included:
                return None  # a site-only page (e.g. contributing): keep the text, drop the link
            # a link to a source's page lands on its line in the source list
            cited = resolved.startswith(f"{self.cited}/")
            return f"#{urls.anchor(resolved)}{'--' + fragment if fragment and not cited else ''}"
        if "://" not in path:
            return None  # a site-only file (a JSON or CSV download): keep the text, drop the link
        return href


class _RawHtml(HTMLParser):
    """Raw HTML with each tag's id and link relinked, and everything else as it was."""

    def __init__(self, relinker: _InDocument):
        super().__init__(convert_charrefs=False)
        self.relinker, self.out = relinker, []

    def relinked(self, html: str) -> str:
        self.feed(html)
        self.close()
        return "".join(self.out)

    def handle_starttag(self, tag, attrs, end=">"):
        attributes = dict(attrs)
        if "id" not in attributes and "href" not in attributes:
            self.out.append(self.get_starttag_text())
            return
        self.relinker.relink(attributes)
        tag = _LOWER.get(tag, tag)
        self.out.append(
            f"<{tag}"
            + "".join(f' {name}="{escape(value)}"' if value is not None else f" {name}" for name, value in attributes.items())
            + end
        )

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs, " />")

    def handle_endtag(self, tag):
        self.out.append(f"</{_LOWER.get(tag, tag)}>")

    def handle_data(self, data):
        self.out.append(data)

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")


def page_html(page: Page, converter: markdown.Markdown, maps: bool = False) -> Markup:
    """One page as HTML whose ids and links work inside the combined document, one heading level down
    (converter: site_markdown's, with _InDocument); without its maps unless asked (on paper an
    entry's map says no more than the table beside it)."""
    body = _FRONT_MATTER.sub("", page.body)
    converter.reset().treeprocessors["atlas-in-document"].page = page.path
    return Markup(converter.convert(body if maps else _MAP.sub("", body)))  # Markdown output of escaped data


def site_markdown(root: Path, included: set[str], cited: str | None) -> markdown.Markdown:
    """A Markdown converter with the site's extensions and their settings, as mkdocs.yml lists them,
    that relinks each page into the document (included: the pages in it; cited: the source kind)."""
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    settings = dict(
        next(iter(item.items())) if isinstance(item, dict) else (item, None) for item in config.get("markdown_extensions", [])
    )
    converter = markdown.Markdown(extensions=list(settings), extension_configs={k: v for k, v in settings.items() if v})
    # after every other step of the tree (the table of contents, at 5, sets the headings' ids)
    converter.treeprocessors.register(_InDocument(converter, included, cited), "atlas-in-document", 1)
    return converter


def state_of_play(graph: Graph) -> dict:
    """The summary's figures: partnerships by the status a reader sees (stalled (inferred) apart) and
    evidence level, and the latest events."""
    kind = graph.kinds[tracked_kind(graph.kinds)]
    partnerships = graph.by_kind[kind.name]
    levels = kind.field_schema("evidence")[0]["enum"]
    by_status = marks.by_status(graph)
    grid = [(s, inferred, [sum(p.data["evidence"] == e for p in group) for e in levels]) for s, inferred, group in by_status]
    latest = sorted(
        ((item, p) for p in partnerships for item in p.data.get("timeline", [])),
        key=lambda pair: (pair[0]["date"], pair[1].id),
        reverse=True,
    )[:LATEST]
    return {"levels": levels, "grid": grid, "by_status": by_status, "latest": latest}


def findings(graph: Graph, history: History) -> dict:
    """The cover's key findings: partnerships by status (how many read as stalled by inference) and
    by evidence, promises by the delivery a reader sees, and the partnerships whose status the last
    data release moved (from its first status to its last), if there is a release."""
    tracked = tracked_kind(graph.kinds)
    kind, partnerships = graph.kinds[tracked], graph.by_kind[tracked]
    commitments = agreed.all_commitments(graph)

    def tally(values: list, order: list) -> list[tuple[str, int]]:
        return [(value, values.count(value)) for value in order if value in values]

    moved: dict[str, list] = {}  # partnership id -> [title, before, after]
    release = next((r for r in history.releases if r.version), None)
    for change in release.changes if release else ():  # newest first
        if change.kind == tracked and change.status:
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


def _helpers(graph: Graph) -> dict:
    """What the PDF's templates ask of the graph: an entity's standing, what was agreed in it and
    what came of it, and the words of a commitment's terms."""
    return dict(
        standing=lambda entity: marks.standing(graph, entity),
        instruments=lambda entity: agreed.instruments(graph, entity),
        term=lambda value, path: agreed.label(graph, path, value),
    )


def build_html(build: Build) -> str:
    """The whole briefing as one HTML document, its text at the size it is read at (a sheet on its
    own may be set smaller to fit two pages; in the book it runs on)."""
    graph = build.graph
    as_of = graph.as_of
    sheets, sources = tracked_kind(graph.kinds), cited_kind(graph.kinds)  # a sheet each; the source list
    chapters = [(kind, graph.by_kind[name]) for name, kind in graph.kinds.items() if name not in (sheets, sources)]
    renderer = Renderer(build)  # only the pages the PDF shows
    methodology = build.root / "docs" / "methodology.md"
    appendix = [Page("methodology.md", methodology.read_text(encoding="utf-8"))] if methodology.exists() else []
    included = {e.page for e in graph.all()} | {p.path for p in appendix}
    converter = site_markdown(build.root, included, sources)  # set up once, reset per page
    return build.templates.get_template("pdf/briefing.html.j2").render(
        graph=graph,
        as_of=as_of,
        version=build.version,
        site_url=build.site_url,
        urls=urls,
        counts=views.counts(graph),
        freshness=views.freshness(graph),
        sheets=graph.by_kind[sheets],
        sheet_kind=graph.kinds[sheets],
        play=state_of_play(graph),
        key=findings(graph, build.history),
        sources=graph.by_kind[sources],
        source_kind=graph.kinds[sources],
        **_helpers(graph),
        chapters=[
            (kind, [(e, page_html(renderer.render_entity(e, graph, as_of), converter)) for e in entities])
            for kind, entities in chapters
        ],
        appendix=[(urls.anchor(p.path), page_html(p, converter)) for p in appendix],
        world_map=page_html(renderer.render_overview("pages/map.md.j2", graph, as_of), converter, maps=True),
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


def write_sheets(build: Build, folder: Path) -> None:
    """Each partnership's sheet of the briefing as a PDF of its own, folder/<id>.pdf (the book's
    layout, given one sheet, headed with where it comes from), each in one Typst process that
    reads its fonts once. A sheet that runs past two pages is laid out again smaller, as a print
    dialog shrinks to fit."""
    graph = build.graph
    template = build.templates.get_template("pdf/sheet.html.j2")
    sheets = tracked_kind(graph.kinds)
    shared = dict(
        graph=graph,
        as_of=graph.as_of,
        version=build.version,
        site_url=build.site_url,
        sheet_kind=graph.kinds[sheets],
        **_helpers(graph),
    )
    source = build.template_dir / "pdf" / "briefing.typ"
    written, todo = {}, list(graph.by_kind[sheets])
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
                written[e.id] = (out / f"{e.id}.pdf").read_bytes()
        todo = [e for e in todo if _pages(written[e.id]) > SHEET_PAGES]
        if not todo:
            break
    write_tree(folder, {f"{name}.pdf": data for name, data in written.items()})


def write_pdf(build: Build, out: Path) -> int:
    """Write the PDF and, beside it, its sheets (sheets/<id>.pdf) atomically; return the PDF's size in bytes."""
    write_sheets(build, out.parent / "sheets")
    data = print_pdf(build_html(build), build.template_dir)
    write_file(out, data)
    return len(data)
