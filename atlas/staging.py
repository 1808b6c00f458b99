"""Generated files kept on disk for `mkdocs serve --dirty`, each rewritten only when it changes.

A dirty rebuild renders a file again only when its source is newer than its output. Files
handed to MkDocs as content always count as changed, so every save would rebuild every page;
staged here, only the pages and exports that an edit changed are rebuilt.
"""
from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path


class Staging:
    """A folder of generated files, and what was last written to each."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="atlas-preview-"))
        atexit.register(shutil.rmtree, self.folder, True)
        self.written: dict[str, str] = {}
        self.theme = None  # what the last build's pages were rendered with, beyond their Markdown

    def path(self, relative: str, content: str) -> str:
        """The file holding content; its modification time changes only when its content does."""
        target = self.folder / relative
        if self.written.get(relative) != content:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
            self.written[relative] = content
        return str(target)

    def theme_changed(self, theme) -> bool:
        """Whether theme (anything every page shows) differs from the last build's."""
        changed, self.theme = theme != self.theme, theme
        return changed


_PREVIEW: list[Staging] = []  # kept here across rebuilds: MkDocs loads the hook afresh for each


def start() -> Staging:
    """Stage generated files from now on, in this process (`mkdocs serve --dirty`)."""
    if not _PREVIEW:
        _PREVIEW.append(Staging())
    return _PREVIEW[0]


def preview() -> Staging | None:
    """This process's staging, if it serves a dirty preview."""
    return _PREVIEW[0] if _PREVIEW else None
