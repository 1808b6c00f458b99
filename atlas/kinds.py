"""Kinds of data, declared by JSON Schema files: ``schemas/<kind>.schema.json``.

A schema says a kind's fields; its ``x-atlas`` block says how the kind is shown (label, title
field, index columns, tag fields, order; ``cited`` for sources, whose references
are numbered citations); ``x-ref: <kind>`` on a string marks a reference to another
entity and ``x-acyclic`` a reference field that must not loop. Load, validate, link and
render name no kind, so adding one is adding a schema, a template and data files. Two kinds are
singled out by their ``x-atlas``: the one whose status the atlas follows (``x-status``; its
status field's ``x-shapes`` and ``x-rank`` say how each status is drawn and how far along it
is), found by ``tracked_kind``, and the cited one, by ``cited_kind``.
"""

from __future__ import annotations

import dataclasses
import json
import re
from functools import cached_property
from pathlib import Path

import jsonschema_rs
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_SUFFIX = ".schema.json"


@dataclasses.dataclass(frozen=True)
class RefField:
    """A place in a kind's records that holds ids of another kind."""

    pattern: tuple  # field names, '*' for every list item
    target: str  # the kind referred to
    acyclic: bool = False

    @property
    def name(self) -> str:
        return self.pattern[0]

    def values(self, data, path: tuple = ()):
        """Yield (path, id) for every reference at this pattern in data."""
        if len(path) == len(self.pattern):
            if isinstance(data, str):
                yield path, data
            return
        step = self.pattern[len(path)]
        if step == "*" and isinstance(data, list):
            for index, item in enumerate(data):
                yield from self.values(item, path + (index,))
        elif step != "*" and isinstance(data, dict) and step in data:
            yield from self.values(data[step], path + (step,))


@dataclasses.dataclass
class Kind:
    """One kind of entity: its schema, validator, references and display settings."""

    name: str
    schema: dict
    validator: Draft202012Validator
    resolver: object  # follows this schema's $refs (e.g. into common.defs.json)
    compiled: jsonschema_rs.Validator  # the same checks, compiled: decides only that data passes

    def passes(self, data) -> bool:
        """Whether validator finds no error in data, decided fast: the compiled validator reads
        patterns and formats as validator does (tests/test_validate.py compares the two)."""
        try:
            return self.compiled.is_valid(data)
        except ValueError:  # text Rust cannot hold (a lone surrogate): validator decides
            return False

    @property
    def settings(self) -> dict:
        return self.schema.get("x-atlas", {})

    @property
    def label(self) -> str:
        return self.settings.get("label", self.name.capitalize())

    @property
    def singular(self) -> str:
        return self.schema.get("title", self.name).lower()

    @property
    def title_field(self) -> str:
        return self.settings.get("title_field", "title")

    @property
    def fields(self) -> list[str]:
        return list(self.schema.get("properties", {}))

    def field_schema(self, field: str) -> tuple[dict, dict]:
        """A field's schema and its list items' schema, with $refs followed (once per field:
        pages ask for every value they label)."""
        if field not in self._field_schemas:
            schema, resolver = resolve(self.schema["properties"][field], self.resolver)
            self._field_schemas[field] = schema, resolve(schema.get("items", {}), resolver)[0]
        return self._field_schemas[field]

    @cached_property
    def _field_schemas(self) -> dict[str, tuple[dict, dict]]:
        return {}

    @cached_property
    def ref_fields(self) -> list[RefField]:
        return list(_ref_fields(self.schema, self.resolver, ()))


def tracked_kind(kinds: dict[str, Kind]) -> str | None:
    """The kind whose status the atlas follows (x-atlas.x-status): the marks, the maps and the
    PDF's sheets are about it."""
    return next((name for name, kind in kinds.items() if kind.settings.get("x-status")), None)


def cited_kind(kinds: dict[str, Kind]) -> str | None:
    """The kind whose entities are numbered citations (x-atlas.cited)."""
    return next((name for name, kind in kinds.items() if kind.settings.get("cited")), None)


def resolve(schema: dict, resolver) -> tuple[dict, object]:
    """Merge a subschema with the targets of its $refs; return it and the resolver to go on with."""
    while "$ref" in schema:
        resolved = resolver.lookup(schema["$ref"])
        schema = {**resolved.contents, **{k: v for k, v in schema.items() if k != "$ref"}}
        resolver = resolved.resolver
    return schema, resolver


def _ref_fields(schema: dict, resolver, pattern: tuple, acyclic: bool = False):
    schema, resolver = resolve(schema, resolver)
    acyclic = acyclic or bool(schema.get("x-acyclic"))
    if "x-ref" in schema:
        yield RefField(pattern, schema["x-ref"], acyclic)
    for name, sub in schema.get("properties", {}).items():
        yield from _ref_fields(sub, resolver, pattern + (name,))
    if "items" in schema:
        yield from _ref_fields(schema["items"], resolver, pattern + ("*",), acyclic)


# JSON Schema 2020-12's keywords whose value is a subschema, a list of them, or names -> subschemas
_SUBSCHEMA = {
    "additionalProperties",
    "contains",
    "contentSchema",
    "else",
    "if",
    "items",
    "not",
    "propertyNames",
    "then",
    "unevaluatedItems",
    "unevaluatedProperties",
}
_SUBSCHEMA_LIST = {"allOf", "anyOf", "oneOf", "prefixItems"}
_SUBSCHEMA_MAP = {"dependentSchemas", "patternProperties", "properties"}


class _KeepRefs(Exception):
    """A schema whose $refs cannot be put in place: one is dynamic, sits beside allOf, or leads
    back to a schema it is inside (put in place, it would never end)."""


def _refs_in_place(schema, resolver, following: tuple = ()):
    """The schema with each $ref replaced where it stands by ``allOf: [its target]`` (a schema that
    is only a $ref by its target), targets rewritten in turn. In JSON Schema 2020-12 this checks
    the same and reports the same errors (keyword, schema, path, message), and validating looks
    nothing up: a lookup for every value checked was nearly half of validation's time.
    ``following`` holds the targets being put in place around this schema."""
    if not isinstance(schema, dict):
        return schema  # true or false
    resolver = resolver.in_subresource(DRAFT202012.create_resource(schema))  # an $id moves the base
    if "$dynamicRef" in schema or ("$ref" in schema and "allOf" in schema):
        raise _KeepRefs
    out = {}
    for key, value in schema.items():
        if key == "$ref":
            target = resolver.lookup(value)
            if any(target.contents is outer for outer in following):
                raise _KeepRefs
            inlined = _refs_in_place(target.contents, target.resolver, following + (target.contents,))
            if len(schema) == 1:
                return inlined
            out["allOf"] = [inlined]
        elif key in _SUBSCHEMA:
            out[key] = _refs_in_place(value, resolver, following)
        elif key in _SUBSCHEMA_LIST:
            out[key] = [_refs_in_place(sub, resolver, following) for sub in value]
        elif key in _SUBSCHEMA_MAP:
            out[key] = {name: _refs_in_place(sub, resolver, following) for name, sub in value.items()}
        else:
            out[key] = value
    return out


class _Pattern:
    """``pattern`` for the compiled validator, read by Python's re as jsonschema reads it: the
    dialects differ (in re, $ also matches before a final newline and \\s takes in U+001C)."""

    def __init__(self, parent_schema, value, schema_path):
        self.search = re.compile(value).search

    def validate(self, instance):
        if isinstance(instance, str) and not self.search(instance):
            raise ValueError("does not match")


def _compiled(schema: dict, registry: jsonschema_rs.Registry, checker: FormatChecker, formats: set[str]):
    """A compiled validator that checks formats and patterns with checker and re."""
    return jsonschema_rs.Draft202012Validator(
        schema,
        registry=registry,
        offline=True,
        keywords={"pattern": _Pattern},
        validate_formats=True,
        formats={name: lambda value, name=name: checker.conforms(value, name) for name in formats},
    )


def _format_names(schema) -> set[str]:
    """Every format named in schema: the compiled validator checks its own unless told otherwise."""
    if isinstance(schema, list):
        return set().union(*map(_format_names, schema))
    if not isinstance(schema, dict):
        return set()
    named = {schema["format"]} if isinstance(schema.get("format"), str) else set()
    return named.union(*map(_format_names, schema.values()))


def load_kinds(schema_dir: Path) -> dict[str, Kind]:
    """Every kind declared in schema_dir, in x-atlas order (then by name), with validators ready."""
    documents = {path: json.loads(path.read_text(encoding="utf-8")) for path in sorted(schema_dir.glob("*.json"))}
    registry = Registry().with_resources((schema["$id"], Resource.from_contents(schema)) for schema in documents.values())
    checker = FormatChecker(["date"])
    compiled_registry = jsonschema_rs.Registry([(schema["$id"], schema) for schema in documents.values()])
    formats = _format_names(list(documents.values()))
    kinds = {}
    for path, schema in documents.items():
        if not path.name.endswith(SCHEMA_SUFFIX):
            continue
        name = path.name[: -len(SCHEMA_SUFFIX)]
        Draft202012Validator.check_schema(schema)
        resolver = registry.resolver(schema["$id"])
        try:
            checked = _refs_in_place(schema, resolver)
        except _KeepRefs:
            checked = schema  # validated as written, its $refs looked up as they are met
        validator = Draft202012Validator(checked, registry=registry, format_checker=checker)
        kinds[name] = Kind(
            name=name,
            schema=schema,
            validator=validator,
            resolver=resolver,
            compiled=_compiled(schema, compiled_registry, checker, formats),
        )
    return dict(sorted(kinds.items(), key=lambda item: (item[1].settings.get("order", 99), item[0])))
