"""'Cite this page': a plain-text reference and a BibTeX entry for a page of the site."""

from __future__ import annotations

import re

_BIBTEX_SPECIAL = re.compile(r"[\\{}%$#&_~^]")
# BibTeX counts every brace, escaped or not (\} closes a field too), so text writes none of its own:
# braces and backslashes become commands, each followed by an empty, balanced {}
_BIBTEX_COMMANDS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _bibtex(text: str) -> str:
    """Text safe inside a BibTeX field: its special characters escaped, no brace of its own."""
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_COMMANDS.get(m.group(), "\\" + m.group()), text)


def _url(url: str) -> str:
    """The address inside \\url{...}: its braces and backslashes percent-encoded, so it cannot close the field."""
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def plain(site: str, title: str, url: str, data_date: str, version: str) -> str:
    return f'{site} contributors. "{title}." {site}, data version {version}, as of {data_date}. {url}'


def bibtex(site: str, title: str, url: str, data_date: str, version: str, path: str) -> str:
    """A @misc entry; its key comes from the page's path in the site (e.g. atlas-partnerships-india-canada)."""
    key = "atlas-" + ("-".join(re.findall(r"[a-z0-9]+", path.lower())) or "home")
    fields = {
        "author": "{" + _bibtex(site) + " contributors}",
        "title": _bibtex(title),
        "year": data_date[:4],
        "version": _bibtex(version),
        "note": f"Data as of {data_date}",
        "howpublished": rf"\url{{{_url(url)}}}",
    }
    body = ",\n".join(f"  {name:<12} = {{{value}}}" for name, value in fields.items())
    return f"@misc{{{key},\n{body}\n}}"
