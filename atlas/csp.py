"""A Content-Security-Policy for every built page: only the site's own scripts may run.

Material inlines a few small scripts whose text differs per page (the path to the site root),
so each page gets a policy listing the SHA-256 hashes of exactly its own inline scripts. Any
other script, inline or from elsewhere, and every event-handler attribute, is blocked.
'wasm-unsafe-eval' lets the search compile Pagefind's WebAssembly (it allows no JavaScript eval).
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

_HEAD = re.compile(r"<head[^>]*>", re.I)
_META = '<meta http-equiv="Content-Security-Policy" content="'

POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-src 'none'"
)


def script_hashes(html: str) -> list[str]:
    """CSP source expressions for the page's inline, executable scripts, in page order.

    Found with str.find rather than a regular expression, which is slower, as this runs on every
    page of the site (a script's attributes end at the first '>', its text at '</script>')."""
    hashes = []
    start = html.find("<script")
    while start != -1:
        body = html.find(">", start) + 1
        end = html.find("</script>", body)
        if not body or end == -1:
            break
        attrs = html[start + len("<script") : body - 1]
        if "src=" not in attrs and "application/json" not in attrs:
            digest = base64.b64encode(hashlib.sha256(html[body:end].encode("utf-8")).digest()).decode()
            hashes.append(f"'sha256-{digest}'")
        start = html.find("<script", end)
    return list(dict.fromkeys(hashes))


def add_policy(html: str) -> str:
    """The page with a CSP meta tag as the first element of its head; a page whose head starts
    with one already (added by the hook, or by `atlas finish` before) is returned as it is."""
    head = _HEAD.search(html)
    if not head or html.startswith(_META, head.end()):
        return html
    policy = POLICY.format(hashes=" ".join(script_hashes(html)))
    return f'{html[: head.end()]}{_META}{policy}">{html[head.end() :]}'


def add_policies(site: Path) -> None:
    """Add the policy to every HTML file of a built site that lacks it, whichever engine wrote it."""
    for page in sorted(site.rglob("*.html")):
        html = page.read_bytes().decode("utf-8")
        protected = add_policy(html)
        if protected != html:
            page.write_bytes(protected.encode("utf-8"))
