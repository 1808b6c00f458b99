"""Step 2b, the record's rules: what an evidence level, a source's kind and a status require.

Run after the schema and reference checks, on documents that passed them. The rules are
declared in the schemas and the host list, and applied here across documents:

- an evidence level needs a source of a kind it names (``x-requires-source-kind`` on ``evidence``);
- a source's ``kind`` agrees with the class of its URL's host (``schemas/source-hosts.yaml``), hosts
  compared as a browser resolves them; ``official`` only on a party's own host, or on a newswire
  for a release whose author (``issued_by``) the source names;
- a status comes from the instruments, each established by a timeline event that carries it
  (``x-status`` in a kind's ``x-atlas``; instruments.py);
- no two entities tell the same dated event from the same source;
- every source is cited somewhere.
"""

from __future__ import annotations

import re
from collections import defaultdict
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .instruments import check_instruments
from .kinds import Kind, cited_kind
from .load import Document, read_mapping
from .problems import Problem, display_path, format_path

HOSTS_FILE = "source-hosts.yaml"
EVIDENCE_DEF = "common.defs.json#/$defs/evidence"  # declares the source kinds each level needs
COPY_SIMILARITY = 0.8  # two event texts this alike (difflib ratio) are one text copied
COPY_COMPARED = 500  # characters compared from the start of each text: a copy starts alike
OFFICIAL = "official"  # the one source kind that only a party's own host may carry
NEWSWIRE = "newswire"  # a host class, not a kind: releases carried for others (official with issued_by)
URL_FIELDS = ("url", "archived_url")
_HOST_NAME = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)*")


def load_host_classes(schema_dir: Path, kinds: dict[str, Kind], root: Path) -> tuple[dict[str, str], list[Problem]]:
    """The reviewed list of hosts and the source kind each one's pages are (host -> kind)."""
    path = schema_dir / HOSTS_FILE
    data, lines, problems = read_mapping(path, root, "host: kind, e.g. 'pib.gov.in: official'")
    file = display_path(path, root)
    allowed = _source_kinds(kinds) + [NEWSWIRE]
    hosts = {}
    for host, kind in data.items():
        if kind not in allowed:
            problems.append(
                Problem(file, lines.get((host,), 1), host, f"{kind!r} is not a source kind; choose one of: {', '.join(allowed)}")
            )
        elif host != host.lower() or "/" in host or "." not in host:
            problems.append(Problem(file, lines.get((host,), 1), host, "write a bare lowercase host name, e.g. pib.gov.in"))
        else:
            hosts[host] = kind
    return hosts, problems


def _source_kinds(kinds: dict[str, Kind]) -> list[str]:
    cited = cited_kind(kinds)
    return kinds[cited].field_schema("kind")[0].get("enum", []) if cited else []


def browser_host(url: str) -> str:
    """The host a browser opens for url: percent-decoded, IDNA-mapped (case, full-width forms,
    ideographic full stops, soft hyphens) and without a trailing dot. ValueError, saying what is
    wrong, for an address that could pass for another host: user info, a host not in plain ASCII."""
    parts = urlsplit(url)  # ValueError, e.g. for an unbalanced '['
    if "@" in parts.netloc:
        raise ValueError(
            f"has user info before '@' (a browser opens {parts.hostname!r}, the host after it); give the address without it"
        )
    written = unquote(parts.hostname or "")
    try:
        resolved = written.encode("idna").decode("ascii").lower().rstrip(".")
    except UnicodeError:
        resolved = ""
    if not written.isascii() or "xn--" in resolved:
        raise ValueError(
            f"the host {written!r} is not plain ASCII: full-width letters, an ideographic full stop, "
            f"a soft hyphen or letters of another script can imitate a listed host (a browser opens "
            f"{resolved or 'no valid host'!r}); write the host in plain ASCII"
        )
    if not _HOST_NAME.fullmatch(resolved):
        raise ValueError(f"the host {written!r} is not a host name; give the address as the browser shows it")
    return resolved


def host_class(url: str, hosts: dict[str, str]) -> tuple[str, str] | None:
    """(listed host, class) for the longest listed host that url's host, as a browser resolves
    it, is or is below; None for an unlisted host or an address that browser_host refuses."""
    try:
        host = browser_host(url)
    except ValueError:
        return None
    parts = host.split(".")
    for start in range(len(parts) - 1):
        candidate = ".".join(parts[start:])
        if candidate in hosts:
            return candidate, hosts[candidate]
    return None


def _claims(data: dict):
    """(path, claim) for the entity itself and each dict in it that carries an evidence level."""
    yield (), data
    for field, value in data.items():
        if isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict) and "evidence" in item:
                    yield (field, index), item


def check_rules(documents: list[Document], kinds: dict[str, Kind], hosts: dict[str, str]) -> list[Problem]:
    """Problems with evidence levels, source kinds, statuses, retold events and uncited sources."""
    cited = cited_kind(kinds)
    if cited is None:
        return []
    sources = {d.id: d for d in documents if d.kind == cited}
    evidence_rules = kinds[cited].resolver.lookup(EVIDENCE_DEF).contents.get("x-requires-source-kind", {})
    problems = [problem for document in sources.values() for problem in _check_host(document, hosts)]
    cited_anywhere: set[str] = set()
    tellings: dict[tuple[str, str], list] = defaultdict(list)
    links: dict[tuple[str, str], set] = {}
    for document in documents:
        kind = kinds[document.kind]
        cited_ids = [v for f in kind.ref_fields if f.target == cited for _, v in f.values(document.data)]
        links[(document.kind, document.id)] = {
            (f.target, v) for f in kind.ref_fields if f.target != cited for _, v in f.values(document.data)
        }
        cited_anywhere.update(cited_ids)
        problems += _check_evidence(document, evidence_rules, cited_ids, sources)
        if status := kind.settings.get("x-status"):
            problems += check_instruments(document, kind, status, sources)
        for path, claim in _claims(document.data):
            if "event" in claim and "date" in claim:
                for source_id in claim.get("sources", []):
                    tellings[(claim["date"], source_id)].append((document, path, claim["event"]))
    problems += _check_retold(tellings, links)
    for source_id, document in sources.items():
        if source_id not in cited_anywhere:
            problems.append(
                Problem(
                    document.file,
                    1,
                    "",
                    f"source '{source_id}' is cited nowhere; cite it where it supports a claim, or delete the file",
                )
            )
    return problems


def _check_host(source: Document, hosts: dict[str, str]) -> list[Problem]:
    """The source's addresses resolve to honest hosts, and its kind agrees with its host's class."""
    problems = []
    for field in (f for f in URL_FIELDS if f in source.data):
        try:
            browser_host(source.data[field])
        except ValueError as error:
            problems.append(Problem(source.file, source.line_of((field,)), field, str(error)))
    url, kind = source.data.get("url"), source.data.get("kind")
    if problems or not url:
        return problems
    host, expected = host_class(url, hosts) or (browser_host(url), None)
    if expected == NEWSWIRE:
        if kind != OFFICIAL or "issued_by" in source.data:
            return []
        message = (
            f"{host} is a newswire: its releases are 'official' only when the source names the party that "
            f"issued this one in issued_by; add issued_by, or make this 'secondary'"
        )
    elif expected is None and kind == OFFICIAL:
        message = (
            f"'official' is for a party's own publication, and {host} is not on the list of party hosts "
            f"(schemas/{HOSTS_FILE}); a copy of an official text elsewhere is 'secondary' (name the original "
            f"in reproduces), or list the host in a pull request that says whose it is"
        )
    elif expected is None or expected == kind:
        return []
    else:
        message = (
            f"pages on {host} are '{expected}' sources (schemas/{HOSTS_FILE}), but this says '{kind}'; "
            f"correct the kind, or the host's class in a pull request that says why"
        )
    return [Problem(source.file, source.line_of(("kind",)), "kind", message)]


def _check_evidence(document: Document, rules: dict, entity_sources: list[str], sources: dict[str, Document]) -> list[Problem]:
    problems = []
    for path, claim in _claims(document.data):
        level = claim.get("evidence")
        needed = rules.get(level)
        if not needed:
            continue
        cited_ids = claim.get("sources", []) if path else entity_sources
        kinds_cited = sorted({sources[s].data.get("kind") for s in cited_ids if s in sources})
        if not set(kinds_cited) & set(needed):
            where = "this " + ("entity's file" if not path else "claim")
            problems.append(
                Problem(
                    document.file,
                    document.line_of(path + ("evidence",)),
                    format_path(path + ("evidence",)),
                    f"'{level}' needs a source of kind {' or '.join(needed)}, but {where} cites only "
                    f"{', '.join(kinds_cited) or 'none'}; cite such a source, or lower the evidence level",
                )
            )
    return problems


def _check_retold(tellings: dict, links: dict) -> list[Problem]:
    """An event told twice from the same source on the same date: an error when one entity links
    to the other (link, don't retell) or when the two texts are copies. Entities that do not link
    may each cite one article that reports on both (a round-up of several sets of talks)."""
    problems = []
    copied = cache(_copied)  # each pair of texts compared once, whatever dates and sources they share
    for (date, source_id), places in sorted(tellings.items()):
        entities = {(d.kind, d.id): (d, path, text) for d, path, text in places}
        ordered = sorted(entities.items())
        for index, (key, (document, path, text)) in enumerate(ordered):
            for other_key, (other, _, other_text) in ordered[:index]:
                linked = other_key in links[key] or key in links[other_key]
                if linked or copied(text, other_text):
                    why = "one page links to the other" if linked else "the texts are copies"
                    problems.append(
                        Problem(
                            document.file,
                            document.line_of(path),
                            format_path(path),
                            f"the event of {date} from '{source_id}' is also told in {other.file} and "
                            f"{why}; tell the event once and link to that page",
                        )
                    )
                    break
    return problems


def _copied(text: str, other: str) -> bool:
    """Whether two event texts are one text copied: alike in their first COPY_COMPARED characters
    (the quick upper bounds first: most pairs are told apart without the full comparison)."""
    matcher = SequenceMatcher(None, text[:COPY_COMPARED], other[:COPY_COMPARED])
    return (
        matcher.real_quick_ratio() >= COPY_SIMILARITY
        and matcher.quick_ratio() >= COPY_SIMILARITY
        and matcher.ratio() >= COPY_SIMILARITY
    )
