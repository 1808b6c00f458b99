"""Every address in the atlas, in one place: page paths and their URLs, links from one page to
another, the API, table and feed files, the PDF and the anchors inside it.

Paths are relative to the site's root ('partnerships/india-canada.md'); URLs that leave the site
(the exports' `url` fields, the feeds) start with the site's address, `site`, which ends in '/'
('' when mkdocs.yml has none).
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import urlencode

API = "api/v1"
API_INDEX = f"{API}/index.json"
DATAPACKAGE = f"{API}/datapackage.json"
OPENAPI = f"{API}/openapi.json"
FEEDS = "feeds"
ATLAS_FEED = f"{FEEDS}/atlas.xml"
STATUS_FEED = f"{FEEDS}/status.xml"
CHANGES = "changes/"  # the "What changed" page's URL
PDF = "atlas.pdf"


def page(kind: str, entity_id: str) -> str:
    """An entity's generated page: 'partnerships/india-canada.md'."""
    return f"{kind}/{entity_id}.md"


def index_page(kind: str) -> str:
    """A kind's index page: 'partnerships/index.md'."""
    return f"{kind}/index.md"


def directory_url(path: str) -> str:
    """The address MkDocs gives a page (directory URLs): 'a/b.md' -> 'a/b/', 'a/index.md' -> 'a/'."""
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def page_url(site: str, kind: str, entity_id: str) -> str:
    """An entity's page as a full URL: '<site>partnerships/india-canada/'."""
    return f"{site}{kind}/{entity_id}/"


def relative(target: str, here: str) -> str:
    """A Markdown link from a page in folder `here` to the file `target` (both site paths).
    (posixpath.relpath without asking the file system for the cwd.)"""
    start, parts = (here.split("/") if here else []), target.split("/")
    common = 0
    while common < min(len(start), len(parts) - 1) and start[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + parts[common:])


def resolve(link: str, here: str) -> str:
    """The page a relative Markdown link on page `here` leads to: ('../minerals/lithium.md',
    'countries/chile.md') -> 'minerals/lithium.md'."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(here), link))


def href(target: str, here: str, from_file: bool = False) -> str:
    """An href written in raw HTML on page `here` (its Markdown path) to `target`, a path in the site
    ('countries/canada/', 'atlas.pdf'). MkDocs leaves raw HTML as written, so a browser reads the
    href from the page's address ('countries/canada/' -> '../../countries/canada/' on a page at
    'minerals/cobalt/'); Zensical rewrites it as it does a Markdown link, as if it were relative
    to the page's file (from_file: '../countries/canada/' from 'minerals/cobalt.md'). (Paths made
    absolute, so relpath does not ask the file system for the cwd.)"""
    link = posixpath.relpath("/" + target, "/" + (posixpath.dirname(here) if from_file else directory_url(here)))
    return link + "/" if target.endswith("/") else link


def api_index(kind: str) -> str:
    return f"{API}/{kind}.json"


def api_record(kind: str, entity_id: str) -> str:
    return f"{API}/{kind}/{entity_id}.json"


def table(name: str) -> str:
    """A CSV table: a kind's ('partnerships'), a link table's or events / facts."""
    return f"{API}/{name}.csv"


def table_row(name: str, entity_id: str) -> str:
    """One entity's row of its kind's table, as a CSV file."""
    return f"{API}/{name}/{entity_id}.csv"


def schema(file_name: str) -> str:
    """A published JSON Schema: 'partnerships.schema.json' -> 'schemas/partnerships.schema.json'."""
    return f"schemas/{file_name}"


def explorer(**filters: str) -> str:
    """The explorer filtered: explorer(status='signed') -> 'explorer/?status=signed'."""
    return "explorer/?" + urlencode(filters)


def feed(kind: str, entity_id: str) -> str:
    return f"{FEEDS}/{kind}/{entity_id}.xml"


def downloads(site: str, kind: str, entity_id: str) -> dict:
    """An entity's JSON record, CSV row and Atom feed, as full URLs."""
    return {
        "json": site + api_record(kind, entity_id),
        "csv": site + table_row(kind, entity_id),
        "feed": site + feed(kind, entity_id),
    }


def anchor(path: str) -> str:
    """A page's id inside the PDF: 'minerals/lithium.md' -> 'p-minerals-lithium'."""
    return "p-" + re.sub(r"[^a-z0-9]+", "-", path.removesuffix(".md").lower()).strip("-")


def sheet(entity_id: str) -> str:
    """A partnership's sheet of the PDF, on its own (atlas.pdf.write_sheets)."""
    return f"sheets/{entity_id}.pdf"
