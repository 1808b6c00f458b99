"""The pipeline in one place: load -> validate -> link -> render, for one project folder."""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import yaml

from .git import git
from .history import History, read_history
from .kinds import Kind, load_kinds
from .link import Graph, link
from .linkcheck import load_dead
from .load import load
from .problems import DataError
from .rules import load_host_classes
from .render import Page, Renderer
from .validate import validate


@dataclasses.dataclass(frozen=True)
class Project:
    """A checkout: data/, schemas/ and templates/ below one root."""

    root: Path

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def schema_dir(self) -> Path:
        return self.root / "schemas"

    @property
    def template_dir(self) -> Path:
        return self.root / "templates"

    @property
    def site_url(self) -> str:
        """The published site's address, from mkdocs.yml ('' when there is none)."""
        config = self.root / "mkdocs.yml"
        url = yaml.safe_load(config.read_text(encoding="utf-8")).get("site_url") if config.exists() else None
        return url.rstrip("/") + "/" if url else ""

    def kinds(self) -> dict[str, Kind]:
        """The kinds declared in schemas/ (kept while no schema changes: validators are reused)."""
        return _kept("kinds", (self.schema_dir, stamp(self.schema_dir)), lambda: load_kinds(self.schema_dir))

    def graph(self) -> Graph:
        """Load, validate and link all data; raise DataError with every problem found.

        The last graph is kept while no data or schema file changes, so `atlas build`, which
        validates before MkDocs starts, does not load everything a second time in the hook.
        """
        return _kept("graph", (self.root, stamp(self.data_dir), stamp(self.schema_dir)), self._read_graph)

    def _read_graph(self) -> Graph:
        kinds = self.kinds()
        loaded = load(self.data_dir, list(kinds), self.root)
        hosts, host_problems = load_host_classes(self.schema_dir, kinds, self.root)
        dead, dead_problems = load_dead(self.schema_dir, self.root)
        problems = loaded.problems + host_problems + dead_problems + validate(loaded.documents, kinds, loaded.ids, hosts)
        if problems:
            raise DataError(problems)
        graph = link(loaded.documents, kinds)
        graph.dead_links = dead
        return graph

    def history(self) -> History:
        """The data's change history and version, from git.

        Kept while no git ref and no schema changes: `mkdocs serve` asks again on every save.
        """
        key = (self.root, _refs(self.root), stamp(self.schema_dir))
        return _kept("history", key, lambda: read_history(self.root, self.kinds()))

    def pages(self, graph: Graph | None = None, history: History | None = None, html_from_file: bool = False) -> list[Page]:
        """Every generated Markdown page (of the given graph, or of the data as it is now);
        html_from_file: raw-HTML links for Zensical (render.html_href)."""
        renderer = Renderer(self.template_dir, history or self.history(), self.site_url, html_from_file)
        return renderer.render_all(graph or self.graph())


_LAST: dict[str, tuple] = {}  # what was last made in this process, by name, with what it was made from


def _kept(name: str, key: tuple, make):
    """What make() returns, made again only when key (what it is made from) changed."""
    if name not in _LAST or _LAST[name][0] != key:
        _LAST[name] = (key, make())
    return _LAST[name][1]


def _refs(root: Path) -> bytes:
    """HEAD and every branch and tag with their commits: what the history is read from."""
    try:
        return git(root, "show-ref", "--head")
    except (OSError, ValueError):
        return b""


def stamp(folder: Path) -> tuple:
    """Every file below folder with its size and modification time: changes when any file does."""
    found = []
    for directory, _, names in os.walk(folder):
        for name in names:
            stat = os.stat(os.path.join(directory, name))
            found.append((directory, name, stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(found))


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above start that has data/ and schemas/."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "schemas").is_dir() and (folder / "data").is_dir():
            return folder
    return here
