"""Atom feeds (RFC 4287) of the data's changes: one for the atlas, one per entity.

Entries come from the git history, so their dates are commit dates and the feeds are the same
bytes for the same history.
"""
from __future__ import annotations

from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from . import urls
from .history import History
from .link import Graph

ATOM = "http://www.w3.org/2005/Atom"
_LATEST = 50


def _add(parent, tag: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    element.text = text
    return element


def atom(title: str, self_url: str, page: str, updated: str, entries: list[dict]) -> str:
    """A feed; each entry has id, title, updated, link and text."""
    root = ET.Element(f"{{{ATOM}}}feed")
    _add(root, "id", self_url)
    _add(root, "title", title)
    _add(root, "updated", entries[0]["updated"] if entries else updated)
    _add(_add(root, "author"), "name", "Critical Minerals Atlas contributors")
    _add(root, "link", rel="self", href=self_url, type="application/atom+xml")
    _add(root, "link", rel="alternate", href=page, type="text/html")
    _add(root, "rights", "CC BY 4.0")
    for entry in entries:
        element = _add(root, "entry")
        _add(element, "id", entry["id"])
        _add(element, "title", entry["title"])
        _add(element, "updated", entry["updated"])
        _add(element, "link", rel="alternate", href=entry["link"], type="text/html")
        _add(element, "content", entry["text"], type="text")
    ET.register_namespace("", ATOM)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def feed_files(graph: Graph, history: History, site: str, as_of: str) -> dict[str, str]:
    """The atlas feed (the latest commits that changed data) and one feed per entity."""
    authority = urlsplit(site).hostname or "critical-minerals-atlas"
    empty_date = f"{as_of}T00:00:00Z"
    changes_page = site + urls.directory_url("changes.md")
    entries = [{"id": f"tag:{authority},2026:{commit.hash}", "updated": commit.date,
                "title": f"{commit.day}: {commit.subject}", "link": f"{changes_page}#commit-{commit.short}",
                "text": "\n".join(f"{c.title} ({c.kind}): {c.summary}" for c in changes)}
               for commit, changes in history.by_commit(_LATEST)]
    files = {urls.ATLAS_FEED: atom("Critical Minerals Atlas: what changed", site + urls.ATLAS_FEED, changes_page, empty_date, entries)}
    for entity in graph.all():
        page = urls.page_url(site, entity.kind, entity.id)
        entries = [{"id": f"tag:{authority},2026:{c.commit.hash}/{c.kind}/{c.id}", "updated": c.commit.date,
                    "title": f"{entity.title}: {c.summary.split('; ')[0]}", "link": page,
                    "text": f"{c.commit.day}: {c.summary.rstrip('.')}. ({c.commit.subject})"}
                   for c in history.of(entity.kind, entity.id)]
        path = urls.feed(entity.kind, entity.id)
        files[path] = atom(f"{entity.title}: changes in the Critical Minerals Atlas", site + path, page, empty_date, entries)
    return files
