"""What the templates show, computed once in Python: tables, counts, timelines, tags.

Templates only lay these out; every choice about data (what to count, how to sort, when a page
is stale) is made here.
"""

from __future__ import annotations

import dataclasses
import datetime
import json

from markupsafe import Markup

from . import urls
from .codebook import fields as codebook  # noqa: F401  (the codebook page's rows)
from .kinds import Kind, cited_kind
from .link import Entity, Graph

STALE_AFTER_DAYS = 365
UNSEARCHED_AFTER_DAYS = 90


def freshness(graph: Graph) -> tuple[str | None, str | None]:
    """(the latest event recorded, the last full review: the date since which every reviewed page was)."""
    latest = max((event["date"] for e in graph.all() for event in e.data.get("timeline", [])), default=None)
    return latest, min((e.data["last_reviewed"] for e in graph.all() if "last_reviewed" in e.data), default=None)


def _older_than(entity: Entity, field: str, today: str, days: int) -> bool:
    """The entity's date in field is more than days before today (the data's as-of date, never the clock)."""
    value = entity.data.get(field)
    return bool(value) and (datetime.date.fromisoformat(today) - datetime.date.fromisoformat(value)).days > days


def is_stale(entity: Entity, today: str) -> bool:
    """Not reviewed within STALE_AFTER_DAYS of the data's as-of date."""
    return _older_than(entity, "last_reviewed", today, STALE_AFTER_DAYS)


def unsearched(graph: Graph, today: str) -> list[Entity]:
    """Entities not searched for news within UNSEARCHED_AFTER_DAYS of the data's as-of date."""
    return [entity for entity in graph.all() if _older_than(entity, "last_searched", today, UNSEARCHED_AFTER_DAYS)]


def field_values(entity: Entity, field: str, graph: Graph) -> list:
    """A field's values as a list: referenced entities for reference fields, else plain values."""
    value = entity.data.get(field)
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    ref = next((r for r in graph.kinds[entity.kind].ref_fields if r.pattern in ((field,), (field, "*"))), None)
    if ref:
        return [graph.get(ref.target, v) for v in values]
    return values


def label_value(kind: Kind, field: str, value) -> str:
    """How a stored value reads: 'in-force' -> 'in force', True -> 'yes', x-labels where given."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if field not in kind.schema.get("properties", {}):
        return str(value)
    schema, items = kind.field_schema(field)  # $refs followed: evidence is defined in common.defs
    schema = {**items, **schema}
    if "enum" not in schema:
        return str(value)
    return schema.get("x-labels", {}).get(value, str(value).replace("-", " "))


def shown(entity: Entity, field: str, graph: Graph) -> list:
    """A field's values ready to show: entities (to link) or labels."""
    kind = graph.kinds[entity.kind]
    return [v if isinstance(v, Entity) else label_value(kind, field, v) for v in field_values(entity, field, graph)]


def other_names(entity: Entity, graph: Graph) -> tuple[list[str], list[str]]:
    """Names a reader may type for this entity, weighted high in search: (its abbreviation and
    aliases, the names of the entities in the fields its kind lists under x-atlas.search_names,
    e.g. a partnership's partners), each name once whatever the case."""
    seen: set[str] = set()

    def once(names) -> list[str]:
        kept = [name for name in names if name and name.casefold() not in seen]
        seen.update(name.casefold() for name in kept)
        return list(dict.fromkeys(kept))

    aliases = once([entity.data.get("abbreviation"), *entity.data.get("aliases", [])])
    fields = graph.kinds[entity.kind].settings.get("search_names", [])
    return aliases, once([value.title for field in fields for value in field_values(entity, field, graph)])


def tags(entity: Entity, graph: Graph) -> list[str]:
    """Tags for the Material tags plugin, from the fields the kind lists under x-atlas.tags."""
    found: dict[str, str] = {}  # casefolded -> first spelling: 'Rare earth elements' once
    for field in graph.kinds[entity.kind].settings.get("tags", []):
        for value in shown(entity, field, graph):
            text = value.title if isinstance(value, Entity) else value
            found.setdefault(text.casefold(), text)
    return list(found.values())


@dataclasses.dataclass
class Table:
    fields: list[str]
    headers: list[str]
    rows: list[tuple[Entity, list[list]]]  # entity, one list of values per column


def label(field: str) -> str:
    return field.replace("_", " ").capitalize()


def index_table(kind: Kind, graph: Graph) -> Table:
    """The kind's index: its x-atlas columns, each headed by the field's schema title or its name."""
    columns = kind.settings.get("columns", [])
    rows = [(entity, [shown(entity, c, graph) for c in columns]) for entity in graph.by_kind[kind.name]]
    return Table(columns, [kind.schema["properties"][c].get("title") or label(c) for c in columns], rows)


@dataclasses.dataclass(frozen=True)
class Event:
    date: str
    text: str
    entity: Entity
    sources: tuple
    evidence: str | None = None  # official / attributed / reported
    status: str | None = None  # the partnership status this event establishes, if any


def events(graph: Graph) -> list[Event]:
    """Every dated event of every entity, newest first."""
    found = [
        Event(item["date"], item["event"], entity, tuple(item["sources"]), item.get("evidence"), item.get("status"))
        for entity in graph.all()
        for item in entity.data.get("timeline", [])
    ]
    return sorted(found, key=lambda e: (e.date, e.entity.kind, e.entity.id, e.text), reverse=True)


def events_by_year(graph: Graph) -> list[tuple[str, list[Event]]]:
    years: dict[str, list[Event]] = {}
    for event in events(graph):
        years.setdefault(event.date[:4], []).append(event)
    return list(years.items())


def counts(graph: Graph) -> list[tuple[Kind, int]]:
    return [(kind, len(graph.by_kind[name])) for name, kind in graph.kinds.items()]


def question(item) -> str:
    """An open question's text: the item itself, or its `question` when it lowers a label."""
    return item["question"] if isinstance(item, dict) else item


def review_anchor(entity: Entity) -> str:
    """The id of the entity's section on the review page."""
    return f"{entity.kind}-{entity.id}"


def open_questions(graph: Graph) -> list[tuple[Entity, list]]:
    """Each entity with open questions, and its for_review items."""
    return [(entity, entity.data["for_review"]) for entity in graph.all() if entity.data.get("for_review")]


def stale_entities(graph: Graph, today: str) -> list[Entity]:
    return [entity for entity in graph.all() if is_stale(entity, today)]


def status_event(entity: Entity, standing) -> dict | None:
    """The timeline event that established the partnership's standing: the event, on its since
    date, that gave an instrument holding the status that status (the validator requires one)."""
    holding = {instrument["id"] for instrument in entity.data["instruments"] if instrument["status"] == standing.status}
    return next(
        (
            event
            for event in entity.data.get("timeline", [])
            if event.get("instrument") in holding and event.get("status") == standing.status and event["date"] == standing.since
        ),
        None,
    )


def status_documents(entity: Entity, graph: Graph, standing) -> tuple[list[Entity], list[Entity]]:
    """The sources of the event that established the status: (the documents to name, the other
    sources). Official documents are named; without one, the first source cited is."""
    event = status_event(entity, standing)
    if event is None:
        return [], []
    sources = [graph.get(cited_kind(graph.kinds), source_id) for source_id in event["sources"]]
    named = [s for s in sources if s.data.get("kind") == "official"] or sources[:1]
    return named, [s for s in sources if s not in named]


def facts_by_topic(entity: Entity) -> list[tuple[str, list[dict]]]:
    topics: dict[str, list[dict]] = {}
    for fact in entity.data.get("facts", []):
        topics.setdefault(fact["topic"], []).append(fact)
    return [(label(topic.replace("-", " ")), facts) for topic, facts in topics.items()]


def status_events(entity: Entity) -> list[dict]:
    """The timeline events that establish a status, oldest first."""
    return sorted((item for item in entity.data.get("timeline", []) if item.get("status")), key=lambda item: item["date"])


def dataset_json_ld(graph: Graph, version: str, modified: str | None, site: str) -> Markup:
    """schema.org Dataset metadata for the home page, safe inside a <script> element."""
    downloads = [("application/json", urls.DATAPACKAGE)] + [("text/csv", urls.table(name)) for name in graph.kinds]
    dataset = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": "Critical Minerals Atlas",
        "description": "An open, source-backed record of India's international partnerships on critical minerals "
        "and rare earths: partnerships, minerals, countries, organizations, policies and sources.",
        "url": site,
        "version": version,
        "dateModified": modified or graph.as_of,
        "isAccessibleForFree": True,
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "creator": {"@type": "Organization", "name": "Critical Minerals Atlas contributors"},
        "keywords": ["critical minerals", "rare earths", "India", "international partnerships"],
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": kind, "contentUrl": site + path} for kind, path in downloads
        ],
    }
    text = json.dumps(dataset, ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
