"""Generated files kept on disk for `mkdocs serve --dirty`, each rewritten only when it changes.

A dirty rebuild renders a file again only when its source is newer than its output. Files
handed to MkDocs as content always count as changed, so every save would rebuild every page;
staged here, only the pages and exports that an edit changed are rebuilt.
"""

from __future__ import annotations

from pathlib import Path

FOLDER = ".atlas-staging"  # inside the preview's site folder: MkDocs' cleaning skips hidden
# entries, and the server removes the whole site folder when it stops


class Staging:
    """A folder of generated files, and what was last written to each."""

    def __init__(self, folder: Path):
        self.folder = folder
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


_PREVIEW: list = []  # [None, then the staging] once a dirty preview starts: the one state a
# preview keeps across its rebuilds besides the project's Builder (atlas.project), kept here, not in
# the hook, as MkDocs documents no lifetime for a hook module's globals


def start() -> None:
    """Stage generated files from now on, in this process (`mkdocs serve --dirty`)."""
    if not _PREVIEW:
        _PREVIEW.append(None)


def preview(site_dir: str) -> Staging | None:
    """The staging of the dirty preview built into site_dir, if this process serves one."""
    if _PREVIEW and _PREVIEW[0] is None:
        _PREVIEW[0] = Staging(Path(site_dir) / FOLDER)
    return _PREVIEW[0] if _PREVIEW else None
