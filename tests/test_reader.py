"""What a reader sees around the facts: separate citation marks with a way back, "Cite this page",
tags below the summary, tables that show they scroll on a phone, and link previews (Open Graph)."""

from __future__ import annotations

import html
import re

import pytest

pytest.importorskip("playwright.sync_api")

PHONE = {"width": 390, "height": 844}


def test_citation_marks_are_separate_24px_targets_with_a_way_back(page, site_url):
    page.goto(f"{site_url}/partnerships/india-canada/")
    marks = page.locator("sup.atlas-cites a")
    assert marks.count() > 5
    groups = page.locator("sup.atlas-cites").all_inner_texts()
    assert any(", " in text for text in groups), groups  # "[14, 15]", never "1415"
    for box in marks.evaluate_all("els => els.map(e => e.getBoundingClientRect().toJSON())"):
        assert box["width"] >= 24 and box["height"] >= 24, box
    mark = marks.nth(3)
    number, mark_id = mark.inner_text(), mark.get_attribute("id")
    mark.click()
    page.wait_for_url(f"**#source-{number}")
    back = page.locator(f"a.atlas-back[href='#{mark_id}']")
    assert back.is_visible()
    box = back.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    back.click()
    page.wait_for_url(f"**#{mark_id}")
    assert page.locator(f"#{mark_id}").is_visible()


def test_cite_this_page_gives_text_and_bibtex_with_the_data_date(built):
    text = (built / "partnerships" / "india-canada" / "index.html").read_text(encoding="utf-8")
    block = text[text.index('class="atlas-cite-page"') :]
    block = html.unescape(block[: block.index("</details>")])
    url = "https://critical-minerals-atlas.github.io/atlas/partnerships/india-canada/"
    date = re.search(r"as of (\d{4}-\d{2}-\d{2})", block).group(1)
    version = re.search(r"data version (\S+), as of", block).group(1)
    assert (
        f'Critical Minerals Atlas contributors. "India–Canada critical minerals cooperation." '
        f"Critical Minerals Atlas, data version {version}, as of {date}. {url}" in block
    )
    assert f"version      = {{{version}}}" in block
    assert "@misc{atlas-partnerships-india-canada," in block and f"\\url{{{url}}}" in block
    assert f"year         = {{{date[:4]}}}" in block and f"note         = {{Data as of {date}}}" in block


def test_bibtex_escapes_special_characters():
    from atlas.cite import bibtex

    entry = bibtex("Atlas", "Tin & 50% {cobalt}_x", "https://example.org/a/", "2026-03-02", "v1.0", "minerals/tin/")
    assert entry.startswith("@misc{atlas-minerals-tin,")
    assert r"title        = {Tin \& 50\% \textbraceleft{}cobalt\textbraceright{}\_x}" in entry


def test_link_previews_have_open_graph_and_twitter_tags(built):
    text = (built / "partnerships" / "india-canada" / "index.html").read_text(encoding="utf-8")
    for tag in (
        'property="og:title" content="India–Canada critical minerals cooperation"',
        'property="og:type" content="article"',
        'name="twitter:card" content="summary"',
        'property="og:url" content="https://critical-minerals-atlas.github.io/atlas/partnerships/india-canada/"',
    ):
        assert tag in text, tag
    description = re.search(r'property="og:description" content="([^"]*)"', text).group(1)
    assert description.startswith("India and Canada signed")
    assert 'property="og:type" content="website"' in (built / "index.html").read_text(encoding="utf-8")


def test_on_a_phone_tags_come_after_the_summary_and_wide_tables_show_they_scroll(browser, site_url):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{site_url}/partnerships/india-canada/")
    order = page.evaluate("""() => [...document.querySelectorAll('article h1, article .md-tags, article h1 ~ p')]
                                   .map(e => e.matches('.md-tags') ? 'tags' : e.tagName)""")
    assert order.index("tags") > order.index("P") > order.index("H1"), order
    page.goto(f"{site_url}/partnerships/")
    wraps = page.locator("article .md-typeset__scrollwrap")
    assert wraps.count() >= 1
    assert wraps.first.evaluate("e => e.scrollWidth > e.clientWidth")  # the index table is wider than a phone
    for style in wraps.evaluate_all("els => els.map(e => getComputedStyle(e).backgroundImage)"):
        assert style.count("gradient") == 4, style  # shadows at the edges that can still scroll
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # only the table scrolls
    context.close()
