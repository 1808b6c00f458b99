"""Step 5, build: the MkDocs site and the PDF, staged and moved into place only when both succeed;
and the steps any engine's output needs (`finish`)."""
from __future__ import annotations

import datetime
import os
import shutil
import tempfile
from pathlib import Path

from . import views
from .csp import add_policies
from .output import replace_dir
from .pdf import PdfError, write_pdf
from .project import Project
from .search import SearchIndexError, index_site

PDF_NAME = "atlas.pdf"


class BuildError(Exception):
    """MkDocs refused to build (a strict-mode warning or a broken link)."""


def finish(site: Path) -> None:
    """What a site built by any engine (`mkdocs build`, ProperDocs, Zensical) needs afterwards: the
    Content-Security-Policy on every HTML page (the hook adds it to MkDocs' pages as they are
    written; Zensical runs no hook), then the search index of the pages as served. Raises
    SearchIndexError."""
    add_policies(site)
    index_site(site)


def build_site(project: Project, out: Path) -> Path:
    """Validate, build the site strictly, finish it, write the PDF and its sheets; replace `out` atomically."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    graph = project.graph()  # fails with every data problem before MkDocs starts
    as_of = datetime.datetime.combine(datetime.date.fromisoformat(views.as_of(graph)), datetime.time(), datetime.timezone.utc)
    # the sitemap's dates and the gzip header come from the data, not the clock: same data, same bytes
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(as_of.timestamp())))
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        config = load_config(str(project.root / "mkdocs.yml"), strict=True, site_dir=str(staging))
        try:
            build(config)
        except MkDocsException as error:
            raise BuildError(str(error) or "mkdocs build failed (see the warnings above)") from None
        try:
            finish(staging)
        except SearchIndexError as error:
            raise BuildError(str(error)) from None
        try:
            write_pdf(project, staging / PDF_NAME, graph)  # and its sheets beside it
        except PdfError as error:
            raise BuildError(str(error)) from None
        replace_dir(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out / PDF_NAME
