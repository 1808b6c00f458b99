"""Machine-readable exports of the data, published with the site: JSON per kind and CSV tables.

Like the pages, they come from the validated graph. Output is sorted and stable, so the same
data gives the same bytes.
"""
from __future__ import annotations

import csv
import io
import json

from .kinds import Kind
from .link import Graph

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _record(entity) -> dict:
    return {"id": entity.id, **{k: v for k, v in entity.data.items() if k != "id"},
            "page": f"{entity.kind}/{entity.id}/"}


def _cell(value) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    text = "; ".join(map(str, value)) if isinstance(value, list) else "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _columns(kind: Kind) -> list[str]:
    """Fields that fit in a cell: single values and lists of plain values (not timelines or facts)."""
    columns = []
    for field in kind.fields:
        schema, items = kind.field_schema(field)
        if schema.get("type") != "array" or items.get("type") == "string":
            columns.append(field)
    return columns


def _csv(graph: Graph, kind: str) -> str:
    fields = _columns(graph.kinds[kind])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(fields)
    for entity in graph.by_kind[kind]:
        writer.writerow([_cell(entity.id if f == "id" else entity.data.get(f)) for f in fields])
    return buffer.getvalue()


def exports(graph: Graph) -> dict[str, str]:
    """Every export file, by its path in the site."""
    files = {}
    for kind in graph.kinds:
        records = [_record(entity) for entity in sorted(graph.by_kind[kind], key=lambda e: e.id)]
        files[f"api/{kind}.json"] = json.dumps(records, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        files[f"api/{kind}.csv"] = _csv(graph, kind)
    return files
