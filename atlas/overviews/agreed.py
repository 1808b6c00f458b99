"""What was agreed and what came of it: a partnership's instruments and commitments as its page,
the "Promises and delivery" page, the glossary and the exports show them, read through
lifecycle.py at the data's as-of date."""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict

from .. import lifecycle
from ..kinds import resolve, tracked_kind
from ..lifecycle import Standing
from ..link import Entity, Graph
from .explorer import Facet
from .marks import tracked

FIELD = "instruments"
DELIVERED = ("delivered", "partly-delivered")  # what counts as delivered on the promises page


def field(graph: Graph, path: str) -> dict:
    """The schema of a field of an instrument ('type') or of a commitment ('commitments.kind')."""
    kind = graph.kinds[tracked_kind(graph.kinds)]
    schema, resolver = resolve(kind.schema["properties"][FIELD], kind.resolver)
    for name in path.split("."):
        schema, resolver = resolve(schema["items"], resolver)
        schema, resolver = resolve(schema["properties"][name], resolver)
    return schema


def label(graph: Graph, path: str, value: str) -> str:
    """How an instrument's or a commitment's value reads: 'mou' -> 'MoU', 'in-progress' -> 'in progress'."""
    return field(graph, path).get("x-labels", {}).get(value, value.replace("-", " "))


def amount(quantity) -> str:
    """'USD million 6' as a reader writes it: '6 USD million'; unquantified stays a word."""
    if isinstance(quantity, dict):
        return f"{quantity['value']:g} {quantity['unit']}"
    return str(quantity).replace("_", " ")


@dataclasses.dataclass(frozen=True)
class Commitment:
    partnership: Entity
    instrument: dict
    data: dict
    standing: Standing
    announced: dict | None  # the event that announced it
    shown_by: list[tuple[dict, dict]]  # (event, delivered_by entry): the events that show delivery

    @property
    def delivered(self) -> bool:
        return self.data["delivery"] in DELIVERED

    @property
    def key(self) -> str:
        """An anchor unique in the site: partnership, instrument and commitment ids."""
        return f"{self.partnership.id}--{self.instrument['id']}--{self.data['id']}"


@dataclasses.dataclass(frozen=True)
class Instrument:
    partnership: Entity
    data: dict
    standing: Standing
    parties: list[Entity]  # countries, then organisations
    minerals: list[Entity]
    commitments: list[Commitment]


def instruments(graph: Graph, partnership: Entity) -> list[Instrument]:
    """The partnership's instruments, each with its standing, parties and commitments."""
    date = graph.as_of
    data = partnership.data
    by_id = {event["id"]: event for event in data.get("timeline", []) if "id" in event}
    found = []
    for item in data[FIELD]:
        commitments = [
            Commitment(
                partnership,
                item,
                c,
                lifecycle.commitment_standing(data, c, date),
                by_id.get(c["announced"]),
                [(by_id[d["event"]], d) for d in c.get("delivered_by", []) if d["event"] in by_id],
            )
            for c in item.get("commitments", [])
        ]
        parties = [graph.get("countries", c) for c in item.get("countries", [])] + [
            graph.get("organizations", o) for o in item.get("organizations", [])
        ]
        found.append(
            Instrument(
                partnership,
                item,
                lifecycle.instrument_standing(data, item, date),
                parties,
                [graph.get("minerals", m) for m in item.get("minerals", [])],
                commitments,
            )
        )
    return found


def all_instruments(graph: Graph) -> list[Instrument]:
    return [i for p in tracked(graph) for i in instruments(graph, p)]


def all_commitments(graph: Graph) -> list[Commitment]:
    return [c for i in all_instruments(graph) for c in i.commitments]


def lapsing(graph: Graph) -> list[tuple[Entity, str, Standing]]:
    """Instruments and commitments with no event for 48 months: (partnership, what, standing),
    for the review page as possibly lapsed."""
    found = []
    for instrument in all_instruments(graph):
        if instrument.standing.lapsing:
            found.append((instrument.partnership, instrument.data["title"], instrument.standing))
        found += [(c.partnership, c.data["text"], c.standing) for c in instrument.commitments if c.standing.lapsing]
    return found


@dataclasses.dataclass(frozen=True)
class Tally:
    """Promised against delivered for a set of commitments."""

    name: str
    entity: Entity | None
    promised: list[Commitment]

    @property
    def delivered(self) -> list[Commitment]:
        return [c for c in self.promised if c.delivered]

    @property
    def sums(self) -> list[tuple[str, float, float]]:
        """(unit, promised, delivered) per currency or unit as stated, units never mixed."""
        promised, delivered = Counter(), Counter()
        for c in self.promised:
            if isinstance(c.data["quantity"], dict):
                promised[c.data["quantity"]["unit"]] += c.data["quantity"]["value"]
            for _, entry in c.shown_by:
                if "amount" in entry and c.delivered:
                    delivered[entry["amount"]["unit"]] += entry["amount"]["value"]
        return [(unit, round(promised[unit], 6), round(delivered[unit], 6)) for unit in sorted(set(promised) | set(delivered))]


@dataclasses.dataclass(frozen=True)
class Promises:
    overall: Tally
    partnerships: list[Tally]
    strengths: list[tuple[str, str]]  # (value, label), schema order
    deliveries: list[tuple[str, str]]
    grid: dict[tuple[str, str], list[Commitment]]  # (strength, delivery) -> its commitments


def promises(graph: Graph) -> Promises:
    """The 'Promises and delivery' page: per partnership and overall, and strength × delivery."""
    commitments = all_commitments(graph)
    by_partnership: dict[str, list[Commitment]] = defaultdict(list)
    grid: dict[tuple[str, str], list[Commitment]] = defaultdict(list)
    for c in commitments:
        by_partnership[c.partnership.id].append(c)
        grid[(c.data["strength"], c.data["delivery"])].append(c)
    tallies = [Tally(p.title, p, by_partnership[p.id]) for p in tracked(graph) if p.id in by_partnership]
    values = [
        (name, [(v, label(graph, f"commitments.{name}", v)) for v in field(graph, f"commitments.{name}")["enum"]])
        for name in ("strength", "delivery")
    ]
    return Promises(Tally("All partnerships", None, commitments), tallies, values[0][1], values[1][1], dict(grid))


GLOSSARY = [
    ("Instrument types", "type"),
    ("Statuses", "status"),
    ("Commitment kinds", "commitments.kind"),
    ("Commitment strengths", "commitments.strength"),
    ("Delivery", "commitments.delivery"),
    ("Delivery basis", "commitments.delivery_basis"),
]


def glossary(graph: Graph) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    """(heading, the field's description, [(value, label, plain words)]) from the schema's descriptions."""
    sections = []
    for heading, path in GLOSSARY:
        schema = field(graph, path)
        words = schema.get("x-descriptions", {})
        sections.append(
            (
                heading,
                schema.get("description", ""),
                [(value, label(graph, path, value), words.get(value, "")) for value in schema["enum"]],
            )
        )
    return sections


def row_values(c: Commitment) -> dict[str, list[str]]:
    """What the promises table's filters match a commitment on (ids and enum values only)."""
    return {
        "partnership": [c.partnership.id],
        "strength": [c.data["strength"]],
        "delivery": [c.data["delivery"]],
        "delivered": ["yes" if c.delivered else "no"],
    }


def facets(graph: Graph, p: Promises) -> list[Facet]:
    """The promises table's filters, each listing only values some commitment has."""

    def present(name: str, options: list[tuple[str, str]]) -> list[tuple[str, str]]:
        used = {value for c in p.overall.promised for value in row_values(c)[name]}
        return [(value, text) for value, text in options if value in used]

    return [
        Facet("partnership", "Partnership", [(t.entity.id, t.name) for t in p.partnerships]),
        Facet("strength", "Strength", present("strength", p.strengths)),
        Facet("delivery", "Delivery", present("delivery", p.deliveries)),
        Facet("delivered", "Delivered", present("delivered", [("yes", "delivered or partly"), ("no", "not yet")])),
    ]
