"""axe-core (pinned in package.json, installed by `make` with npm ci) finds no serious or critical
WCAG 2.2 A/AA violation on any page type, in the light and dark schemes, on a desktop and a 390 px phone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.a11y

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAGES = {  # one page of every type
    "home": "/",
    "partnership": "/partnerships/india-canada/",
    "mineral": "/minerals/lithium/",
    "country": "/countries/canada/",
    "organization": "/organizations/kabil/",
    "policy": "/policies/national-critical-mineral-mission/",
    "source": "/sources/",
    "kind index": "/partnerships/",
    "matrix": "/matrix/",
    "timeline": "/timeline/",
    "tags": "/tags/",
    "open questions": "/review/",
    "about": "/about/",
    "explorer": "/explorer/",
    "map": "/map/",
    "charts": "/charts/",
    "changes": "/changes/",
    "codebook": "/codebook/",
    "partnership with instruments": "/partnerships/india-australia/",
    "promises": "/promises/",
    "glossary": "/glossary/",
    "api index": "/api/v1/",
    "compare": "/compare/?p=india-argentina&p=india-chile&p=india-australia&mineral=lithium",
}
SCREENS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def axe_context(browser, scheme: str, screen: str):
    """A browser context in the scheme and on the screen given, with axe in every page it opens (an
    init script, which the site's CSP would block: bypassed in these contexts only)."""
    context = browser.new_context(bypass_csp=True, color_scheme=scheme, viewport=SCREENS[screen])
    context.add_init_script(path=str(AXE))
    return context


def serious_violations(page) -> list[str]:
    """axe's serious and critical findings on the page, one line per rule and element (axe lists
    only the elements that fail, resultTypes: the passes are not reported, which halves its time)."""
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", TAGS)
    return [
        f"{v['id']} ({v['impact']}): {node['target']} {node.get('failureSummary', '')[:200]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"]
    ]


@pytest.fixture(scope="module")
def reader(browser):
    """A page per scheme and screen, each going from page to page as a reader would (one context
    each, not one per page: half the time)."""
    opened = {}

    def page_for(scheme: str, screen: str):
        if (scheme, screen) not in opened:
            opened[scheme, screen] = axe_context(browser, scheme, screen).new_page()
        return opened[scheme, screen]

    yield page_for
    for page in opened.values():
        page.context.close()


@pytest.fixture(scope="module")
def first_source(built) -> str:
    return "/sources/" + sorted(p.name for p in (built / "sources").iterdir() if p.is_dir())[0] + "/"


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is installed by `make test` (npm ci)")
@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", PAGES)
def test_no_serious_axe_violations(reader, site_url, first_source, kind, scheme, screen):
    page = reader(scheme, screen)
    page.goto(site_url + (first_source if kind == "source" else PAGES[kind]))
    expected = "slate" if scheme == "dark" else "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected
    problems = serious_violations(page)
    assert not problems, json.dumps(problems, indent=1)


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is installed by `make test` (npm ci)")
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_dialog_with_results_is_accessible(browser, site_url, scheme):
    context = axe_context(browser, scheme, "phone")
    page = context.new_page()
    page.goto(site_url + "/")
    page.locator(".atlas-search-open").click()
    page.keyboard.type("lithium")
    page.wait_for_function("() => document.querySelector('#atlas-search-status').textContent.includes('lithium')")
    assert page.locator("dialog[open]").get_attribute("aria-labelledby")
    problems = serious_violations(page)
    context.close()
    assert not problems, json.dumps(problems, indent=1)
