"""What readers and developers reach in a real browser: the API's index, search's further results,
the 404 page, "Report an error", the home page's status counts, a partnership page printed, the comparison."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from atlas.project import Project
from conftest import REPO

pytest.importorskip("playwright.sync_api")  # the browser and page fixtures are in conftest.py

GRAPH = Project(REPO).build().graph


def test_api_v1_answers_as_a_page_and_as_json(page, site_url):
    response = page.goto(f"{site_url}/api/v1/")
    assert response.status == 200
    assert page.locator("article h1").inner_text().strip().startswith("Open data API")
    index = page.evaluate("fetch('index.json').then(r => r.json())")
    assert [k["kind"] for k in index["kinds"]] == list(GRAPH.kinds)
    link = page.get_by_role("link", name="partnerships.json")
    items = link.evaluate("a => fetch(a.href).then(r => r.json())")["items"]
    assert len(items) == len(GRAPH.by_kind["partnerships"]) and all(item["data"]["status"] for item in items)


def test_search_shows_more_results_ten_at_a_time(page, site_url):
    page.goto(f"{site_url}/")
    page.locator(".atlas-search-open").click()
    page.keyboard.type("Ministry of Mines", delay=10)
    status = page.locator("#atlas-search-status")
    page.wait_for_function("() => document.querySelector('#atlas-search-status').textContent.includes('the first 10 shown')")
    total = int(status.inner_text().split()[0])
    results = page.locator(".atlas-search__results li")
    assert results.count() == 10 < total
    page.get_by_role("button", name="More results").click()
    page.wait_for_function("() => document.querySelectorAll('.atlas-search__results li').length > 10")
    assert results.count() == min(20, total)
    assert page.evaluate("document.activeElement === document.querySelectorAll('.atlas-search__results li a')[10]")
    while page.get_by_role("button", name="More results").is_visible():
        shown = results.count()
        page.get_by_role("button", name="More results").click()
        page.wait_for_function(f"() => document.querySelectorAll('.atlas-search__results li').length > {shown}")
    assert results.count() == total and status.inner_text() == f"{total} results for “Ministry of Mines”."


class _HostHandler(http.server.SimpleHTTPRequestHandler):
    """A host serving the site under its site_url's path, with 404.html for a missing address."""

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "atlas" / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def hosted(built, tmp_path_factory):
    """The built site at /atlas/ (site_url's path, which the 404 page's links use), as a host serves it."""
    root = tmp_path_factory.mktemp("host")
    (root / "atlas").symlink_to(built)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_HostHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/atlas"
    server.shutdown()


def test_404_page_searches_the_missing_address_and_links_every_index(browser, hosted):
    page = browser.new_page()  # not the page fixture: the missing address itself is a console error
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(f"{hosted}/partnerships/india-chle/")
    assert response.status == 404
    assert page.locator("article h1").inner_text() == "Page not found"
    indexes = {urlsplit(href).path for href in page.locator("article li a").evaluate_all("els => els.map(e => e.href)")}
    assert {f"/atlas/{kind}/" for kind in GRAPH.kinds} | {"/atlas/explorer/", "/atlas/map/"} <= indexes
    box = page.get_by_label("Search the atlas for")
    assert box.input_value() == "india chle"  # the missing address's words
    box.fill("India Chile")
    page.get_by_role("button", name="Search the atlas").click()
    page.wait_for_function("() => document.querySelector('#atlas-search-status').textContent.includes('India Chile')")
    assert page.locator("#atlas-search").evaluate("d => d.open")
    links = [urlsplit(h).path for h in page.locator(".atlas-search__results a").evaluate_all("els => els.map(e => e.href)")]
    assert "/atlas/partnerships/india-chile/" in links[:3], links
    assert not errors, errors
    page.close()


def test_every_entity_page_reports_an_error_in_a_prefilled_issue(page, site_url, built):
    for entity in GRAPH.all():
        html = (built / entity.kind / entity.id / "index.html").read_text(encoding="utf-8")
        assert "Report an error on this page" in html, entity.page
    page.goto(f"{site_url}/partnerships/india-canada/")
    href = page.get_by_role("link", name="Report an error on this page").get_attribute("href")
    issue = urlsplit(href)
    query = parse_qs(issue.query)
    edit_uri = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["edit_uri"]
    assert f"{issue.scheme}://{issue.netloc}{issue.path}" == edit_uri.split("/edit/")[0] + "/issues/new"
    assert query["title"] == [f"Error on {GRAPH.get('partnerships', 'india-canada').title}"]
    assert query["body"][0].startswith("Page: ") and "/partnerships/india-canada/" in query["body"][0]


def test_home_status_counts_open_the_explorer_filtered(page, site_url):
    """Every status count on the home page opens the explorer showing as many partnerships, those
    read stalled by inference among the stalled, as the explorer's status filter counts them."""
    page.goto(f"{site_url}/")
    links = page.locator("article table a[href*='explorer/?status=']")
    counts = {
        links.nth(i).get_attribute("href"): int(links.nth(i).locator("xpath=../following-sibling::td").inner_text().split()[0])
        for i in range(links.count())
    }
    assert sum(counts.values()) == len(GRAPH.by_kind["partnerships"]) and "explorer/?status=stalled" in counts
    in_force = [p for p in GRAPH.by_kind["partnerships"] if p.data["status"] == "in-force"]
    assert counts["explorer/?status=in-force"] == len(in_force)
    links.first.click()
    page.wait_for_url("**/explorer/?status=*")
    for href, count in counts.items():
        page.goto(f"{site_url}/{href}")
        assert page.locator("article table:has(.atlas-row) tbody tr:visible").count() == count, href
