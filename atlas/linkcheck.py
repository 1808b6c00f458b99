"""Sources that last: check every source's address, and the list of dead ones the site marks.

The weekly workflow (.github/workflows/links.yml) runs ``atlas links``: each address is fetched
with a bounded timeout, redirects followed; an answer of 404 or 410 means the page is gone. The
dead ones are written to ``schemas/dead-links.yaml`` (source id -> what the address answered),
which the build reads to mark those sources and point to their archived copies, and a Markdown
report becomes the body of the one issue that lists them. Addresses that did not answer (a
timeout, a refused connection, a server error) are listed in the report but not marked: they
may answer next week.
"""

from __future__ import annotations

import dataclasses
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .load import read_mapping
from .problems import Problem, display_path

DEAD_FILE = "dead-links.yaml"
GONE = {404: "Not Found", 410: "Gone"}
TIMEOUT = 20.0  # seconds a connection, or a wait for the next bytes, may take
WORKERS = 8
AGENT = "Critical-Minerals-Atlas-link-check (+https://github.com/critical-minerals-atlas/atlas)"
HEADER = (
    "# Sources whose address the weekly link check found gone: source id: what it answered.\n"
    "# Written by `atlas links` (.github/workflows/links.yml); the site marks these sources.\n"
)


@dataclasses.dataclass(frozen=True)
class Result:
    url: str
    status: int | None  # the HTTP status of the last answer, after redirects; None without one
    note: str  # what happened, e.g. "404 Not Found" or "no answer within 20 s"

    @property
    def dead(self) -> bool:
        return self.status in GONE

    @property
    def answered(self) -> bool:
        return self.status is not None and self.status < 400


def check(url: str, timeout: float = TIMEOUT) -> Result:
    """Fetch url's headers (following redirects) and say whether the page is there."""
    request = urllib.request.Request(url, headers={"User-Agent": AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http and https only: the schema's URL pattern)
            return Result(url, response.status, f"{response.status} {response.reason}")
    except urllib.error.HTTPError as error:
        return Result(url, error.code, f"{error.code} {error.reason}")
    except TimeoutError:
        return Result(url, None, f"no answer within {timeout:g} s")
    except (urllib.error.URLError, OSError, ValueError) as error:
        return Result(url, None, f"no answer: {getattr(error, 'reason', error)}")


def check_all(urls: dict[str, str], timeout: float = TIMEOUT) -> dict[str, Result]:
    """source id -> Result, checked WORKERS at a time."""
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = pool.map(lambda url: check(url, timeout), urls.values())
        return dict(zip(urls, results))


def dead_file(results: dict[str, Result]) -> str:
    """The text of schemas/dead-links.yaml: the sources whose page is gone, by id."""
    lines = [f'{source_id}: "{result.note}"\n' for source_id, result in sorted(results.items()) if result.dead]
    return HEADER + ("".join(lines) or "{}\n")


def report(results: dict[str, Result], archived: dict[str, str]) -> str:
    """The issue's body: dead addresses (with their archived copies), then those that did not answer."""
    dead = [(i, r) for i, r in sorted(results.items()) if r.dead]
    silent = [(i, r) for i, r in sorted(results.items()) if not r.dead and not r.answered]
    lines = [
        f"Weekly check of {len(results)} source addresses: {len(dead)} gone, {len(silent)} did not answer.",
        "",
        "## Gone (404 or 410)",
        "",
    ]
    lines += [
        f"- `{i}` {r.url}: {r.note}; "
        + (
            f"archived copy {archived[i]}"
            if i in archived
            else "no archived copy recorded: add `archived_url` if a snapshot exists"
        )
        for i, r in dead
    ] or ["None."]
    lines += ["", "## Did not answer (checked again next week)", ""]
    lines += [f"- `{i}` {r.url}: {r.note}" for i, r in silent] or ["None."]
    return "\n".join(lines) + "\n"


def load_dead(schema_dir: Path, root: Path) -> tuple[dict[str, str], list[Problem]]:
    """schemas/dead-links.yaml as source id -> what its address answered (nothing if absent)."""
    path = schema_dir / DEAD_FILE
    expected = "source id: what its address answered, e.g. 'example: \"404 Not Found\"'"
    data, _, problems = read_mapping(path, root, expected)
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        return {}, [Problem(display_path(path, root), 1, "", f"expected a mapping of {expected}")]
    return data, problems
