"""Step 5, build: the MkDocs site and the PDF, staged and moved into place only when both succeed;
and the steps any engine's output needs (`finish`)."""

from __future__ import annotations

import datetime
import os
import shutil
import tempfile
from pathlib import Path

from . import urls
from .build import Build
from .csp import add_policies
from .output import replace_dir
from .pdf import PdfError, write_pdf
from .search import SearchIndexError, index_site


class BuildError(Exception):
    """MkDocs refused to build (a strict-mode warning or a broken link)."""


def finish(site: Path) -> None:
    """What a site built by any engine (`mkdocs build`, ProperDocs, Zensical) needs afterwards: the
    Content-Security-Policy on every HTML page (the hook adds it to MkDocs' pages as they are
    written; Zensical runs no hook), then the search index of the pages as served. Raises
    SearchIndexError."""
    add_policies(site)
    index_site(site)


def build_site(build: Build, out: Path) -> Path:
    """Build the site strictly, finish it, write the PDF and its sheets; replace `out` atomically.
    (The hook asks the project's Builder, which gives back the same build.)"""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    as_of = datetime.datetime.combine(datetime.date.fromisoformat(build.graph.as_of), datetime.time(), datetime.UTC)
    # the sitemap's dates and the gzip header come from the data, not the clock: same data, same bytes
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(as_of.timestamp())))
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        config = load_config(str(build.root / "mkdocs.yml"), strict=True, site_dir=str(staging))
        try:
            mkdocs_build(config)
        except MkDocsException as error:
            raise BuildError(str(error) or "mkdocs build failed (see the warnings above)") from None
        try:
            finish(staging)
        except SearchIndexError as error:
            raise BuildError(str(error)) from None
        try:
            write_pdf(build, staging / urls.PDF)  # and its sheets beside it
        except PdfError as error:
            raise BuildError(str(error)) from None
        replace_dir(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out / urls.PDF
