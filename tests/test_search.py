"""Search that answers, in a real browser: each query shows its page among the first three results,
and the index is fetched only when someone searches, in a few small pieces."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytest.importorskip("playwright.sync_api")

# What a reader types -> the page that must be among the first three results.
QUERIES = [
    ("Canada", "/partnerships/india-canada/"),  # a partner's name
    ("India-Canada", "/partnerships/india-canada/"),  # a hyphen typed for the title's en dash
    ("KABIL", "/organizations/kabil/"),  # an acronym
    ("MSP", "/partnerships/india-minerals-security-partnership/"),  # an acronym from the aliases
    ("Quad", "/partnerships/quad-critical-minerals/"),  # a multilateral initiative: one page
    ("IPEF", "/partnerships/india-ipef-supply-chain/"),
    ("TTC", "/policies/india-eu-trade-and-technology-council/"),
    ("Uzbekistan", "/partnerships/india-uzbekistan-uranium/"),  # a partner whose page names it in the title
    ("NCMM", "/policies/national-critical-mineral-mission/"),  # an acronym only the aliases know
    ("UAE", "/partnerships/india-united-arab-emirates/"),  # another name of a partner
    ("DRC", "/countries/democratic-republic-of-congo/"),
    ("Carney", "/partnerships/india-canada/"),  # a person named in the data
    ("Hodgson", "/partnerships/india-canada/"),  # a minister (Canada's energy and natural resources minister)
    ("Albanese", "/partnerships/india-australia/"),  # a prime minister
    ("rare earths", "/minerals/rare-earth-elements/"),  # a plural and another name
    ("magnet", "/policies/rare-earth-permanent-magnet-scheme/"),  # a singular for the title's plural
    ("lithium", "/minerals/lithium/"),
]


def search(page, site_url: str, query: str) -> list[str]:
    """The result paths shown for the query, once the dialog reports them."""
    page.goto(f"{site_url}/countries/")
    page.locator(".atlas-search-open").click()
    page.keyboard.type(query, delay=10)
    page.wait_for_function("q => document.querySelector('#atlas-search-status').textContent.includes(q)", arg=query)
    return [
        urlsplit(href).path for href in page.locator(".atlas-search__results a").evaluate_all("links => links.map(a => a.href)")
    ]


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_query_shows_its_page_in_the_top_three(page, site_url, query, expected):
    results = search(page, site_url, query)
    assert expected in results[:3], results[:5]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Canada", "/partnerships/india-canada/"),  # before Natural Resources Canada and the country page
        ("Australia", "/partnerships/india-australia/"),  # before the multilateral ones Australia is in
        ("japan", "/partnerships/india-japan/"),  # any case
        ("Uzbekistan", "/partnerships/india-uzbekistan-uranium/"),  # a partner named only by the data's countries
        ("KABIL", "/organizations/kabil/"),  # an acronym lands on what it names
        ("MSP", "/partnerships/india-minerals-security-partnership/"),
    ],
)
def test_a_name_lands_on_what_it_names_first(page, site_url, query, expected):
    """A reader who types a partner's name lands on the partnership; an acronym on its page."""
    assert search(page, site_url, query)[0] == expected


def test_entity_pages_come_before_source_pages(page, site_url):
    results = search(page, site_url, "Canada")
    kinds = ["source" if path.startswith("/sources/") and path != "/sources/" else "entity" for path in results]
    assert "entity" in kinds and kinds == sorted(kinds), results  # every entity before every source


def test_the_index_is_fetched_only_when_someone_searches(page, site_url):
    fetched = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    page.goto(f"{site_url}/partnerships/india-canada/")
    page.wait_for_load_state("networkidle")
    assert "/javascripts/search.js" in fetched  # the dialog's small script, but no search data:
    assert not [path for path in fetched if "/pagefind/" in path or "search_index" in path], fetched
    assert "/partnerships/india-canada/" in search(page, site_url, "Canada")
    assert any("/pagefind/" in path for path in fetched)


def test_enter_opens_the_first_result_and_results_are_plain_text(page, site_url):
    search(page, site_url, "NCMM")
    assert page.locator(".atlas-search__results :is(script, img, iframe)").count() == 0
    page.keyboard.press("Enter")
    page.wait_for_url("**/policies/national-critical-mineral-mission/")
