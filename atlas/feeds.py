"""Atom feeds (RFC 4287) of the data's changes: one for the atlas, one of status changes only,
one per entity.

Entries come from the git history's comparison of the data, so their dates are commit dates and
the feeds are the same bytes for the same history.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from . import urls
from .history import History
from .link import Graph

ATOM = "http://www.w3.org/2005/Atom"
_LATEST = 50
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text without the characters XML 1.0 cannot hold (C0 controls but tab and newlines, U+FFFE, U+FFFF)."""
    return _NOT_XML.sub("", text)


def _add(parent, tag: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {name: xml_text(value) for name, value in attributes.items()})
    element.text = None if text is None else xml_text(text)
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
    """The atlas feed (the latest changes to the data), the feed of status changes only, and one
    feed per entity. Entries say what changed in the data, never the commit messages."""
    authority = urlsplit(site).hostname or "critical-minerals-atlas"
    empty_date = f"{as_of}T00:00:00Z"
    changes_page = site + urls.CHANGES

    def entries(changes, link=None) -> list[dict]:
        found = []
        for c in changes[:_LATEST] if link is None else changes:
            entity = graph.index.get((c.kind, c.id))
            found.append(
                {
                    "id": f"tag:{authority},2026:{c.commit.hash}/{c.kind}/{c.id}",
                    "updated": c.commit.date,
                    "title": f"{entity.title if entity else c.title}: {c.summary.split('; ')[0]}",
                    "link": link or (urls.page_url(site, entity.kind, entity.id) if entity else changes_page),
                    "text": f"{c.commit.day}, {graph.kinds[c.kind].singular}: {c.summary.rstrip('.')}.",
                }
            )
        return found

    files = {
        urls.ATLAS_FEED: atom(
            "Critical Minerals Atlas: what changed", site + urls.ATLAS_FEED, changes_page, empty_date, entries(history.changes)
        ),
        urls.STATUS_FEED: atom(
            "Critical Minerals Atlas: status changes",
            site + urls.STATUS_FEED,
            changes_page,
            empty_date,
            entries(history.status_changes()),
        ),
    }
    for entity in graph.all():
        path, page = urls.feed(entity.kind, entity.id), urls.page_url(site, entity.kind, entity.id)
        files[path] = atom(
            f"{entity.title}: changes in the Critical Minerals Atlas",
            site + path,
            page,
            empty_date,
            entries(history.of(entity.kind, entity.id), page),
        )
    return files
