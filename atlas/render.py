"""Step 4, render: the graph -> Markdown pages, through Jinja templates.

Every value a template prints is escaped for HTML *and* Markdown (see ``literal``), so text from
a data file always appears as literal text. Markup made here in Python (links, citations) is the
only thing that reaches the page unescaped.
"""

from __future__ import annotations

import dataclasses
import functools
import posixpath
import re
from pathlib import Path
from urllib.parse import quote

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import api, overviews, urls, views
from .build import Build
from .link import Entity, Graph

# Markdown and HTML punctuation, anywhere in a value (quotes are harmless: data never lands in
# an attribute), and what starts a list or definition only at the start of a value.
_PUNCTUATION = "\\`*_{}[]()<>#|~^&!=+"
_SPECIAL = re.compile("[" + re.escape(_PUNCTUATION) + "]")
_ENTITIES = str.maketrans({c: f"&#{ord(c)};" for c in _PUNCTUATION})
_LINE_START = re.compile(r"\d+\.|[-:]")  # "1." and "-" would start a list
_SPACES = re.compile(r"\s+")
_ODD_SPACE = re.compile(r"[^\S ]| {2}")  # any whitespace but single spaces


def literal(value) -> Markup:
    """Escape any value so Markdown and HTML show it as plain text, on one line.

    The most called function of a build: each step runs only when the text needs it.
    """
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    if isinstance(value, bool):
        value = "yes" if value else "no"
    return _literal_text(str(value))


@functools.lru_cache(maxsize=1 << 16)
def _literal_text(text: str) -> Markup:
    """literal() of a text. Texts repeat (names, labels, the world map's shapes on every mineral's
    page), so most are looked up rather than escaped again."""
    if _ODD_SPACE.search(text):
        text = _SPACES.sub(" ", text)
    if _SPECIAL.search(text):
        text = text.translate(_ENTITIES)
    if start := _LINE_START.match(text):
        end = start.end() - 1
        text = f"{text[:end]}&#{ord(text[end])};{text[end + 1 :]}"
    return Markup(text)


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's, when PyYAML has it: the same text, faster
_META_UNSAFE = str.maketrans({"<": "‹", ">": "›", '"': "”"})
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;?)")


def meta_text(value) -> str:
    """Text for front matter (title, description, tags), which themes print without escaping.

    Characters that could open a tag, close an attribute or spell an entity are replaced by
    look-alikes, so even a theme that un-escapes (Jinja's ``striptags``) prints plain text.
    """
    text = re.sub(r"\s+", " ", str(value)).strip()
    return _ENTITY.sub("＆", text).translate(_META_UNSAFE)


def external_url(url: str) -> str:
    """An http(s) URL made safe to sit inside a Markdown link destination."""
    return quote(url, safe=":/?#@!$&*+,;=%~.-_")


@dataclasses.dataclass(frozen=True)
class Page:
    """One generated Markdown page: front matter for MkDocs, a body, and the YAML it shows, if any."""

    path: str
    body: str
    meta: dict = dataclasses.field(default_factory=dict)
    data_file: str | None = None

    @property
    def content(self) -> str:
        """The page as MkDocs reads it: YAML front matter (when there is any), then the body."""
        if not self.meta:
            return self.body
        front = yaml.dump(self.meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=True, width=1000)
        return "---\n" + front + "---\n\n" + self.body


def environment(template_dir: Path) -> Environment:
    """The templates of one folder: the site's and the PDF's, every printed value escaped by
    ``literal``. Kept by the project's Builder across builds (`mkdocs serve` renders on every
    save); Jinja reloads a template whose file changed."""
    env = Environment(
        loader=FileSystemLoader(str(template_dir)),
        autoescape=True,
        finalize=literal,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["literal"] = literal
    env.filters["date"] = lambda value: Markup(f'<span class="date">{literal(value)}</span>')
    env.filters["label"] = lambda value, field, kind: views.label_value(kind, field, value)
    env.filters["url"] = external_url
    env.filters["anchor"] = lambda entity: urls.anchor(entity.page)  # its entry's id in the PDF
    env.tests["entity"] = lambda value: isinstance(value, Entity)
    return env


# The macro templates, made into modules once per graph and given to every page under these
# names; each may use the ones before it.
MODULES = {"marks": "marks.md.j2", "worldmap": "worldmap.md.j2", "m": "macros.md.j2"}


class Renderer:
    """Renders a graph with the templates in one folder, and the data's history from git, one page
    at a time: the helpers the templates call (link, cite...) work on the page being rendered."""

    def __init__(self, build: Build, html_from_file: bool = False):
        self.history, self.site, self.html_from_file = build.history, build.site_url, html_from_file  # see urls.href
        self.env = build.templates
        self.graph: Graph | None = None  # the graph self.shared was made for
        self.shared: dict = {}
        self.path = self.here = ""  # the page being rendered, and its folder
        self.cited: dict[int, int] = {}  # its citation number -> how many marks point to it

    def _context(self, graph: Graph) -> dict:
        """What every page's template sees: the graph, the helpers and the macro modules.

        Modules are made once per graph, not imported by each page: an import "with context"
        builds its module again on every page.
        """
        if self.graph is not graph:
            self.graph = graph
            self.shared = dict(
                graph=graph,
                link=self.link,
                page_link=self.page_link,
                url=self.url,
                cite=self.cite,
                cited_at=self.cited_at,
                source_link=self.source_link,
                external_link=self.external_link,
                show=self.show,
                views=views,
                overviews=overviews,
                api=api,
                urls=urls,
                history=self.history,
                site=self.site,
            )
            for name, template in MODULES.items():
                self.shared[name] = self.env.get_template(template).make_module(self.shared)
        return self.shared

    def _page(self, template: str, path: str, graph: Graph, **context) -> str:
        shared = self._context(graph)
        self.path, self.here, self.cited = path, posixpath.dirname(path), {}
        return self.env.get_template(template).render(shared, **context)

    def link(self, entity: Entity, text=None) -> Markup:
        target = urls.relative(entity.page, self.here)
        return Markup(f"[{literal(text if text is not None else entity.title)}]({target})")

    def page_link(self, page: str, text) -> Markup:
        return Markup(f"[{literal(text)}]({urls.relative(page, self.here)})")

    def url(self, target: Entity | str) -> Markup:
        """An href for raw HTML (the explorer, the matrix, the maps) to an entity's page or a file
        of the site ('atlas.pdf', urls.explorer(status='signed')), escaped for an attribute."""
        path = urls.directory_url(target.page) if isinstance(target, Entity) else target
        return Markup.escape(urls.href(path, self.path, self.html_from_file))

    def cite(self, entity: Entity, source_ids) -> Markup:
        """Separate, numbered marks, each with an id the source list links back to."""
        links = []
        for n in entity.cite(source_ids):
            self.cited[n] = self.cited.get(n, 0) + 1
            links.append(f'<a href="#source-{n}" id="cite-{n}-{self.cited[n]}" aria-label="Source {n}">{n}</a>')
        return Markup(f'<sup class="atlas-cites">[{", ".join(links)}]</sup>' if links else "")

    def cited_at(self, n: int) -> range:
        """The marks that cite source n on this page, for the source list's way back."""
        return range(1, self.cited.get(n, 0) + 1)

    def source_link(self, source: Entity) -> Markup:
        url = source.data.get("url")
        if not url:
            return literal(source.title)
        return self.external_link(url, source.title)

    @staticmethod
    def external_link(url: str, text) -> Markup:
        return Markup(f"[{literal(text)}]({external_url(url)})")

    def show(self, entity: Entity, field: str) -> Markup:
        values = views.shown(entity, field, self.graph)
        return Markup(", ").join(self.link(v) if isinstance(v, Entity) else literal(v) for v in values)

    def render_entity(self, entity: Entity, graph: Graph, as_of: str) -> Page:
        kind = graph.kinds[entity.kind]
        front = {
            "title": meta_text(entity.title),
            "description": meta_text(entity.data.get("summary", entity.title)),
            "tags": [meta_text(tag) for tag in views.tags(entity, graph)],
            "hide": ["navigation"],
            "data_date": as_of,  # "Cite this page" gives the date the data is current to
            "feed": urls.feed(entity.kind, entity.id),
            "feed_title": meta_text(f"{entity.title}: changes"),
        }
        body = self._page(
            f"kinds/{entity.kind}.md.j2",
            entity.page,
            graph,
            e=entity,
            kind=kind,
            stale=views.is_stale(entity, as_of),
            as_of=as_of,
        )
        return Page(entity.page, body, front, entity.file)

    def render_all(self, graph: Graph) -> list[Page]:
        """Every page of the site: entities, one index per kind, and the overview pages."""
        as_of = graph.as_of
        pages = [self.render_entity(entity, graph, as_of) for entity in graph.all()]
        for name, kind in graph.kinds.items():
            path = urls.index_page(name)
            body = self._page("kind_index.md.j2", path, graph, kind=kind, table=views.index_table(kind, graph))
            pages.append(Page(path, body, {"title": kind.label, "hide": ["navigation"]}))
        for template in sorted(self.env.list_templates(filter_func=lambda n: n.startswith("pages/"))):
            pages.append(self.render_overview(template, graph, as_of))
        return sorted(pages, key=lambda page: page.path)

    def render_overview(self, template: str, graph: Graph, as_of: str) -> Page:
        """An overview page from templates/pages/: "pages/map.md.j2" -> map.md."""
        path = template[len("pages/") :].removesuffix(".j2")
        return Page(path, self._page(template, path, graph, as_of=as_of))
