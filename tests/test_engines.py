"""A way off MkDocs 1.x. ProperDocs (a maintained fork) builds the site from the same mkdocs.yml,
hook included; Zensical, which runs no hooks, builds the project `atlas render --project` writes.
`atlas finish` then gives each engine's output what it needs afterwards (the search index and the
Content-Security-Policy). Each test is skipped where its engine is not installed (`make
test-engines` installs them)."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import MINI_DATA, copy_project, run_atlas, served
from sitecheck import broken_links

pytestmark = pytest.mark.engines

ENGINES = ("mkdocs", "properdocs", "zensical")


def _build(engine: str, root: Path, site: Path | None = None) -> subprocess.CompletedProcess:
    """The engine's strict build of root/mkdocs.yml into site (default: root/site, as Zensical
    knows no other)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    return subprocess.run(
        [sys.executable, "-m", engine, "build", "--strict", "--clean", "-f", "mkdocs.yml", *(["-d", str(site)] if site else [])],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


@pytest.fixture(scope="module", params=ENGINES)
def finished(request, tmp_path_factory) -> Path:
    """The small project built by one engine (Zensical from the project `atlas render --project`
    writes), then finished by `atlas finish`: returns the site folder."""
    engine = request.param
    pytest.importorskip(engine)
    root = copy_project(tmp_path_factory.mktemp(engine) / "project", MINI_DATA)
    if engine == "zensical":
        rendered = run_atlas(root, "render", "--project", "hookless")
        assert rendered.returncode == 0, rendered.stderr
        root = root / "hookless"
    result = _build(engine, root)
    assert result.returncode == 0, result.stdout + result.stderr
    done = run_atlas(root, "finish", "site")
    assert done.returncode == 0, done.stderr
    return root / "site"


def test_no_internal_link_is_broken(finished):
    """Links between pages, to anchors and to the exports, those written as raw HTML (the maps, the
    matrix, the explorer) too; the PDF and its sheets are written later, by `atlas pdf`."""
    sheets = {f"sheets/{path.stem}.pdf" for path in (MINI_DATA / "partnerships").glob("*.yaml")}
    assert broken_links(finished, later=frozenset({"atlas.pdf", *sheets})) == []


def test_every_page_has_the_policy(finished):
    pages = sorted(finished.rglob("*.html"))
    assert len(pages) > sum(1 for _ in MINI_DATA.rglob("*.yaml"))  # a page for each entity and more
    assert [page for page in pages if '<meta http-equiv="Content-Security-Policy"' not in page.read_text(encoding="utf-8")] == []


def test_search_answers_canada(finished, page):
    """Pagefind's index, queried in a real browser on a page under its policy."""
    with served(finished) as url:
        page.goto(f"{url}/countries/")
        found = page.evaluate(
            """async query => {
            const pagefind = await import(new URL("../pagefind/pagefind.js", location.href).href);
            const search = await pagefind.search(query);
            return Promise.all(search.results.map(async result => (await result.data()).url));
        }""",
            "Canada",
        )
    assert "/partnerships/india-canada/" in found[:3], found


def test_finish_twice_gives_the_same_site(mini, tmp_path):
    """`atlas finish` may run again on a finished site: one policy a page, the index made afresh."""
    site = tmp_path / "site"
    assert _build("mkdocs", mini, site).returncode == 0
    assert run_atlas(mini, "finish", str(site)).returncode == 0
    first = {path: path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}
    assert run_atlas(mini, "finish", str(site)).returncode == 0
    assert {path: path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()} == first


def test_a_page_that_quotes_the_policy_in_its_text_still_gets_one():
    """Only a policy at the head's start counts as one: data text quoting the tag changes nothing."""
    from atlas.csp import add_policy

    quoted = '<meta http-equiv="Content-Security-Policy" content="'
    page = f"<html><head><title>t</title></head><body><p>{quoted}</p></body></html>"
    assert add_policy(page).startswith(f"<html><head>{quoted}default-src 'self'")
    assert add_policy(add_policy(page)) == add_policy(page)


def test_finish_refuses_a_folder_that_is_no_site(tmp_path):
    result = run_atlas(tmp_path, "finish", "nothing")
    assert result.returncode == 1 and "nothing is not a built site" in result.stderr


def test_properdocs_builds_the_same_site_as_mkdocs(mini, tmp_path):
    pytest.importorskip("properdocs")
    result = _build("properdocs", mini, tmp_path / "properdocs")
    assert result.returncode == 0, result.stderr
    assert "atlas: added" in result.stderr  # the hook ran
    assert _build("mkdocs", mini, tmp_path / "mkdocs").returncode == 0
    generator = re.compile(rb'<meta name="generator" content="[^"]*">')
    sites = [
        {p.relative_to(site).as_posix(): generator.sub(b"", p.read_bytes()) for p in sorted(site.rglob("*")) if p.is_file()}
        for site in (tmp_path / "mkdocs", tmp_path / "properdocs")
    ]
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


def test_zensical_builds_the_rendered_pages(mini):
    pytest.importorskip("zensical")
    rendered = run_atlas(mini, "render", "--project", "hookless")
    assert rendered.returncode == 0, rendered.stderr
    result = _build("zensical", mini / "hookless")
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
    # Zensical rewrites relative links in raw HTML as if they were Markdown links (MkDocs leaves
    # them alone): the hook-less project writes them so (urls.href)
    canada = (site / "partnerships" / "india-canada" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../countries/canada/"' in canada and 'href="../../api/v1/partnerships/india-canada.json"' in canada
    assert 'href="../../sheets/india-canada.pdf"' in canada
    cobalt = (site / "minerals" / "cobalt" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../countries/canada/"><path' in cobalt  # the world map's link
    pages = {path.relative_to(site).as_posix(): path.read_text(encoding="utf-8") for path in sorted(site.rglob("*.html"))}
    assert [(path, url) for path, page in pages.items() for url in _fetched(page) if _OFFSITE.match(url)] == []
