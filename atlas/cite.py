"""'Cite this page': a plain-text reference and a BibTeX entry for a page of the site."""
from __future__ import annotations

import re

_BIBTEX_SPECIAL = re.compile(r"[\\{}%$#&_~^]")


def _bibtex(text: str) -> str:
    """Text safe inside a BibTeX field: its special characters escaped."""
    return _BIBTEX_SPECIAL.sub(lambda m: {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}",
                                           "^": r"\textasciicircum{}"}.get(m.group(), "\\" + m.group()), text)


def plain(site: str, title: str, url: str, data_date: str, version: str) -> str:
    return f'{site} contributors. "{title}." {site}, data version {version}, as of {data_date}. {url}'


def bibtex(site: str, title: str, url: str, data_date: str, version: str, path: str) -> str:
    """A @misc entry; its key comes from the page's path in the site (e.g. atlas-partnerships-india-canada)."""
    key = "atlas-" + ("-".join(re.findall(r"[a-z0-9]+", path.lower())) or "home")
    fields = {"author": "{" + _bibtex(site) + " contributors}", "title": _bibtex(title), "year": data_date[:4],
              "version": _bibtex(version), "note": f"Data as of {data_date}", "howpublished": rf"\url{{{url}}}"}
    body = ",\n".join(f"  {name:<12} = {{{value}}}" for name, value in fields.items())
    return f"@misc{{{key},\n{body}\n}}"
