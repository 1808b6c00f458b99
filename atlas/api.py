"""The JSON API: ``api/v1/<kind>/<id>.json`` per entity, ``api/v1/<kind>.json`` per kind (each
item with the fields a client filters on), ``api/v1/index.json`` naming them all, and its OpenAPI
3.1 description.

Every record has every key its schema declares: an absent list is ``[]``, an absent value
``null``. References carry the names and page addresses of what they point to.
"""

from __future__ import annotations

from . import urls
from .codebook import inline
from .history import History
from .kinds import Kind, tracked_kind
from .link import Entity, Graph
from .overviews.explorer import regions


def _complete(value, schema: dict):
    """The value with every key its schema declares; absent lists [] and other absent values None."""
    if isinstance(value, dict) and "properties" in schema:
        return {
            name: _complete(value[name], sub) if name in value else [] if sub.get("type") == "array" else None
            for name, sub in schema["properties"].items()
        }
    if isinstance(value, list):
        return [_complete(item, schema.get("items", {})) for item in value]
    return value


def _ref(site: str, entity: Entity) -> dict:
    return {
        "kind": entity.kind,
        "id": entity.id,
        "title": entity.title,
        "url": urls.page_url(site, entity.kind, entity.id),
        "json": site + urls.api_record(entity.kind, entity.id),
    }


def entity_record(entity: Entity, graph: Graph, history: History, site: str, schema: dict) -> dict:
    """One entity's API record; schema is its kind's schema with every $ref inlined."""
    kind = graph.kinds[entity.kind]
    changes = history.of(entity.kind, entity.id)
    return {
        "kind": entity.kind,
        "id": entity.id,
        "title": entity.title,
        "url": urls.page_url(site, entity.kind, entity.id),
        "data_version": history.version,
        "last_changed": changes[0].commit.day if changes else None,
        "data": _complete(entity.data, schema),
        "references": {
            ref.name: [_ref(site, e) for e in entity.refs.get(ref.name, [])]
            for ref in kind.ref_fields
            if len(ref.pattern) <= 2 and not graph.kinds[ref.target].settings.get("cited")
        },
        "backlinks": {name: [_ref(site, e) for e in entity.backlinks.get(name, [])] for name in graph.kinds},
        "citations": [
            {
                "number": number,
                **_ref(site, source),
                "source_url": source.data.get("url"),
                "source_kind": source.data.get("kind"),
                "publisher": source.data.get("publisher"),
                "date": source.data.get("date"),
            }
            for number, source in enumerate(entity.citations, 1)
        ],
        "downloads": urls.downloads(site, entity.kind, entity.id),
    }


def filters(kind: Kind, graph: Graph) -> dict[str, dict]:
    """The fields a client filters a kind's index on, with their schemas: enums, dates, numbers,
    yes/no values and references to uncited kinds, as one value or a list."""

    def plain(schema: dict) -> bool:
        return (
            "enum" in schema
            or schema.get("format") == "date"
            or schema.get("type") in ("integer", "number", "boolean")
            or ("x-ref" in schema and not graph.kinds[schema["x-ref"]].settings.get("cited"))
        )

    return {
        name: sub
        for name, sub in inline(kind.schema, kind.resolver)["properties"].items()
        if plain(sub) or (sub.get("type") == "array" and plain(sub.get("items", {})))
    }


def _item(entity: Entity, fields: dict[str, dict], history: History, site: str, tracked: bool) -> dict:
    changes = history.of(entity.kind, entity.id)
    derived = {"regions": regions(entity)} if tracked else {}
    return {
        **_ref(site, entity),
        "data": _complete(entity.data, {"properties": fields}),
        **derived,
        "last_changed": changes[0].commit.day if changes else None,
    }


def index_record(kind: Kind, graph: Graph, history: History, site: str) -> dict:
    fields = filters(kind, graph)
    return {
        "kind": kind.name,
        "label": kind.label,
        "description": kind.schema.get("description", ""),
        "data_version": history.version,
        "count": len(graph.by_kind[kind.name]),
        "items": [
            _item(entity, fields, history, site, kind.name == tracked_kind(graph.kinds))
            for entity in sorted(graph.by_kind[kind.name], key=lambda e: e.id)
        ],
    }


def api_index(graph: Graph, history: History, site: str) -> dict:
    """What the API holds: each kind's index, its records' address and the fields its index items carry
    (in their `data`, then beside it)."""
    tracked = tracked_kind(graph.kinds)
    return {
        "title": "Critical Minerals Atlas API",
        "data_version": history.version,
        "page": f"{site}{urls.API}/",
        "openapi": site + urls.OPENAPI,
        "datapackage": site + urls.DATAPACKAGE,
        "kinds": [
            {
                "kind": name,
                "label": kind.label,
                "count": len(graph.by_kind[name]),
                "index": site + urls.api_index(name),
                "record": site + urls.api_record(name, "{id}"),
                "csv": site + urls.table(name),
                "filters": [f"data.{field}" for field in filters(kind, graph)]
                + (["regions"] if name == tracked else [])
                + ["last_changed"],
            }
            for name, kind in graph.kinds.items()
        ],
    }


# --- OpenAPI ------------------------------------------------------------------------------


def _plain(schema: dict) -> dict:
    """A schema for completed values: every property required, optional non-lists nullable, no x- keys."""
    out = {k: v for k, v in schema.items() if not k.startswith(("x-", "$"))}
    if "properties" in schema:
        required = set(schema.get("required", []))
        out["properties"] = {
            name: _plain(sub) if name in required or sub.get("type") == "array" else {"anyOf": [_plain(sub), {"type": "null"}]}
            for name, sub in schema["properties"].items()
        }
        out["required"] = list(schema["properties"])
    if "items" in schema:
        out["items"] = _plain(schema["items"])
    if "oneOf" in schema:
        out["oneOf"] = [_plain(option) for option in schema["oneOf"]]
    return out


def _object(properties: dict, description: str) -> dict:
    return {
        "type": "object",
        "description": description,
        "additionalProperties": False,
        "required": list(properties),
        "properties": properties,
    }


def _components(graph: Graph) -> dict:
    text, nullable = {"type": "string"}, {"type": ["string", "null"]}
    ref = _object(
        {"kind": text, "id": text, "title": text, "url": text, "json": text},
        "Another entity: its kind, id, name, page and JSON record.",
    )
    citation = _object(
        {
            "number": {"type": "integer"},
            **ref["properties"],
            "source_url": nullable,
            "source_kind": nullable,
            "publisher": nullable,
            "date": nullable,
        },
        "A numbered source of this entity's facts; source_kind is the source's kind (official, news...).",
    )
    strings = {"type": "array", "items": text}
    schemas = {
        "Ref": ref,
        "Citation": citation,
        "Index": _object(
            {
                "title": text,
                "data_version": text,
                "page": text,
                "openapi": text,
                "datapackage": text,
                "kinds": {
                    "type": "array",
                    "items": _object(
                        {
                            "kind": text,
                            "label": text,
                            "count": {"type": "integer"},
                            "index": text,
                            "record": text,
                            "csv": text,
                            "filters": strings,
                        },
                        "A kind: its index, its records' address ({id}), its CSV, the fields its index items carry.",
                    ),
                },
            },
            "The API's contents.",
        ),
    }
    refs = {"type": "array", "items": {"$ref": "#/components/schemas/Ref"}}
    for name, kind in graph.kinds.items():
        title = kind.schema.get("title", name).replace(" ", "")
        ref_fields = [r.name for r in kind.ref_fields if len(r.pattern) <= 2 and not graph.kinds[r.target].settings.get("cited")]
        schemas[f"{title}Data"] = _plain(inline(kind.schema, kind.resolver))
        schemas[f"{title}"] = _object(
            {
                "kind": {"const": name},
                "id": text,
                "title": text,
                "url": text,
                "data_version": text,
                "last_changed": nullable,
                "data": {"$ref": f"#/components/schemas/{title}Data"},
                "references": _object({field: refs for field in ref_fields}, "Entities this one refers to, by field."),
                "backlinks": _object({other: refs for other in graph.kinds}, "Entities that refer to this one, by kind."),
                "citations": {"type": "array", "items": {"$ref": "#/components/schemas/Citation"}},
                "downloads": _object({"json": text, "csv": text, "feed": text}, "This entity as JSON, CSV and an Atom feed."),
            },
            kind.schema.get("description", ""),
        )
        fields = _plain({"properties": filters(kind, graph), "required": kind.schema.get("required", [])})["properties"]
        derived = {"regions": strings} if name == tracked_kind(graph.kinds) else {}
        schemas[f"{title}Item"] = _object(
            {
                **ref["properties"],
                "data": _object(fields, f"The {kind.singular}'s fields to filter on, as in its record's data."),
                **derived,
                "last_changed": nullable,
            },
            f"A {kind.singular} with the fields to filter on.",
        )
        schemas[f"{title}Index"] = _object(
            {
                "kind": {"const": name},
                "label": text,
                "description": text,
                "data_version": text,
                "count": {"type": "integer"},
                "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{title}Item"}},
            },
            f"Every {kind.singular}, by id, with the fields to filter on.",
        )
    return schemas


def openapi(graph: Graph, history: History, site: str) -> dict:
    """The OpenAPI 3.1 description of every JSON file of the API (urls.API)."""

    def response(schema: str, summary: str) -> dict:
        return {
            "summary": summary,
            "responses": {
                "200": {
                    "description": summary,
                    "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
                }
            },
        }

    paths = {"/" + urls.API_INDEX: {"get": {**response("Index", "What the API holds"), "operationId": "index"}}}
    for name, kind in graph.kinds.items():
        title = kind.schema.get("title", name).replace(" ", "")

        paths["/" + urls.api_index(name)] = {
            "get": {**response(f"{title}Index", f"Every {kind.singular}"), "operationId": f"list-{name}"}
        }
        paths["/" + urls.api_record(name, "{id}")] = {
            "parameters": [
                {
                    "name": "id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string"},
                    "description": f"The {kind.singular}'s id, e.g. {graph.by_kind[name][0].id if graph.by_kind[name] else 'an-id'}.",
                }
            ],
            "get": {**response(title, f"One {kind.singular}"), "operationId": f"get-{name}"},
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Critical Minerals Atlas API",
            "version": history.version,
            "description": "Static JSON files: every entity of the atlas with its references, backlinks and "
            "citations; a partnership's data carries its instruments and their commitments. "
            "Absent lists are [] and absent values null.",
            "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": site.rstrip("/") or "/"}],
        "paths": paths,
        "components": {"schemas": _components(graph)},
    }


def api_files(graph: Graph, history: History, site: str, dump) -> dict[str, str]:
    """Every API file by its path in the site; dump turns a value into JSON text."""
    files = {urls.OPENAPI: dump(openapi(graph, history, site)), urls.API_INDEX: dump(api_index(graph, history, site))}
    for name, kind in graph.kinds.items():
        files[urls.api_index(name)] = dump(index_record(kind, graph, history, site))
        schema = inline(kind.schema, kind.resolver)  # once per kind, not per entity
        for entity in graph.by_kind[name]:
            files[urls.api_record(name, entity.id)] = dump(entity_record(entity, graph, history, site, schema))
    return files
