"""Reading a built site as a browser would: ids, links and article links of every HTML file."""

from __future__ import annotations

import dataclasses
import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclasses.dataclass
class HtmlFile:
    ids: set = dataclasses.field(default_factory=set)
    links: list = dataclasses.field(default_factory=list)  # every href/src
    article_links: list = dataclasses.field(default_factory=list)  # hrefs inside the page content


class _Parser(HTMLParser):
    def __init__(self, record: HtmlFile):
        super().__init__(convert_charrefs=True)
        self.record, self.article_depth = record, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.record.ids.add(attrs["id"])
        if tag == "a" and "name" in attrs:
            self.record.ids.add(attrs["name"])
        if tag == "article":
            self.article_depth += 1
        for name in ("href", "src"):
            if attrs.get(name) is not None and tag != "base":
                self.record.links.append(attrs[name])
                if self.article_depth and tag == "a" and name == "href":
                    self.record.article_links.append(attrs[name])

    def handle_endtag(self, tag):
        if tag == "article" and self.article_depth:
            self.article_depth -= 1


def read_site(site: Path) -> dict[str, HtmlFile]:
    """Every HTML file of the site by its path relative to the site root."""
    files = {}
    for path in sorted(site.rglob("*.html")):
        record = HtmlFile()
        _Parser(record).feed(path.read_text(encoding="utf-8"))
        files[path.relative_to(site).as_posix()] = record
    return files


def resolve(page: str, href: str) -> tuple[str, str] | None:
    """The site file and fragment an internal link points to; None for external links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("//"):
        return None
    if not parts.path:
        return page, unquote(parts.fragment)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    if href.split("#")[0].endswith("/") or target == ".":
        target = posixpath.join(target, "index.html") if target != "." else "index.html"
    return target, unquote(parts.fragment)


def broken_links(site: Path, later: frozenset = frozenset()) -> list[str]:
    """'page: href' for each internal link or anchor of the site that finds nothing (`later`: the
    site paths written after the engine ran, such as the PDF). 404.html is skipped: it is served
    at any depth, so it links from the site root on purpose."""
    pages, broken = read_site(site), []
    for page, record in pages.items():
        for href in record.links if page != "404.html" else ():
            target = resolve(page, href)
            if target is None or href.startswith(("mailto:", "data:")):
                continue
            path, fragment = target
            if path.endswith(".html"):
                if path not in pages:
                    broken.append(f"{page}: {href}")
                elif fragment and fragment not in pages[path].ids:
                    broken.append(f"{page}: {href} (no anchor)")
            elif path not in later and not (site / path).exists():
                broken.append(f"{page}: {href}")
    return broken
