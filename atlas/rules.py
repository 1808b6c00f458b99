"""Step 2b, the record's rules: what an evidence level, a source's kind and a status require.

Run after the schema and reference checks, on documents that passed them. The rules are
declared in the schemas and the host list, and applied here across documents:

- an evidence level needs a source of a kind it names (``x-requires-source-kind`` on ``evidence``);
- a source's ``kind`` agrees with the class of its URL's host (``schemas/source-hosts.yaml``);
- a status is established by a timeline event that carries it, dated ``status_confirmed``
  (``x-status`` in a kind's ``x-atlas``);
- no two entities tell the same dated event from the same source;
- every source is cited somewhere.
"""
from __future__ import annotations

from collections import defaultdict
from difflib import SequenceMatcher
from pathlib import Path
from urllib.parse import urlsplit

from .kinds import Kind, cited_kind
from .load import Document, YamlProblem, parse_yaml
from .problems import Problem, display_path, format_path

HOSTS_FILE = "source-hosts.yaml"
EVIDENCE_DEF = "common.defs.json#/$defs/evidence"  # declares the source kinds each level needs
COPY_SIMILARITY = 0.8  # two event texts this alike (difflib ratio) are one text copied


def load_host_classes(schema_dir: Path, kinds: dict[str, Kind], root: Path) -> tuple[dict[str, str], list[Problem]]:
    """The reviewed list of hosts and the source kind each one's pages are (host -> kind)."""
    path = schema_dir / HOSTS_FILE
    if not path.is_file():
        return {}, []
    file = display_path(path, root)
    try:
        data, lines = parse_yaml(path.read_text(encoding="utf-8"))
    except YamlProblem as problem:
        return {}, [Problem(file, problem.line, "", problem.message)]
    allowed = _source_kinds(kinds)
    if not isinstance(data, dict):
        return {}, [Problem(file, 1, "", "expected a mapping of host: kind, e.g. 'pib.gov.in: official'")]
    hosts, problems = {}, []
    for host, kind in data.items():
        if kind not in allowed:
            problems.append(Problem(file, lines.get((host,), 1), host, f"{kind!r} is not a source kind; choose one of: {', '.join(allowed)}"))
        elif host != host.lower() or "/" in host or "." not in host:
            problems.append(Problem(file, lines.get((host,), 1), host, "write a bare lowercase host name, e.g. pib.gov.in"))
        else:
            hosts[host] = kind
    return hosts, problems


def _source_kinds(kinds: dict[str, Kind]) -> list[str]:
    cited = cited_kind(kinds)
    return kinds[cited].field_schema("kind")[0].get("enum", []) if cited else []


def host_class(url: str, hosts: dict[str, str]) -> tuple[str, str] | None:
    """(listed host, kind) for the longest listed host that url's host is or is below."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:  # e.g. an unbalanced '[' that the URL pattern lets through
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
        links[(document.kind, document.id)] = {(f.target, v) for f in kind.ref_fields if f.target != cited
                                               for _, v in f.values(document.data)}
        cited_anywhere.update(cited_ids)
        problems += _check_evidence(document, evidence_rules, cited_ids, sources)
        if status := kind.settings.get("x-status"):
            problems += _check_status(document, kind, status)
        for path, claim in _claims(document.data):
            if "event" in claim and "date" in claim:
                for source_id in claim.get("sources", []):
                    tellings[(claim["date"], source_id)].append((document, path, claim["event"]))
    problems += _check_retold(tellings, links)
    for source_id, document in sources.items():
        if source_id not in cited_anywhere:
            problems.append(Problem(document.file, 1, "", f"source '{source_id}' is cited nowhere; cite it where it supports a claim, or delete the file"))
    return problems


def _check_host(source: Document, hosts: dict[str, str]) -> list[Problem]:
    url, kind = source.data.get("url"), source.data.get("kind")
    listed = host_class(url, hosts) if url else None
    if listed is None or listed[1] == kind:
        return []
    host, expected = listed
    return [Problem(source.file, source.line_of(("kind",)), "kind",
                    f"pages on {host} are '{expected}' sources (schemas/{HOSTS_FILE}), but this says '{kind}'; "
                    f"correct the kind, or the host's class in a pull request that says why")]


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
            problems.append(Problem(document.file, document.line_of(path + ("evidence",)), format_path(path + ("evidence",)),
                                    f"'{level}' needs a source of kind {' or '.join(needed)}, but {where} cites only "
                                    f"{', '.join(kinds_cited) or 'none'}; cite such a source, or lower the evidence level"))
    return problems


def _check_status(document: Document, kind: Kind, names: dict) -> list[Problem]:
    data = document.data
    status, confirmed = data.get(names["status"]), data.get(names["date"])
    if status is None:
        return []
    established = kind.field_schema(names["status"])[0].get("x-established-by", {}).get(status, "an event")
    dates = [event["date"] for event in data.get(names["events"], []) if event.get("status") == status]
    if not dates:
        return [Problem(document.file, document.line_of((names["status"],)), names["status"],
                        f"'{status}' needs a {names['events']} event with 'status: {status}' ({established}); "
                        f"add that event with its source, or set the status the record proves")]
    if confirmed != max(dates):
        return [Problem(document.file, document.line_of((names["date"],)), names["date"],
                        f"{confirmed} is not the date of the latest event that establishes '{status}' ({max(dates)}); "
                        f"use {max(dates)}")]
    return []


def _check_retold(tellings: dict, links: dict) -> list[Problem]:
    """An event told twice from the same source on the same date: an error when one entity links
    to the other (link, don't retell) or when the two texts are copies. Entities that do not link
    may each cite one article that reports on both (a round-up of several sets of talks)."""
    problems = []
    for (date, source_id), places in sorted(tellings.items()):
        entities = {(d.kind, d.id): (d, path, text) for d, path, text in places}
        ordered = sorted(entities.items())
        for index, (key, (document, path, text)) in enumerate(ordered):
            for other_key, (other, _, other_text) in ordered[:index]:
                linked = other_key in links[key] or key in links[other_key]
                if linked or SequenceMatcher(None, text, other_text).ratio() >= COPY_SIMILARITY:
                    why = "one page links to the other" if linked else "the texts are copies"
                    problems.append(Problem(document.file, document.line_of(path), format_path(path),
                                            f"the event of {date} from '{source_id}' is also told in {other.file} and "
                                            f"{why}; tell the event once and link to that page"))
                    break
    return problems
