"""The site's search index: Pagefind, run over the built HTML (pinned `pagefind-bin` package).

Pagefind splits the index into small chunks; the browser fetches only the chunks for the words
typed, and only once a reader opens the search (docs/javascripts/search.js).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

# Only the article is indexed (no navigation, header or footer). Pagefind's other front ends are
# not used: the site has its own small search dialog.
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
    "wasm.unknown.pagefind",
)


class SearchIndexError(Exception):
    """Pagefind failed; the message is its output."""


def index_site(site: Path) -> None:
    """Write site/pagefind/ afresh, or raise SearchIndexError with Pagefind's output."""
    shutil.rmtree(site / "pagefind", ignore_errors=True)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pagefind_bin",
            "--site",
            str(site),
            "--root-selector",
            "article",
            "--exclude-selectors",
            ".headerlink",
            "--exclude-selectors",
            ".atlas-cite-page",
            "--exclude-selectors",
            ".md-tags",
            "--quiet",
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SearchIndexError(f"pagefind could not index {site}:\n{result.stdout}{result.stderr}")
    for name in UNUSED:
        (site / "pagefind" / name).unlink(missing_ok=True)
