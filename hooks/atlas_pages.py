"""MkDocs hook: a thin adapter that adds the pages rendered by ``atlas`` to the build.

All the work is done by the ``atlas`` package (load -> validate -> link -> render); this file
only hands the pages and the exports (API, tables, feeds) to MkDocs as generated files, points
their "edit" button at the YAML file they come from, dates each page for the sitemap from the
git history, puts the data version in the footer, asks ``mkdocs serve`` to watch the data,
schemas and templates, gives the theme the "Cite this page" helpers, and adds the
Content-Security-Policy to every page as MkDocs writes it (``atlas.site.finish``, which also
makes the search index, adds it to any engine's output; writing every page again afterwards
costs more). Under ``mkdocs serve --dirty`` (``make serve``) the generated files are staged on
disk, so a rebuild renders only the pages an edit changed.
"""

from __future__ import annotations

import functools
import gc
import logging
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import clean_directory

from atlas import cite, staging
from atlas.csp import add_policy
from atlas.export import exports
from atlas.problems import DataError
from atlas.project import Project, stamp
from atlas.render import Renderer

log = logging.getLogger("mkdocs.hooks.atlas")
_build: dict = {}  # this build's Build (from the project's Builder) and each page's last change (for the sitemap)


class _RequestsAreNotBuildWarnings(logging.Filter):
    """`mkdocs serve` logs every request that is not a 200 as a WARNING, and strict mode counts
    those of a rebuild: an old tab asking for /partnerships/x/ instead of /atlas/partnerships/x/
    would abort every rebuild. Requests are logged at INFO, with where the preview lives."""

    mount = "/"

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and '" code ' in record.getMessage():
            path = record.getMessage().split(" ")[1]
            record.levelno, record.levelname = logging.INFO, "INFO"
            if not path.startswith(self.mount):
                record.msg, record.args = f"{record.getMessage()}: the preview is served under {self.mount}", ()
        return True


_REQUESTS = _RequestsAreNotBuildWarnings()


def _dirty_is_intended(record: logging.LogRecord) -> bool:
    """MkDocs warns that a dirty build may leave pages stale; the preview asks for one on purpose
    (the hook stages what changed) and strict mode would abort every rebuild over the warning."""
    if record.levelno == logging.WARNING and record.getMessage().startswith("A 'dirty' build"):
        record.levelno, record.levelname = logging.INFO, "INFO"
    return True


def on_startup(command, dirty):
    if command == "serve":
        logging.getLogger("mkdocs.livereload").addFilter(_REQUESTS)
        if dirty:
            staging.start()
            logging.getLogger("mkdocs.commands.build").addFilter(_dirty_is_intended)


def _collector_paused(step):
    """step, run with Python's cyclic garbage collector paused.

    The hook makes many long-lived objects (the data, the pages, the exports), and each time the
    heap grew by a quarter a full collection walked all of them. Paused, none is walked; the cyclic
    garbage left meanwhile (Jinja's per-page contexts) is collected once MkDocs goes on. What it
    saves, and costs in memory, is measured in bench/README.md."""

    @functools.wraps(step)
    def paused(*args, **kwargs):
        if not gc.isenabled():
            return step(*args, **kwargs)
        gc.disable()
        try:
            return step(*args, **kwargs)
        finally:
            gc.enable()

    return paused


@_collector_paused
def on_config(config):
    _REQUESTS.mount = urlsplit(config.site_url or "/").path or "/"
    project = Project(Path(config.config_file_path).resolve().parent)
    for folder in (project.data_dir, project.schema_dir, project.template_dir):
        if str(folder) not in config.watch:
            config.watch.append(str(folder))
    try:
        _build["build"] = build = project.build()
    except DataError as error:
        raise PluginError(f"the data has problems; nothing was built:\n{error}") from None
    # the data version in every page's footer
    config.copyright = f"{config.copyright or ''} Data version {build.version}.".strip()
    return config


def on_pre_build(config):
    """A dirty preview starts afresh when what every page shows beyond its Markdown changes."""
    preview = staging.preview(config.site_dir)
    custom = config.theme.custom_dir
    theme = (config.copyright, Path(config.config_file_path).stat().st_mtime_ns, stamp(Path(custom)) if custom else ())
    if preview and preview.theme_changed(theme):
        clean_directory(config.site_dir)


def _file(config, path: str, content: str) -> File:
    """A generated file: its content, or under a dirty preview its staged copy."""
    preview = staging.preview(config.site_dir)
    if preview:
        return File.generated(config, path, abs_src_path=preview.path(path, content))
    return File.generated(config, path, content=content)


@_collector_paused
def on_files(files: Files, config) -> Files:
    docs = Path(config.docs_dir).name
    for file in files:
        if file.edit_uri:
            file.edit_uri = f"{docs}/{file.src_uri}"  # hand-written pages live in docs/
    build = _build["build"]
    history = build.history
    pages = Renderer(build).render_all(build.graph)
    fallback = history.latest
    _build["lastmod"] = {page.path: history.lastmod.get(page.data_file, fallback) for page in pages}
    _build["lastmod"].update({file.src_uri: history.lastmod.get(f"{docs}/{file.src_uri}", fallback) for file in files})
    for page in pages:
        file = _file(config, page.path, page.content)
        # the edit button opens the data file, not the generated page
        file.edit_uri = page.data_file
        files.append(file)
    # the JSON API, CSV tables and data package, Atom feeds and JSON Schemas
    for path, content in exports(build.graph, history, build.site_url, build.schema_dir).items():
        files.append(_file(config, path, content))
    # CONTRIBUTING.md lives at the top of the repository, where hosting sites look for it
    contributing = File.generated(config, "contributing.md", abs_src_path=str(build.root / "CONTRIBUTING.md"))
    contributing.edit_uri = "CONTRIBUTING.md"
    files.append(contributing)
    log.info("atlas: added %d generated pages", len(pages))
    return files


def on_pre_page(page, config, files):
    """The sitemap's lastmod: the day of the last commit that changed the page's data file."""
    day = _build.get("lastmod", {}).get(page.file.src_uri)
    if day:
        page.update_date = day
    return page


def on_env(env, config, files):
    # "Cite this page" (overrides/partials/cite.html)
    env.globals.update(cite_plain=cite.plain, cite_bibtex=cite.bibtex, data_version=_build["build"].version)
    return env


def on_post_page(output: str, page, config) -> str:
    return add_policy(output)


def on_post_template(output: str, template_name: str, config) -> str:
    return add_policy(output) if template_name.endswith(".html") else output
