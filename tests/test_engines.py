"""A way off MkDocs 1.x. ProperDocs (a maintained fork) builds the site from the same mkdocs.yml,
hook included; Zensical, which runs no hooks, builds the project `atlas render --project` writes.
Each test is skipped where its engine is not installed (`make test-engines` installs both)."""
from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import MINI_DATA, run_atlas


def _build(engine: str, root, site) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    return subprocess.run([sys.executable, "-m", engine, "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)],
                          cwd=root, capture_output=True, text=True, timeout=300, env=env)


def test_properdocs_builds_the_same_site_as_mkdocs(mini, tmp_path):
    pytest.importorskip("properdocs")
    result = _build("properdocs", mini, tmp_path / "properdocs")
    assert result.returncode == 0, result.stderr
    assert "atlas: added" in result.stderr  # the hook ran
    assert _build("mkdocs", mini, tmp_path / "mkdocs").returncode == 0
    generator = re.compile(rb'<meta name="generator" content="[^"]*">')
    sites = [{p.relative_to(site).as_posix(): generator.sub(b"", p.read_bytes()) for p in sorted(site.rglob("*")) if p.is_file()}
             for site in (tmp_path / "mkdocs", tmp_path / "properdocs")]
    assert sites[0].keys() == sites[1].keys() and len(sites[0]) > 50
    # the same bytes but for the generator's name
    assert [path for path in sites[0] if sites[0][path] != sites[1][path]] == []
    page = sites[1]["partnerships/india-canada/index.html"].decode("utf-8")
    assert "India" in page and 'http-equiv="Content-Security-Policy"' in page


def test_the_hookless_project_builds_with_mkdocs_strictly(mini, tmp_path):
    rendered = run_atlas(mini, "render", "--project", "hookless")
    assert rendered.returncode == 0, rendered.stderr
    config = yaml.safe_load((mini / "hookless" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert not {"hooks", "watch", "edit_uri"} & config.keys() and "custom_dir" not in config["theme"]
    # strict: every link of every page, to the exports (api/, feeds/) too, finds its file
    result = _build("mkdocs", mini / "hookless", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "atlas: added" not in result.stderr
    assert (tmp_path / "site" / "api" / "v1" / "partnerships" / "india-canada.json").is_file()
    assert (tmp_path / "site" / "contributing" / "index.html").is_file()


ENTITY_KINDS = ("partnerships", "minerals", "countries", "organizations", "policies", "sources")
_SCRIPT_SRC = re.compile(r"<script\b[^>]*\ssrc=\"([^\"]*)\"")
_LINK = re.compile(r"<link\b[^>]*>")
_HREF = re.compile(r"\shref=\"([^\"]*)\"")
_OFFSITE = re.compile(r"^(https?:)?//")


def _fetched(page: str) -> list[str]:
    """What a browser fetches for the page by itself: script sources and linked files (not a canonical address)."""
    links = [tag for tag in _LINK.findall(page) if not re.search(r'rel="(canonical|alternate)"', tag)]
    return _SCRIPT_SRC.findall(page) + [href for tag in links for href in _HREF.findall(tag)]


def _resolves(page: Path, href: str) -> bool:
    target = (page.parent / href.split("#")[0]).resolve()
    return (target / "index.html" if href.split("#")[0].endswith("/") or target.is_dir() else target).is_file()


def _broken_links(page: Path) -> list[str]:
    """The page's links within the site (not anchors, other sites or mailto:) that lead to no file."""
    hrefs = map(html.unescape, _HREF.findall(page.read_text(encoding="utf-8")))
    return [href for href in hrefs if href.split("#")[0] and not _OFFSITE.match(href)
            and ":" not in href.split("/")[0] and not _resolves(page, href)]


def test_zensical_builds_the_rendered_pages(mini):
    pytest.importorskip("zensical")
    rendered = run_atlas(mini, "render", "--project", "hookless")
    assert rendered.returncode == 0, rendered.stderr
    result = subprocess.run([sys.executable, "-m", "zensical", "build", "--strict", "--clean", "-f", "mkdocs.yml"],
                            cwd=mini / "hookless", capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    site = mini / "hookless" / "site"
    for data in sorted((MINI_DATA / "partnerships").glob("*.yaml")):
        partnership = yaml.safe_load(data.read_text(encoding="utf-8"))
        page = (site / "partnerships" / data.stem / "index.html").read_text(encoding="utf-8")
        assert re.search(rf"<h1\b[^>]*>{re.escape(html.escape(partnership['title'], quote=False))}", page)
        status = partnership["status"]
        assert f"<strong>Status:</strong> {status.replace('-', ' ')} since" in page
    entity_pages = [page for kind in ENTITY_KINDS for page in sorted((site / kind).rglob("index.html"))]
    assert len(entity_pages) == sum(1 for _ in MINI_DATA.rglob("*.yaml")) + len(ENTITY_KINDS)
    # Links between entity pages and to the exports (api/, feeds/) land on files of the site, but
    # Zensical rewrites relative links in raw HTML as if they were Markdown links (MkDocs leaves
    # them alone): the map's country links ("../../countries/canada/") come out one folder too
    # high, and so does the printable sheet's (the sheets are written by `atlas build`).
    broken = {(page.relative_to(site).as_posix(), href) for page in entity_pages for href in _broken_links(page)}
    pdf = {(path, href) for path, href in broken if href.endswith(".pdf")}
    too_high = {(path, href) for path, href in broken - pdf if _resolves(site / path, href.removeprefix("../"))}
    assert broken == pdf | too_high
    assert pdf == {("partnerships/india-canada/index.html", "../../../sheets/india-canada.pdf")}
    assert {path for path, _ in too_high} == {"minerals/cobalt/index.html", "minerals/lithium/index.html"}
    canada = (site / "partnerships" / "india-canada" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../countries/canada/"' in canada and 'href="../../api/v1/partnerships/india-canada.json"' in canada
    pages = {path.relative_to(site).as_posix(): path.read_text(encoding="utf-8") for path in sorted(site.rglob("*.html"))}
    assert [(path, url) for path, page in pages.items() for url in _fetched(page) if _OFFSITE.match(url)] == []
    # the Content-Security-Policy is added by the hook, which Zensical does not run (README: "Other engines")
    assert [path for path, page in pages.items() if "Content-Security-Policy" in page] == []
