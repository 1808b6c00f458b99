"""One build of the atlas: everything a command renders from, read once where the command starts
(by ``project.Builder``) and passed down: the site's pages, the exports and the PDF all come from
the same value."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

from jinja2 import Environment

from .history import History
from .kinds import Kind
from .link import Graph


class Folders:
    """A project folder's parts: data/, schemas/ and templates/ below its root."""

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


@dataclasses.dataclass(frozen=True)
class Build(Folders):
    """The kinds, the validated graph, the git history, the site's address and the data version of
    one project folder, with the templates to render them."""

    root: Path
    kinds: Mapping[str, Kind]
    graph: Graph
    history: History
    site_url: str  # ends in '/', or '' when mkdocs.yml gives none
    version: str
    templates: Environment
