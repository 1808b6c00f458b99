"""``atlas new <kind> <id>``: a skeleton data file, every field explained, placeholders to fill.

Placeholders are the text ``TODO``; the validator refuses any value that still starts with it,
so a skeleton cannot be merged half-filled.
"""

from __future__ import annotations

import datetime

from .kinds import Kind, resolve

PLACEHOLDER = "TODO"
TODAY_FIELDS = ("last_reviewed", "accessed")


def is_placeholder(value) -> bool:
    return isinstance(value, str) and value.startswith(PLACEHOLDER)


def _comment(schema: dict, required: bool, items: dict | None = None) -> str:
    description = schema.get("description", "").rstrip(".")
    parts = [description, "required" if required else "optional: delete if unknown"]
    for part in (schema, items or {}):
        if "enum" in part:
            parts.append("one of: " + ", ".join(part["enum"]))
        if part.get("x-ref"):
            parts.append(f"ids from data/{part['x-ref']}/")
        if part.get("format") == "date" and "YYYY-MM-DD" not in description:
            parts.append("YYYY-MM-DD")
    return "; ".join(p for p in parts if p)


def _lines(name: str, schema: dict, resolver, required: bool, indent: str, today: str) -> list[str]:
    schema, resolver = resolve(schema, resolver)
    items, item_resolver = resolve(schema.get("items", {}), resolver)
    lines = [f"{indent}# {_comment(schema, required, items)}"]
    if schema.get("type") == "array" and items.get("type") == "object":
        body = _object(items, item_resolver, indent + "    ", today)
        first = next(i for i, line in enumerate(body) if not line.lstrip().startswith("#"))
        body[first] = f"{indent}  - {body[first].lstrip()}"  # the first field opens the list item
        return lines + [f"{indent}{name}:"] + body
    if schema.get("type") == "array":
        return lines + [f"{indent}{name}: [{PLACEHOLDER}]"]
    if schema.get("type") == "object":
        return lines + [f"{indent}{name}:"] + _object(schema, resolver, indent + "  ", today)
    value = today if name in TODAY_FIELDS else PLACEHOLDER
    return lines + [f"{indent}{name}: {value}"]


def _object(schema: dict, resolver, indent: str, today: str) -> list[str]:
    required = set(schema.get("required", []))
    lines = []
    for name, sub in schema.get("properties", {}).items():
        lines += _lines(name, sub, resolver, name in required, indent, today)
    return lines


def skeleton(kind: Kind, entity_id: str, today: datetime.date | None = None) -> str:
    """The text of a new data file for kind, with the given id."""
    today_text = (today or datetime.date.today()).isoformat()
    lines = [
        f"# yaml-language-server: $schema=../../schemas/{kind.name}.schema.json",
        f"# New {kind.singular}: replace every {PLACEHOLDER}, delete optional fields you cannot source,",
        "# then run `atlas validate`. Text is plain: Markdown and HTML are shown as typed.",
    ]
    for line in _object(kind.schema, kind.resolver, "", today_text):
        lines.append(f"id: {entity_id}" if line == f"id: {PLACEHOLDER}" else line)
    return "\n".join(lines) + "\n"
