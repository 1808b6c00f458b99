"""Machine-readable exports of the data, published with the site.

The JSON API (``api.py``), the CSV tables and their data package (``tables.py``), the Atom
feeds (``feeds.py``) and the JSON Schemas themselves, under ``schemas/``. Like the pages, they
come from the validated graph and the git history; output is sorted and stable, so the same
data and history give the same bytes.
"""

from __future__ import annotations

import json

from . import urls
from .api import api_files
from .feeds import feed_files
from .history import History, unavailable
from .instrument_tables import instrument_tables
from .link import Graph
from .tables import table_files


def dump(value) -> str:
    # one line per file: without `indent`, json uses its C encoder rather than the much slower
    # pure-Python one
    return json.dumps(value, ensure_ascii=False, sort_keys=True) + "\n"


def exports(graph: Graph, history: History | None = None, site: str = "", schema_dir=None) -> dict[str, str]:
    """Every export file, by its path in the site; page addresses start with site (the site's URL)."""
    history = history or unavailable("no history was read")
    files = {
        **api_files(graph, history, site, dump),
        **table_files(graph, history, site, dump, instrument_tables(graph, site)),
        **feed_files(graph, history, site, graph.as_of),
    }
    if schema_dir is not None:
        files.update({urls.schema(path.name): path.read_text(encoding="utf-8") for path in sorted(schema_dir.glob("*.json"))})
    return files
