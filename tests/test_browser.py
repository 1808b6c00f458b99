"""A real headless browser (Debian's Chromium via Playwright) uses the built site."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytest.importorskip("playwright.sync_api")


def test_search_finds_lithium_and_a_partnership_then_follows_a_cross_link(page, site_url):
    page.goto(f"{site_url}/")
    page.locator(".atlas-search-open").click()
    page.keyboard.type("lithium", delay=20)
    page.wait_for_function("() => document.querySelector('#atlas-search-status').textContent.includes('lithium')")
    links = [urlsplit(href).path for href in page.locator(".atlas-search__results a").evaluate_all("els => els.map(e => e.href)")]
    assert "/minerals/lithium/" in links, links
    assert any(link.startswith("/partnerships/") for link in links), links
    lithium = page.locator(".atlas-search__results a[href$='/minerals/lithium/']")
    lithium.click()
    page.wait_for_url("**/minerals/lithium/")
    assert page.locator("article h1").inner_text().strip().startswith("Lithium")
    partnership = page.locator("article a[href*='/partnerships/']").first
    name = partnership.inner_text()
    partnership.click()
    page.wait_for_url("**/partnerships/**")
    assert page.locator("article h1").inner_text().strip().startswith(name.strip())
    assert page.locator("article a[href$='/minerals/lithium/']").count() >= 1  # and the link back


def test_tables_sort_when_a_header_is_clicked(page, site_url):
    page.goto(f"{site_url}/minerals/")
    first_cells = page.locator("article table tbody tr td:first-child")
    before = first_cells.all_inner_texts()
    page.locator("article table th").first.click()
    page.locator("article table th").first.click()
    after = first_cells.all_inner_texts()
    assert sorted(before) == before and after == sorted(before, reverse=True)


def test_status_columns_sort_in_lifecycle_order(page, site_url):
    from atlas.kinds import load_kinds
    from conftest import REPO

    order = load_kinds(REPO / "schemas")["partnerships"].schema["properties"]["status"]["enum"]
    page.goto(f"{site_url}/partnerships/")
    headers = page.locator("article table th")
    headers.filter(has_text="Status").first.click()
    marks = page.locator("article table tbody tr .atlas-status").evaluate_all(
        "marks => marks.map(m => [...m.classList].find(c => c.startsWith('atlas-status-')).slice(13))"
    )
    assert len(set(marks)) > 2 and marks == sorted(marks, key=order.index), marks


def test_content_security_policy_blocks_a_foreign_inline_script(browser, site_url):
    page = browser.new_page()
    violations = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(f"{site_url}/minerals/lithium/")
    assert page.evaluate("typeof window.__md_get") == "function"  # Material's own inline script ran
    page.evaluate("""() => { const s = document.createElement('script');
                              s.textContent = 'window.injected = true'; document.head.appendChild(s); }""")
    assert page.evaluate("window.injected === undefined")
    assert violations
    page.close()


def test_dark_mode_toggle_works_under_the_policy(page, site_url):
    page.goto(f"{site_url}/partnerships/")
    before = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') !== '{before}'")
    page.reload()
    assert page.locator("body").get_attribute("data-md-color-scheme") != before  # remembered


def test_the_policy_hashes_each_inline_script_once_in_page_order():
    import base64
    import hashlib

    from atlas.csp import add_policy, script_hashes

    def sha(text):
        return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"

    html = (
        '<html><head><script>a()</script><script id="__config" type="application/json">{}</script>'
        '<script src="x.js"></script></head><body><script>b("<script")</script><script>a()</script>'
        "<script>é</script><script>never closed"
    )
    assert script_hashes(html) == [sha("a()"), sha('b("<script")'), sha("é")]
    assert add_policy(html).startswith('<html><head><meta http-equiv="Content-Security-Policy" content="default-src')
