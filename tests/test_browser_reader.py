"""What readers and developers reach in a real browser: the API's index, search's further results, the 404 page."""
from __future__ import annotations

import pytest

from atlas.project import Project
from conftest import REPO

pytest.importorskip("playwright.sync_api")  # the browser and page fixtures are in conftest.py

GRAPH = Project(REPO).graph()


def test_api_v1_answers_as_a_page_and_as_json(page, site_url):
    response = page.goto(f"{site_url}/api/v1/")
    assert response.status == 200
    assert page.locator("article h1").inner_text().strip().startswith("Open data API")
    index = page.evaluate("fetch('index.json').then(r => r.json())")
    assert [k["kind"] for k in index["kinds"]] == list(GRAPH.kinds)
    link = page.get_by_role("link", name="partnerships.json")
    items = link.evaluate("a => fetch(a.href).then(r => r.json())")["items"]
    assert len(items) == len(GRAPH.by_kind["partnerships"]) and all(item["data"]["status"] for item in items)
