"""The site as a project that needs no MkDocs hook, for engines that run none (Zensical) and for
timing MkDocs without the hook: docs/ holds every generated page and export beside the
hand-written pages and CONTRIBUTING.md (as contributing.md), next to a copy of mkdocs.yml.
"""

from __future__ import annotations

import yaml

from .build import Build
from .export import exports
from .render import Renderer

# What only works with the hook: `hooks:` and `watch:` themselves; the theme overrides, which call
# the hook's template helpers; edit_uri, as the hook points each edit button at the page's own file.
HOOK_ONLY = ("hooks", "watch", "edit_uri")


def hookless_files(build: Build) -> dict[str, str | bytes]:
    """The hook-less project's files by path: mkdocs.yml and docs/."""
    config = yaml.safe_load((build.root / "mkdocs.yml").read_text(encoding="utf-8"))
    for key in HOOK_ONLY:
        config.pop(key, None)
    config.get("theme", {}).pop("custom_dir", None)
    hand_written = build.root / config.get("docs_dir", "docs")
    docs = {page.path: page.content for page in Renderer(build, html_from_file=True).render_all(build.graph)}
    docs.update(exports(build.graph, build.history, build.site_url, build.schema_dir))
    docs.update(
        {
            path.relative_to(hand_written).as_posix(): path.read_bytes()
            for path in sorted(hand_written.rglob("*"))
            if path.is_file()
        }
    )
    docs["contributing.md"] = (build.root / "CONTRIBUTING.md").read_bytes()
    config["docs_dir"] = "docs"
    files = {f"docs/{path}": content for path, content in docs.items()}
    files["mkdocs.yml"] = (
        "# Written by `atlas render --project`: the site without the hook (see atlas/hookless.py).\n"
        + yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    )
    return files
