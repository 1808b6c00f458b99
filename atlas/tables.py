"""CSV tables and the Frictionless Data Package that describes them.

One table per kind (names beside ids, the page address), a long table per list of references
(e.g. partnerships-minerals), ``events.csv`` and ``facts.csv``. Types, keys and descriptions
come from the kind schemas. Files are UTF-8 with a byte-order mark, so spreadsheets read the
accents right, and no cell can start a formula.
"""

from __future__ import annotations

import csv
import dataclasses

from . import urls
from .codebook import inline
from .history import History
from .kinds import Kind, cited_kind
from .link import Entity, Graph
from .views import question

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TYPES = {"boolean": "boolean", "integer": "integer", "number": "number"}


def cell(value) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    text = "; ".join(map(str, value)) if isinstance(value, list) else "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


class _Lines:
    """A file for csv.writer whose write() gives back the line, which writerow() returns."""

    @staticmethod
    def write(line: str) -> str:
        return line


@dataclasses.dataclass
class Table:
    name: str
    description: str
    fields: list[dict]  # Table Schema fields
    rows: list[list]
    primary_key: list[str] = dataclasses.field(default_factory=list)
    foreign_keys: list[dict] = dataclasses.field(default_factory=list)

    def lines(self) -> list[str]:
        """The header line, then a line per row, each with its line end."""
        writer = csv.writer(_Lines, lineterminator="\r\n")
        return [writer.writerow([f["name"] for f in self.fields])] + [
            writer.writerow([cell(v) for v in row]) for row in self.rows
        ]

    def resource(self) -> dict:
        schema = {"fields": self.fields}
        if self.primary_key:
            schema["primaryKey"] = self.primary_key
        if self.foreign_keys:
            schema["foreignKeys"] = self.foreign_keys
        return {
            "name": self.name,
            "path": f"{self.name}.csv",
            "profile": "tabular-data-resource",
            "description": self.description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8-sig",
            "schema": schema,
        }


def _field(name: str, description: str, schema: dict | None = None, required: bool = False) -> dict:
    schema = schema or {}
    kind = "date" if schema.get("format") == "date" else _TYPES.get(schema.get("type"), "string")
    field = {"name": name, "type": kind, "description": description}
    constraints = {"required": True} if required else {}
    if "enum" in schema:
        constraints["enum"] = schema["enum"]
    if constraints:
        field["constraints"] = constraints
    return field


def _fk(field: str, target: str) -> dict:
    return {"fields": [field], "reference": {"resource": target, "fields": ["id"]}}


_ENTITY_COLUMNS = [
    ("kind", "The kind of the entity (a table of this package)."),
    ("id", "The entity's id."),
    ("title", "The entity's name."),
    ("page_url", "The entity's page."),
]


def _scalar_ref(kind: Kind, field: str) -> str | None:
    return next((r.target for r in kind.ref_fields if r.pattern == (field,)), None)


def kind_table(kind: Kind, graph: Graph, history: History, site: str) -> Table:
    """One row per entity: every field that fits a cell, a name column beside each reference, the page."""
    schema = inline(kind.schema, kind.resolver)
    required = set(schema.get("required", []))
    columns, fks = [], []  # (Table Schema field, value getter)
    for name, sub in schema["properties"].items():
        items = sub.get("items", {})
        if sub.get("type") == "array" and "string" not in _as_list(items.get("type")):
            continue  # timelines and facts have their own tables
        described = sub.get("description") or items.get("description", "")
        if sub.get("type") == "array":  # a list in one cell, open questions by their text; it may be empty
            field = _field(name, described + " Several values are separated by '; '.")
            columns.append((field, lambda e, n=name: [question(v) for v in e.data.get(n, [])]))
        else:
            columns.append((_field(name, described, sub, name in required), lambda e, n=name: e.data.get(n)))
        target = items.get("x-ref") or sub.get("x-ref")
        if target:
            columns.append(
                (
                    _field(f"{name}_names", f"Names of the {name} ids, in the same order."),
                    lambda e, n=name, t=target: [graph.get(t, i).title for i in _as_list(e.data.get(n))],
                )
            )
        if _scalar_ref(kind, name):
            fks.append(_fk(name, _scalar_ref(kind, name)))
    columns.append((_field("page_url", "The entity's page in the atlas."), lambda e: urls.page_url(site, e.kind, e.id)))
    columns.append((_field("data_version", "The version of the data this row comes from."), lambda e: history.version))
    rows = [[get(e) for _, get in columns] for e in sorted(graph.by_kind[kind.name], key=lambda e: e.id)]
    return Table(kind.name, kind.schema.get("description", kind.label), [f for f, _ in columns], rows, ["id"], fks)


def _as_list(value) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


def link_tables(kind: Kind, graph: Graph, site: str) -> list[Table]:
    """One long table per list of references: one row per (entity, referenced entity)."""
    tables = []
    for ref in kind.ref_fields:
        if ref.pattern != (ref.name, "*"):
            continue
        name = f"{kind.name}-{ref.name.replace('_', '-')}"
        fields = [
            _field("id", f"The {kind.singular}'s id.", required=True),
            _field("title", f"The {kind.singular}'s name."),
            _field("ref_id", f"The id of one of its {ref.name} ({ref.target}).", required=True),
            _field("ref_title", "Its name."),
            _field("ref_url", "Its page in the atlas."),
        ]
        rows = [
            [e.id, e.title, target, graph.get(ref.target, target).title, urls.page_url(site, ref.target, target)]
            for e in sorted(graph.by_kind[kind.name], key=lambda e: e.id)
            for _, target in ref.values(e.data)
        ]
        tables.append(
            Table(
                name,
                f"{kind.label} × {ref.name}: one row per pair.",
                fields,
                rows,
                ["id", "ref_id"],
                [_fk("id", kind.name), _fk("ref_id", ref.target)],
            )
        )
    return tables


def _sources(graph: Graph, ids: list[str]) -> list:
    return [ids, [graph.get(cited_kind(graph.kinds), i).data.get("url") or "" for i in ids]]


def _entity_cells(e: Entity, site: str) -> list:
    return [e.kind, e.id, e.title, urls.page_url(site, e.kind, e.id)]


def record_tables(graph: Graph, site: str) -> list[Table]:
    """events.csv (every dated event) and facts.csv (every sourced fact)."""
    common = [_field(n, d, required=n in ("kind", "id")) for n, d in _ENTITY_COLUMNS]
    sources = [
        _field("source_ids", "Ids of the sources, separated by '; '."),
        _field("source_urls", "Their web addresses, in the same order ('; '); empty when a source has none."),
    ]
    evidence = _field(
        "evidence",
        "Evidence level of this item, else of its entity: official, attributed or reported.",
        {"enum": ["official", "attributed", "reported"]},
    )
    events, facts = [], []
    for e in sorted(graph.all(), key=lambda e: (e.kind, e.id)):
        level = e.data.get("evidence")
        for item in sorted(e.data.get("timeline", []), key=lambda i: i["date"]):
            events.append(
                _entity_cells(e, site)
                + [item["date"], item["event"], item.get("status"), item.get("evidence", level)]
                + _sources(graph, item["sources"])
            )
        for item in e.data.get("facts", []):
            facts.append(
                _entity_cells(e, site)
                + [item["topic"], item["text"], item.get("date"), item.get("evidence", level)]
                + _sources(graph, item["sources"])
            )
    date = {"format": "date"}
    return [
        Table(
            "events",
            "Every dated event of every entity, oldest first within each entity.",
            common
            + [
                _field("date", "When it happened.", date, True),
                _field("event", "What happened.", required=True),
                _field("status", "The partnership status this event establishes, if any."),
                evidence,
            ]
            + sources,
            events,
        ),
        Table(
            "facts",
            "Every sourced fact of every entity.",
            common
            + [
                _field("topic", "What the fact is about.", required=True),
                _field("text", "The fact.", required=True),
                _field("date", "The date the fact refers to, if any.", date),
                evidence,
            ]
            + sources,
            facts,
        ),
    ]


def tables(graph: Graph, history: History, site: str) -> list[Table]:
    found = [kind_table(kind, graph, history, site) for kind in graph.kinds.values()]
    found += [t for kind in graph.kinds.values() for t in link_tables(kind, graph, site)]
    return found + record_tables(graph, site)


def datapackage(found: list[Table], history: History, site: str) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": "critical-minerals-atlas",
        "title": "Critical Minerals Atlas",
        "description": "India's international partnerships on critical minerals and rare earths: "
        "every entity of the atlas, its links, dated events and sourced facts.",
        "version": history.version,
        "homepage": site,
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "title": "Creative Commons Attribution 4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
            }
        ],
        "resources": [table.resource() for table in found],
    }


def table_files(graph: Graph, history: History, site: str, dump, more: list[Table] = ()) -> dict[str, str]:
    """Every table (and more, built on this module's Table) as CSV, the data package, and each
    entity's row of its kind's table (with the header)."""
    found = tables(graph, history, site) + list(more)
    files = {}
    for index, table in enumerate(found):
        header, *rows = table.lines()
        files[urls.table(table.name)] = BOM + header + "".join(rows)
        if index < len(graph.kinds):  # a kind's table: one file per entity too
            files.update({urls.table_row(table.name, row[0]): BOM + header + line for row, line in zip(table.rows, rows)})
    files[urls.DATAPACKAGE] = dump(datapackage(found, history, site))
    return files
