"""The overview pages in a real browser: explorer filters and URL state, map links, matrix names, marks."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from shapely.geometry import shape
from shapely.ops import polylabel

from atlas.overviews import worldmap
from atlas.overviews.marks import standing, status_label
from atlas.project import Project
from atlas.views import events
from conftest import REPO

pytest.importorskip("playwright.sync_api")  # the browser and page fixtures are in conftest.py


@pytest.fixture(scope="module")
def graph():
    return Project(REPO).build().graph


def visible_rows(page):
    return page.locator("article table:has(.atlas-row) tbody tr:visible")


def test_explorer_filters_take_several_values_live_in_the_url_and_download_as_csv(page, site_url, graph):
    everything = graph.by_kind["partnerships"]
    chosen = [p for p in everything if p.data["status"] in ("in-force", "signed")]
    page.goto(f"{site_url}/explorer/?status=in-force&status=signed")
    assert page.locator("input[name=status][value=in-force]").is_checked()
    assert page.locator("input[name=status][value=signed]").is_checked()
    assert visible_rows(page).count() == len(chosen)
    assert page.locator(".atlas-count").inner_text() == f"{len(chosen)} of {len(everything)} shown"

    page.locator("details.atlas-facet > summary", has_text="Mineral").click()
    page.get_by_label("Lithium", exact=True).check()
    page.get_by_label("Cobalt", exact=True).check()
    query = parse_qs(urlsplit(page.url).query)
    assert sorted(query["status"]) == ["in-force", "signed"] and sorted(query["mineral"]) == ["cobalt", "lithium"]
    # once minerals are chosen, the status is the partnership's for those minerals
    minerals = [graph.get("minerals", m) for m in ("lithium", "cobalt")]
    shown = [
        p
        for p in everything
        if any(m in p.refs["minerals"] and standing(graph, p, m).shown in ("in-force", "signed") for m in minerals)
    ]
    assert visible_rows(page).count() == len(shown) > 0

    page.reload()  # the view survives a reload, as it would a shared link
    assert page.locator("input[name=mineral][value=cobalt]").is_checked()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download this view as CSV").click()
    raw = open(download.value.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")  # a byte-order mark: Excel reads the dashes right
    lines = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [line["Partnership"] for line in sorted(lines, key=lambda row: row["Partnership"])] == [p.title for p in shown]
    for line, partnership in zip(sorted(lines, key=lambda row: row["Partnership"]), shown):
        assert line["Status"] == status_label(graph, partnership.data["status"])  # words, no shapes
        assert line["Partner countries"] == ", ".join(c.title for c in partnership.refs.get("countries", []))
        assert line["Partner organisations"] == ", ".join(o.title for o in partnership.refs.get("organizations", []))
        assert line["Page URL"] == f"{site_url}/partnerships/{partnership.id}/"

    page.get_by_role("button", name="Clear filters").click()
    page.wait_for_function("location.search === ''")
    assert visible_rows(page).count() == len(everything)


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
    hrefs = {
        urlsplit(href).path
        for href in links.evaluate_all("els => els.map(e => e.href.baseVal ? new URL(e.href.baseVal, location).href : e.href)")
    }
    assert hrefs == {f"/countries/{country}/" for country in partners}
    page.locator(".atlas-map svg a[href$='/countries/canada/'] path").click()
    page.wait_for_url("**/countries/canada/")
    assert page.locator("article a[href$='/partnerships/india-canada/']").count() >= 1


def test_map_draws_aksai_chin_and_gilgit_baltistan_inside_india(page, site_url):
    features = json.loads(worldmap.DISPUTED.read_text(encoding="utf-8"))["features"]
    areas = {f["properties"]["BRK_NAME"]: shape(f["geometry"]) for f in features}
    page.goto(f"{site_url}/map/")
    for name in ("Aksai Chin", "Gilgit-Baltistan"):
        inside = polylabel(areas[name])  # the area's point farthest from its edges
        x, y = (inside.x + 180) * worldmap.SCALE, (worldmap.NORTH - inside.y) * worldmap.SCALE
        found = page.locator(".atlas-map svg").first.evaluate(
            """(svg, [x, y]) => {
            const point = new DOMPoint(x, y), paths = [...svg.querySelectorAll("path")];
            const screen = point.matrixTransform(svg.getScreenCTM());
            return {filled: paths.filter(p => p.isPointInFill(point)).map(p => p.getAttribute("class")),
                    top: document.elementFromPoint(screen.x, screen.y).getAttribute("class")};
        }""",
            [x, y],
        )
        assert found == {"filled": ["atlas-map-india"], "top": "atlas-map-india"}, name
    assert "Aksai Chin" in page.locator(".atlas-map figcaption").inner_text()


def test_matrix_marks_have_names_and_headers_stay_in_view(page, site_url, graph):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{site_url}/matrix/")
    canada = graph.get("partnerships", "india-canada")
    # a mark per mineral, each named with the partnership's status for that mineral
    for mineral in canada.refs["minerals"]:
        held = standing(graph, canada, mineral)
        name = f"{canada.title}: MoU, {status_label(graph, held.shown)} since {held.since}; evidence official"
        assert page.get_by_role("link", name=name, exact=True).count() >= 1, mineral.id
    box = page.locator(".atlas-matrix")
    assert box.evaluate("e => e.scrollWidth <= e.clientWidth")  # fits a laptop screen: no sideways scroll
    header = page.locator(".atlas-matrix thead th").nth(1)
    top = header.bounding_box()["y"]
    box.evaluate("e => e.scrollTop = 300")
    assert abs(header.bounding_box()["y"] - top) < 1  # sticky


def test_matrix_fits_a_phone_only_its_box_scrolls_and_superseded_marks_wait_for_a_toggle(page, site_url, graph):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site_url}/matrix/")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")  # the page never scrolls sideways
    assert page.locator(".atlas-matrix").evaluate("e => e.scrollWidth > e.clientWidth")  # the table does, in its box
    assert page.locator(".atlas-scroll-cue").is_visible()
    superseded = page.locator(".atlas-matrix .atlas-color-superseded")
    expected = sum(
        len(p.refs.get("countries", [])) * len(p.refs.get("minerals", []))
        for p in graph.by_kind["partnerships"]
        if p.data["status"] == "superseded"
    )
    assert superseded.count() == expected > 0
    assert superseded.evaluate_all("marks => marks.every(m => !m.checkVisibility())")  # hidden by default
    page.get_by_label("Show superseded partnerships", exact=False).check()
    assert superseded.evaluate_all("marks => marks.every(m => m.checkVisibility())")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")


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
