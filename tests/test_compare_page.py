"""The compare page in the real browser: three partnerships side by side for one mineral, the
choice kept in the URL and read back from it, a CSV of what is compared, a 390 px phone with no
sideways scroll, every card there without JavaScript, nothing fetched from elsewhere (axe: test_accessibility.py)."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from conftest import REPO

pytest.importorskip("playwright.sync_api")
from test_accessibility import SCREENS  # noqa: E402


def _partnerships() -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((REPO / "data" / "partnerships").glob("*.yaml"))]


def _three(mineral: str) -> list[dict]:
    """Three partnerships that cover the mineral, and some that also cover others."""
    covering = [doc for doc in _partnerships() if mineral in doc.get("minerals", [])]
    return sorted(covering, key=lambda doc: -len(doc.get("minerals", [])))[:3]


def _shown(page) -> list[str]:
    return page.locator(".atlas-compare-card:not([hidden]) h2 a").all_inner_texts()


def test_three_partnerships_side_by_side_for_one_mineral_with_the_state_in_the_url(page, site_url):
    three = _three("lithium")
    ids = [doc["id"] for doc in three]
    page.goto(f"{site_url}/compare/?p={','.join(ids)}&mineral=lithium")
    assert _shown(page) == [doc["title"] for doc in three]
    # the form says what the address says, and each card shows only what covers lithium
    assert [page.locator("select[name=item]").nth(n).input_value() for n in range(3)] == [f"p:{i}" for i in ids]
    entries = page.locator(".atlas-compare-card:not([hidden]) [data-minerals]")
    minerals = entries.evaluate_all("els => els.map(e => [e.dataset.minerals, e.hidden])")
    assert minerals and all(("lithium" in found.split()) != hidden for found, hidden in minerals)
    assert any(hidden for _, hidden in minerals), "some entry covers another mineral only"
    # side by side on a desktop: the cards' tops line up
    tops = page.locator(".atlas-compare-card:not([hidden])").evaluate_all("els => els.map(e => e.getBoundingClientRect().top)")
    assert len(set(tops)) == 1, tops
    # a fourth, a partner country, goes into the address; so does dropping the mineral
    page.locator("select[name=item]").nth(3).select_option("c:chile")
    page.locator("select[name=mineral]").select_option("")
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"p": [",".join(ids)], "c": ["chile"]}
    assert _shown(page)[-1] == "Chile" and len(_shown(page)) == 4
    # and the address alone brings the same comparison back
    page.goto(page.url)
    assert _shown(page) == [doc["title"] for doc in three] + ["Chile"]


def test_the_comparison_downloads_as_csv(page, site_url):
    three = _three("lithium")
    page.goto(f"{site_url}/compare/?p={','.join(doc['id'] for doc in three)}&mineral=lithium")
    with page.expect_download() as download:
        page.locator("[data-download]").click()
    text = open(download.value.path(), encoding="utf-8", newline="").read()
    assert text.startswith('\ufeff"Compared","Kind","Mineral","Part","Entry"\r\n')
    rows = text.lstrip("\ufeff").splitlines()[1:]
    for doc in three:
        mine = [row for row in rows if row.startswith(json.dumps(doc["title"], ensure_ascii=False) + ",")]
        parts = {row.split('","')[3] for row in mine}
        assert {"Status", "Status per mineral", "Evidence", "Instruments", "Latest event"} <= parts, doc["id"]
        assert all('"Lithium"' in row for row in mine)


def test_compare_fits_a_phone_and_lists_every_card_without_javascript(browser, site_url):
    context = browser.new_context(viewport=SCREENS["phone"])
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{site_url}/compare/?p={','.join(doc['id'] for doc in _three('lithium'))}&mineral=lithium")
    assert len(_shown(page)) == 3
    assert page.evaluate("document.documentElement.scrollWidth") <= SCREENS["phone"]["width"]
    assert all(url.startswith(site_url) for url in requests), [url for url in requests if not url.startswith(site_url)]
    context.close()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/compare/?p=india-chile,india-argentina")
    countries = {c for doc in _partnerships() for c in doc.get("countries", [])}
    assert len(_shown(page)) == len(_partnerships()) + len(countries)
    context.close()
