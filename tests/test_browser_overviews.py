"""The overview pages in a real browser: explorer filters and URL state, map links, matrix names, marks."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from atlas.project import Project
from atlas.views import events
from conftest import REPO

pytest.importorskip("playwright.sync_api")  # the browser and page fixtures are in conftest.py


@pytest.fixture(scope="module")
def graph():
    return Project(REPO).graph()


def visible_rows(page):
    return page.locator("article table:has(.atlas-row) tbody tr:visible")


def test_explorer_filters_live_in_the_url_and_download_as_csv(page, site_url, graph):
    in_force = [p for p in graph.by_kind["partnerships"] if p.data["status"] == "in-force"]
    page.goto(f"{site_url}/explorer/?status=in-force")
    assert page.locator("select[name=status]").input_value() == "in-force"
    assert visible_rows(page).count() == len(in_force)
    assert page.locator(".atlas-count").inner_text() == f"{len(in_force)} of {len(graph.by_kind['partnerships'])} shown"

    page.locator("select[name=evidence]").focus()  # by keyboard: the first level after "Any"
    page.keyboard.press("ArrowDown")
    assert parse_qs(urlsplit(page.url).query) == {"status": ["in-force"], "evidence": ["official"]}
    official = [p for p in in_force if p.data["evidence"] == "official"]
    assert visible_rows(page).count() == len(official)

    page.reload()  # the view survives a reload, as it would a shared link
    assert page.locator("select[name=evidence]").input_value() == "official"
    with page.expect_download() as download:
        page.get_by_role("button", name="Download this view as CSV").click()
    lines = open(download.value.path(), encoding="utf-8").read().splitlines()
    assert lines[0].startswith('"Partnership","Partners","Minerals"')
    assert sorted(line.split('","')[0].strip('"') for line in lines[1:]) == sorted(p.title for p in official)

    page.get_by_role("button", name="Clear filters").click()
    page.wait_for_function("location.search === ''")
    assert visible_rows(page).count() == len(graph.by_kind["partnerships"])


def test_explorer_filters_a_mineral_by_the_status_for_that_mineral(page, site_url, graph):
    """India–Chile is signed for copper (a copper MoU) but not for lithium (an NDA and trade talks)."""
    chile = graph.get("partnerships", "india-chile").title
    page.goto(f"{site_url}/explorer/?mineral=lithium&status=signed")
    assert not any(row.startswith(chile) for row in visible_rows(page).all_inner_texts())
    page.goto(f"{site_url}/explorer/?mineral=copper&status=signed")
    assert any(row.startswith(chile) for row in visible_rows(page).all_inner_texts())


def test_explorer_is_a_plain_table_without_javascript(browser, site_url, graph):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/explorer/?status=in-force")
    assert page.locator("form.atlas-filters").is_hidden()
    assert visible_rows(page).count() == len(graph.by_kind["partnerships"])
    context.close()


def test_map_countries_link_to_their_pages(page, site_url, graph):
    page.goto(f"{site_url}/map/")
    links = page.locator(".atlas-map svg a")
    partners = {c.id for p in graph.by_kind["partnerships"] for c in p.refs.get("countries", [])}
    hrefs = {urlsplit(href).path for href in links.evaluate_all("els => els.map(e => e.href.baseVal ? new URL(e.href.baseVal, location).href : e.href)")}
    assert hrefs == {f"/countries/{country}/" for country in partners}
    page.locator(".atlas-map svg a[href$='/countries/canada/'] path").click()
    page.wait_for_url("**/countries/canada/")
    assert page.locator("article a[href$='/partnerships/india-canada/']").count() >= 1


def test_matrix_marks_have_names_and_headers_stay_in_view(page, site_url, graph):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{site_url}/matrix/")
    canada = graph.get("partnerships", "india-canada")
    name = f"{canada.title}: MoU, signed since {canada.data['status_confirmed']}; evidence official"
    marks = page.get_by_role("link", name=name, exact=True)
    assert marks.count() == len(canada.refs["minerals"])
    box = page.locator(".atlas-matrix")
    assert box.evaluate("e => e.scrollWidth <= e.clientWidth")  # fits a laptop screen: no sideways scroll
    header = page.locator(".atlas-matrix thead th").nth(1)
    top = header.bounding_box()["y"]
    box.evaluate("e => e.scrollTop = 300")
    assert abs(header.bounding_box()["y"] - top) < 1  # sticky


def test_reported_events_keep_their_mark_on_home_and_timeline(page, site_url, graph):
    found = events(graph)
    reported = [e for e in found if e.evidence == "reported"]
    page.goto(f"{site_url}/")
    latest = page.locator("article table").filter(has_text="About").locator("tbody tr")
    assert latest.count() == 10
    assert latest.locator(".atlas-evidence-reported").count() == sum(e.evidence == "reported" for e in found[:10])
    page.goto(f"{site_url}/timeline/?evidence=reported")
    rows = visible_rows(page)
    assert rows.count() == len(reported) > 0
    assert rows.locator(".atlas-evidence-reported").count() == len(reported)
    assert rows.first.locator(".atlas-evidence").inner_text().strip() == "reported"  # a word, not only a colour
