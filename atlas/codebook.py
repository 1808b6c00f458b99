"""The codebook: every field of every kind, its meaning and allowed values, read from the schemas.

The same walk over the schemas gives the API's and the data package's field types, so the
published descriptions can never drift from what the validator enforces.
"""

from __future__ import annotations

import dataclasses

from .kinds import Kind, resolve


def inline(schema: dict, resolver) -> dict:
    """A subschema with every $ref replaced by what it points to, at every depth."""
    schema, resolver = resolve(schema, resolver)
    out = dict(schema)
    if "properties" in schema:
        out["properties"] = {name: inline(sub, resolver) for name, sub in schema["properties"].items()}
    if "items" in schema:
        out["items"] = inline(schema["items"], resolver)
    if "oneOf" in schema:  # e.g. an amount, or the word unquantified
        out["oneOf"] = [inline(option, resolver) for option in schema["oneOf"]]
    return out


@dataclasses.dataclass(frozen=True)
class Field:
    path: str  # e.g. "timeline[].status"
    type: str  # how a reader would say it: "date", "list of references to minerals"
    required: bool
    description: str
    values: tuple  # allowed values, if the field has a fixed list


def _type(schema: dict) -> str:
    if schema.get("type") == "array":
        items = schema.get("items", {})
        if "enum" in items:
            return "list of allowed values"
        return "list of " + ("records" if items.get("type") == "object" else _type(items).replace("reference ", "references "))
    if isinstance(schema.get("type"), list):  # e.g. an open question: a text, or a record
        return " or ".join("text" if kind == "string" else "record" for kind in schema["type"])
    if "x-ref" in schema:
        return f"reference to {schema['x-ref']} (id)"
    if schema.get("format") == "date":
        return "date (YYYY-MM-DD)"
    if schema.get("format") == "uri":
        return "web address"
    return "one of the allowed values" if "enum" in schema else schema.get("type", "any")


def _listed(value) -> list:
    return value if isinstance(value, list) else [value]


def _fields(schema: dict, prefix: str):
    required = set(schema.get("required", []))
    for name, sub in schema.get("properties", {}).items():
        items = sub.get("items", {})
        enum = sub.get("enum") or items.get("enum") or ()
        description = sub.get("description") or items.get("description", "")
        yield Field(prefix + name, _type(sub), name in required, description, tuple(enum))
        if "object" in _listed(items.get("type")):
            yield from _fields(items, f"{prefix}{name}[].")


def fields(kind: Kind) -> list[Field]:
    """Every field of a kind, nested record fields (timeline, facts) after their list."""
    return list(_fields(inline(kind.schema, kind.resolver), ""))


def undescribed(kinds: dict[str, Kind]) -> list[str]:
    """'kind: field' for every field that has no description."""
    return [f"{name}: {field.path}" for name, kind in kinds.items() for field in fields(kind) if not field.description]
