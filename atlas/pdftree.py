"""The PDF briefing's HTML as plain data for its Typst layout (templates/pdf/briefing.typ).

Nodes are {"tag", "class", "id", "href", "start", "children"}, text is strings, and an <svg> is
kept whole as markup with its title as alternative text. What paper does without is left out,
whitespace collapses as in a browser, and only ids that a link points to (or that name a heading)
are kept, so every link in the PDF lands somewhere.
"""

from __future__ import annotations

import re
from html import escape, unescape
from html.parser import HTMLParser

# Elements that hold blocks: whitespace between their children is layout, not text.
_BLOCKS = {"body", "section", "nav", "div", "ul", "ol", "table", "thead", "tbody", "tr", "dl", "figure"}
# Elements whose text is trimmed at both ends, like a browser does at the edges of a line box.
_TRIMMED = {"p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "figcaption"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "wbr"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5"}
_KEPT = ("class", "id", "href", "start")
_SPACE = re.compile(r"\s+")
_SVG_TITLE = re.compile(r"<title[^>]*>([^<]*)</title>")


def _skipped(tag: str, classes: str) -> bool:
    """What paper does without: style and script, heading permalinks, links back to a citation, the
    links to an entry's files on the site (the cover says where they are), editors' notes."""
    names = classes.split()
    return tag in ("style", "script") or not {"headerlink", "atlas-back", "atlas-as-data", "atlas-open-questions"}.isdisjoint(
        names
    )


class _TreeBuilder(HTMLParser):
    """HTML -> nodes {"tag", "class", "id", "href", "start", "children"}, strings for text;
    an <svg> is kept whole as markup (an image for Typst)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.body: dict = {"tag": "body", "children": []}
        self.stack = [self.body]
        self.meta = {"lang": "en", "title": ""}
        self.skipping = 0  # depth inside an element left out
        self.svg: list[str] | None = None  # markup of the <svg> being read
        self.svg_depth = 0
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if self.svg is not None:
            self.svg.append(self.get_starttag_text())
            self.svg_depth += tag != "path"
        elif self.skipping or _skipped(tag, attributes.get("class", "")):
            self.skipping += tag not in _VOID
        elif tag == "html":
            self.meta["lang"] = attributes.get("lang", "en")
        elif tag == "meta" and "name" in attributes:
            self.meta[attributes["name"]] = attributes.get("content", "")
        elif tag == "title" and len(self.stack) == 1:
            self.in_title = True
        elif tag in ("head", "body") or tag in _VOID - {"br", "hr"}:
            pass
        else:
            node = {"tag": tag, **{k: attributes[k] for k in _KEPT if attributes.get(k)}, "children": []}
            self.stack[-1]["children"].append(node)
            if tag == "svg":
                self.svg, self.svg_depth = [self.get_starttag_text()], 1
            elif tag not in _VOID:
                self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        if self.svg is not None:
            self.svg.append(self.get_starttag_text())
        else:
            self.handle_starttag(tag, attrs)
            if tag not in _VOID and self.stack[-1]["tag"] == tag and not self.skipping:
                self.stack.pop()

    def handle_endtag(self, tag):
        if self.svg is not None:
            self.svg.append(f"</{tag}>")
            self.svg_depth -= tag != "path"
            if not self.svg_depth:
                svg = self.stack[-1]["children"][-1]
                svg["svg"] = "".join(self.svg)
                title = _SVG_TITLE.search(svg["svg"])
                svg["alt"] = unescape(title.group(1)) if title else ""
                self.svg = None
        elif self.skipping:
            self.skipping -= tag not in _VOID
        elif tag == "title" and self.in_title:
            self.in_title = False
        elif any(node["tag"] == tag for node in self.stack[1:]):
            while self.stack.pop()["tag"] != tag:
                pass

    def handle_data(self, data):
        if self.svg is not None:
            self.svg.append(escape(data))
        elif self.in_title:
            self.meta["title"] += data
        elif not self.skipping:
            children = self.stack[-1]["children"]
            if children and isinstance(children[-1], str):
                children[-1] += data
            else:
                children.append(data)


def _bare(node) -> bool:
    """A span or link with no class, id or address: it says nothing but its content."""
    return isinstance(node, dict) and node["tag"] in ("span", "a") and node.keys() == {"tag", "children"}


def _tidy(node: dict, ids: set[str], targets: set[str]) -> None:
    """Collapse whitespace as a browser would; keep only ids that are linked to or name a heading
    (a heading carries its section's id, for the bookmarks); unlink links that lead nowhere; a
    span or link that is left with no class, id or address is only its content (the layout then
    spends no call on it)."""
    children = []
    for child in node["children"]:
        if isinstance(child, dict):
            _tidy(child, ids, targets)
        for part in child["children"] if _bare(child) else [child]:
            if isinstance(part, str) and children and isinstance(children[-1], str):
                children[-1] += part
            else:
                children.append(part)
    if node["tag"] in _BLOCKS:
        children = [c for c in children if not isinstance(c, str) or c.strip()]
    children = node["children"] = [_SPACE.sub(" ", c) if isinstance(c, str) else c for c in children]
    if node["tag"] in _TRIMMED and children:
        if isinstance(children[0], str):
            children[0] = children[0].lstrip()
        if isinstance(children[-1], str):
            children[-1] = children[-1].rstrip()
    heading = next((c for c in children if isinstance(c, dict)), None)
    if node["tag"] == "section" and "id" in node and heading and heading["tag"] in _HEADINGS:
        heading["id"] = node.pop("id")
    if "id" in node and node["tag"] not in _HEADINGS and node["id"] not in targets:
        del node["id"]
    href = node.get("href", "")
    if href.startswith("#") and href[1:] not in ids:
        node["tag"] = "span"
        del node["href"]


def document_tree(html: str) -> dict:
    """The briefing's HTML as plain data for the Typst layout: {"meta": {...}, "body": [nodes]}."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    ids, targets = set(), set()

    def collect(node: dict) -> None:
        for child in node["children"]:
            if isinstance(child, dict):
                if "id" in child:
                    if child["id"] in ids:
                        del child["id"]  # an id names one place
                    else:
                        ids.add(child["id"])
                if child.get("href", "").startswith("#"):
                    targets.add(child["href"][1:])
                collect(child)

    collect(builder.body)
    _tidy(builder.body, ids, targets)
    return {"meta": builder.meta, "body": builder.body["children"]}
