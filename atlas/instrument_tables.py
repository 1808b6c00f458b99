"""instruments.csv and commitments.csv: every instrument and every commitment of every
partnership, one row each, with the status and delivery as read at the data's as-of date beside
the stored ones. Types, enums and descriptions come from the partnership schema."""

from __future__ import annotations

from . import urls
from .codebook import inline
from .kinds import tracked_kind
from .link import Graph
from .overviews.agreed import FIELD, all_instruments
from .tables import Table, _field, _fk, _sources

DATES = ("signed", "in_force", "expires", "lapsed")


def instrument_tables(graph: Graph, site: str) -> list[Table]:
    tracked = tracked_kind(graph.kinds)
    kind = graph.kinds.get(tracked)
    if kind is None or FIELD not in kind.schema.get("properties", {}):
        return []
    schema = inline(kind.schema, kind.resolver)["properties"][FIELD]["items"]
    own, promise = schema["properties"], schema["properties"]["commitments"]["items"]["properties"]
    listed = " Several values are separated by '; '."
    date = {"format": "date"}
    partnership = _field("partnership_id", "The id of the partnership the instrument belongs to.", required=True)
    sources = [
        _field("source_ids", "Ids of the sources, separated by '; '."),
        _field("source_urls", "Their web addresses, in the same order ('; '); empty when a source has none."),
    ]
    shown = _field("status_shown", "The status as read at the data's as-of date: stalled when inferred so.", own["status"])
    instruments = Table(
        "instruments",
        "Every instrument of every partnership (MoU, agreement, declaration, contract...), one row each.",
        [
            partnership,
            _field("id", own["id"]["description"], required=True),
            *(
                _field(
                    name,
                    own[name]["description"] + (listed if own[name].get("type") == "array" else ""),
                    *((None, False) if own[name].get("type") == "array" else (own[name], name in schema["required"])),
                )
                for name in ("title", "type", "countries", "organizations", "signed_by", "minerals", "stages", "status")
            ),
            _field("since", "The date of the event that established the status.", date),
            _field("last_confirmed", "The date of the instrument's latest event.", date),
            shown,
            _field(
                "status_inferred",
                "Whether the status shown is stalled by inference (no event for 24 months).",
                {"type": "boolean"},
            ),
            _field("evidence", own["evidence"]["description"], own["evidence"], True),
            *(_field(f"date_{key}", own["dates"]["properties"][key]["description"], date) for key in DATES),
            _field("text_url", own["text_url"]["description"]),
            *sources,
            _field("page_url", "The partnership's page in the atlas."),
        ],
        [],
        ["partnership_id", "id"],
        [_fk("partnership_id", tracked)],
    )
    commitments = Table(
        "commitments",
        "Every commitment of every instrument, one row each, with what shows its delivery.",
        [
            partnership,
            _field("instrument_id", "The id of the instrument that made the commitment.", required=True),
            _field("id", promise["id"]["description"], required=True),
            _field("text", promise["text"]["description"], required=True),
            *(_field(name, promise[name]["description"], promise[name], True) for name in ("kind", "strength")),
            _field("quantity_value", "The amount promised, as stated; empty when unquantified.", {"type": "number"}),
            _field("quantity_unit", "Its currency or unit as stated, or 'unquantified'.", required=True),
            _field("object", promise["object"]["description"]),
            _field("deadline", promise["deadline"]["description"], required=True),
            _field("announced", promise["announced"]["description"], required=True),
            _field("announced_date", "The date of that event.", date),
            _field("delivery", promise["delivery"]["description"], promise["delivery"], True),
            _field(
                "delivery_shown", "The delivery as read at the data's as-of date: stalled when inferred so.", promise["delivery"]
            ),
            _field(
                "delivery_inferred",
                "Whether the delivery shown is stalled by inference (no event for 24 months).",
                {"type": "boolean"},
            ),
            _field("delivery_basis", promise["delivery_basis"]["description"], promise["delivery_basis"], True),
            _field("delivered_by", "Ids of the events that show delivery." + listed),
            _field("delivered_dates", "Their dates, in the same order ('; ')."),
            _field("delivered_amounts", "The amount each delivered, where known ('; ', empty where not)."),
            _field("last_checked", promise["last_checked"]["description"], date, True),
            _field("evidence", promise["evidence"]["description"], promise["evidence"], True),
            *sources,
            _field("page_url", "The commitment on its partnership's page."),
        ],
        [],
        ["partnership_id", "instrument_id", "id"],
        [
            _fk("partnership_id", tracked),
            {
                "fields": ["partnership_id", "instrument_id"],
                "reference": {"resource": "instruments", "fields": ["partnership_id", "id"]},
            },
        ],
    )
    for i in sorted(all_instruments(graph), key=lambda i: (i.partnership.id, i.data["id"])):
        data, standing, url = i.data, i.standing, urls.page_url(site, i.partnership.kind, i.partnership.id)
        instruments.rows.append(
            [
                i.partnership.id,
                data["id"],
                data["title"],
                data["type"],
                data.get("countries", []),
                data.get("organizations", []),
                data.get("signed_by", []),
                data["minerals"],
                data["stages"],
                data["status"],
                standing.since,
                standing.confirmed,
                standing.shown,
                standing.inferred,
                data["evidence"],
                *(data.get("dates", {}).get(key) for key in DATES),
                data.get("text_url"),
                *_sources(graph, data["sources"]),
                url,
            ]
        )
        for c in sorted(i.commitments, key=lambda c: c.data["id"]):
            promised, quantity = c.data, c.data["quantity"]
            amounts = [f"{e['amount']['value']:g} {e['amount']['unit']}" if "amount" in e else "" for _, e in c.shown_by]
            commitments.rows.append(
                [
                    i.partnership.id,
                    data["id"],
                    promised["id"],
                    promised["text"],
                    promised["kind"],
                    promised["strength"],
                    quantity["value"] if isinstance(quantity, dict) else None,
                    quantity["unit"] if isinstance(quantity, dict) else quantity,
                    promised.get("object"),
                    promised["deadline"],
                    promised["announced"],
                    c.announced["date"] if c.announced else None,
                    promised["delivery"],
                    c.standing.shown,
                    c.standing.inferred,
                    promised["delivery_basis"],
                    [event["id"] for event, _ in c.shown_by],
                    [event["date"] for event, _ in c.shown_by],
                    amounts,
                    promised["last_checked"],
                    promised["evidence"],
                    *_sources(graph, promised["sources"]),
                    f"{url}#{c.key}",
                ]
            )
    return [instruments, commitments]
