"""The real data, built strictly into a real site: pages, links and backlinks."""

from __future__ import annotations

from collections import Counter

import yaml

from conftest import REPO
from sitecheck import broken_links, read_site, resolve

KINDS = sorted(path.name for path in (REPO / "data").iterdir() if path.is_dir())


def entity_ids():
    return {kind: sorted(p.stem for p in (REPO / "data" / kind).glob("*.yaml")) for kind in KINDS}


def test_every_entity_has_a_page_at_a_stable_url(built):
    for kind, ids in entity_ids().items():
        assert (built / kind / "index.html").exists()
        for entity_id in ids:
            assert (built / kind / entity_id / "index.html").exists(), f"/{kind}/{entity_id}/ missing"


def test_overview_pages_and_pdf_are_published(built):
    for page in (
        "index.html",
        "matrix/index.html",
        "timeline/index.html",
        "tags/index.html",
        "review/index.html",
        "about/index.html",
        "methodology/index.html",
        "contributing/index.html",
        "pagefind/pagefind.js",
        "atlas.pdf",
    ):
        assert (built / page).exists(), page
    assert 'href="atlas.pdf"' in (built / "index.html").read_text(encoding="utf-8")


def test_content_has_enough_minerals_and_partnerships():
    ids = entity_ids()
    assert len(ids["minerals"]) >= 31
    assert len(ids["partnerships"]) >= 12


def test_every_internal_link_and_anchor_resolves(built):
    broken = broken_links(built)
    assert not broken, "\n".join(broken[:20])


def test_every_cross_link_has_its_backlink(built):
    site = read_site(built)
    entity_pages = {f"{kind}/{entity_id}/index.html" for kind, ids in entity_ids().items() for entity_id in ids}
    links = {page: {resolve(page, href)[0] for href in site[page].article_links if resolve(page, href)} for page in entity_pages}
    missing = [
        f"{a} -> {b}" for a in sorted(entity_pages) for b in sorted(links[a] & entity_pages) if b != a and a not in links[b]
    ]
    assert not missing, "\n".join(missing[:20])
    assert sum(len(targets & entity_pages) for targets in links.values()) > 100


def test_sidebar_lists_kinds_not_entities(built):
    """MkDocs renders the nav into every page: entities must not be in it (size grows with n^2)."""
    record = read_site(built)["minerals/lithium/index.html"]
    outside_article = Counter(record.links) - Counter(record.article_links)
    assert "../" in outside_article or "../index.html" in outside_article  # the Minerals section
    assert not [href for href in outside_article if "/cobalt/" in href or "/india-canada/" in href]


def test_edit_link_opens_the_data_file(built):
    html = (built / "minerals" / "lithium" / "index.html").read_text(encoding="utf-8")
    assert "/edit/main/data/minerals/lithium.yaml" in html


def test_mineral_page_lists_every_partnership_that_covers_it(built):
    covering = sorted(
        p.stem
        for p in (REPO / "data" / "partnerships").glob("*.yaml")
        if "lithium" in yaml.safe_load(p.read_text(encoding="utf-8")).get("minerals", [])
    )
    assert covering
    html = (built / "minerals" / "lithium" / "index.html").read_text(encoding="utf-8")
    for partnership in covering:
        assert f'href="../../partnerships/{partnership}/"' in html, partnership


def test_every_external_url_in_the_data_is_a_well_formed_http_url():
    from urllib.parse import urlsplit

    urls = [
        (p.name, yaml.safe_load(p.read_text(encoding="utf-8")).get(field))
        for p in sorted((REPO / "data").glob("*/*.yaml"))
        for field in ("url", "website")
    ]
    urls = [(name, url) for name, url in urls if url]
    assert len(urls) > 200
    for name, url in urls:
        parts = urlsplit(url)
        assert parts.scheme in ("http", "https") and "." in parts.netloc and not any(c in url for c in " <>\"'`"), (name, url)


def test_data_is_published_as_json_and_csv(built):
    import csv
    import json

    for kind, ids in entity_ids().items():
        index = json.loads((built / "api" / "v1" / f"{kind}.json").read_text(encoding="utf-8"))
        assert [r["id"] for r in index["items"]] == ids
        assert all((built / r["url"].split("/atlas/", 1)[1] / "index.html").exists() for r in index["items"])
        rows = list(csv.DictReader((built / "api" / "v1" / f"{kind}.csv").open(encoding="utf-8-sig")))
        assert sorted(row["id"] for row in rows) == ids
    home = (built / "index.html").read_text(encoding="utf-8")
    assert 'href="api/v1/partnerships.json"' in home and 'href="api/v1/minerals.csv"' in home
