"""The pipeline in one place: load -> validate -> link -> render, for one project folder."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from types import MappingProxyType

import yaml

from .build import Build, Folders
from .git import git
from .history import read_history
from .kinds import Kind, load_kinds
from .link import Graph, link
from .linkcheck import load_dead
from .load import load
from .problems import DataError
from .render import Page, Renderer, environment
from .rules import load_host_classes
from .validate import validate


@dataclasses.dataclass(frozen=True)
class Project(Folders):
    """A checkout: data/, schemas/ and templates/ below one root."""

    root: Path

    @property
    def site_url(self) -> str:
        """The published site's address, from mkdocs.yml ('' when there is none)."""
        config = self.root / "mkdocs.yml"
        url = yaml.safe_load(config.read_text(encoding="utf-8")).get("site_url") if config.exists() else None
        return url.rstrip("/") + "/" if url else ""

    def build(self) -> Build:
        """Load, validate and link all data, read the history: the Build every command starts from;
        raise DataError with every problem found."""
        return builder(self).build()

    def kinds(self) -> dict[str, Kind]:
        """The kinds declared in schemas/ (whether or not the data is valid)."""
        return builder(self).kinds()

    def pages(self) -> list[Page]:
        """Every generated Markdown page of the data as it is now."""
        build = self.build()
        return Renderer(build).render_all(build.graph)


class Builder:
    """Makes the Builds of one project and keeps, for the next, the last one and what it was made
    from: `mkdocs serve` builds again on every save, and `atlas build` builds before MkDocs runs the
    hook, which asks again. One rule for staleness: what was made from files is made again when
    any of them changed size or modification time (a data file is read, and checked, again only
    when it changed), and the history when a git ref did; Jinja reloads a template that changed."""

    def __init__(self, project: Project):
        self.project = project
        self.templates = environment(project.template_dir)
        self.read: dict = {}  # the last load's files (atlas.load)
        self.checked: dict = {}  # their schema problems, for the last kinds (atlas.validate)
        self.made: dict[str, tuple] = {}  # by name: what was made last, and the key it was made from
        self.last: Build | None = None

    def _kept(self, name: str, key: tuple, make):
        """What make() returns, made again only when key (what it is made from) changed."""
        if name not in self.made or self.made[name][0] != key:
            self.made[name] = (key, make())
        return self.made[name][1]

    def kinds(self) -> dict[str, Kind]:
        """The kinds declared in schemas/."""
        return self._kept("kinds", stamp(self.project.schema_dir), self._read_kinds)

    def _read_kinds(self) -> dict[str, Kind]:
        self.checked.clear()  # checked against the old kinds
        return load_kinds(self.project.schema_dir)

    def build(self) -> Build:
        project, kinds = self.project, self.kinds()
        schemas = self.made["kinds"][0]
        history = self._kept("history", (_refs(project.root), schemas), lambda: read_history(project.root, kinds))
        graph = self._kept("graph", (stamp(project.data_dir), schemas), lambda: self._read_graph(kinds))
        site_url = project.site_url
        last = self.last
        if not (last and last.graph is graph and last.history is history and last.site_url == site_url):
            self.last = Build(project.root, MappingProxyType(kinds), graph, history, site_url, history.version, self.templates)
        return self.last

    def _read_graph(self, kinds: dict[str, Kind]) -> Graph:
        project = self.project
        loaded = load(project.data_dir, list(kinds), project.root, self.read)
        hosts, host_problems = load_host_classes(project.schema_dir, kinds, project.root)
        dead, dead_problems = load_dead(project.schema_dir, project.root)
        problems = (
            loaded.problems + host_problems + dead_problems + validate(loaded.documents, kinds, loaded.ids, hosts, self.checked)
        )
        if problems:
            raise DataError(problems)
        graph = link(loaded.documents, kinds)
        graph.dead_links = dead
        return graph


_BUILDERS: dict[Path, Builder] = {}  # the one Builder of each project folder in this process


def builder(project: Project) -> Builder:
    """The Builder of project's folder, which keeps its last build for the next command or rebuild."""
    if project.root not in _BUILDERS:
        _BUILDERS[project.root] = Builder(project)
    return _BUILDERS[project.root]


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
