#!/usr/bin/env python3
"""Bytes a reader's browser fetches for the search, from opening it to the first results shown.

Serves a built site gzip-compressed (as a host would), opens a page in Debian's Chromium, counts
every response body sent before the search opens (none may be search data) and from the moment
the reader opens the search until the results for each query are on screen.

Usage:  python scripts/search_bytes.py SITE_DIR [QUERY ...]
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from lighthouse import CHROMIUM, GzipHandler  # same folder

QUERIES = ["Canada", "lithium", "KABIL", "rare earths"]


class CountingHandler(GzipHandler):
    sent: list[tuple[str, int]] = []

    def send_header(self, keyword, value):
        if keyword == "Content-Length":
            self.sent.append((self.path, int(value)))
        super().send_header(keyword, value)


def main() -> None:
    from playwright.sync_api import sync_playwright

    site, queries = Path(sys.argv[1]), sys.argv[2:] or QUERIES
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(CountingHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    sent = CountingHandler.sent
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for query in queries:
            context = browser.new_context()
            page = context.new_page()
            sent.clear()
            page.goto(base + "/")
            page.wait_for_load_state("networkidle")
            before = [path for path, _ in sent if "/pagefind/" in path]
            sent.clear()
            page.locator(".atlas-search-open").click()
            page.keyboard.type(query)
            page.wait_for_function("q => document.querySelector('#atlas-search-status').textContent.includes(q)", arg=query)
            total = sum(size for _, size in sent)
            if "-v" in sys.argv[0:1] or __import__("os").environ.get("V"):
                print(sent)
            print(
                f"{query!r}: {total / 1000:.1f} kB in {len(sent)} requests before the first results; "
                f"search requests on page load: {len(before)}"
            )
            context.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
