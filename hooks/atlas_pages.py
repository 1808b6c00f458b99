"""MkDocs hook: a thin adapter that adds the pages rendered by ``atlas`` to the build.

All the work is done by the ``atlas`` package (load -> validate -> link -> render); this file
only hands the pages and the JSON/CSV exports to MkDocs as generated files, points their "edit" button at the YAML file
they come from, asks ``mkdocs serve`` to watch the data, schemas and templates, and adds the
Content-Security-Policy to every page.
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from atlas.csp import add_policy
from atlas.export import exports
from atlas.problems import DataError
from atlas.project import Project

log = logging.getLogger("mkdocs.hooks.atlas")


def _project(config) -> Project:
    return Project(Path(config.config_file_path).resolve().parent)


def on_config(config):
    project = _project(config)
    for folder in (project.data_dir, project.schema_dir, project.template_dir):
        if str(folder) not in config.watch:
            config.watch.append(str(folder))
    return config


def on_files(files: Files, config) -> Files:
    docs = Path(config.docs_dir).name
    for file in files:
        if file.edit_uri:
            file.edit_uri = f"{docs}/{file.src_uri}"  # hand-written pages live in docs/
    project = _project(config)
    try:
        graph = project.graph()
    except DataError as error:
        raise PluginError(f"the data has problems; nothing was built:\n{error}") from None
    pages = project.pages(graph)
    for page in pages:
        file = File.generated(config, page.path, content=page.content)
        # the edit button opens the data file, not the generated page
        file.edit_uri = page.data_file
        files.append(file)
    for path, content in exports(graph).items():  # JSON and CSV downloads of the data
        files.append(File.generated(config, path, content=content))
    # CONTRIBUTING.md lives at the top of the repository, where hosting sites look for it
    contributing = File.generated(config, "contributing.md", abs_src_path=str(project.root / "CONTRIBUTING.md"))
    contributing.edit_uri = "CONTRIBUTING.md"
    files.append(contributing)
    log.info("atlas: added %d generated pages", len(pages))
    return files


def on_post_page(output: str, page, config) -> str:
    return add_policy(output)


def on_post_template(output: str, template_name: str, config) -> str:
    return add_policy(output) if template_name.endswith(".html") else output
