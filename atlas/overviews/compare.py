"""The compare page: each partnership and each partner country as a card of the same parts (status
per mineral, evidence, instruments, promises and their delivery, latest event), all written at
build time; javascripts/compare.js shows two to four side by side, optionally for one mineral."""

from __future__ import annotations

import dataclasses

from ..lifecycle import Standing
from ..link import Entity, Graph
from .agreed import Commitment, Instrument, instruments
from .marks import most_advanced, standing, tracked


@dataclasses.dataclass(frozen=True)
class Card:
    key: str  # "p" or "c" (the URL's parameter) and the id: "p:india-chile"
    entity: Entity
    partnerships: list[Entity]  # the partnership itself, or the country's
    standing: Standing
    minerals: list[tuple[Entity, Standing]]  # status per mineral; for a country, the most advanced
    instruments: list[Instrument]  # for a country, those it is a party to
    latest: tuple[dict, Entity] | None  # the latest event, and whose

    @property
    def commitments(self) -> list[Commitment]:
        return [c for i in self.instruments for c in i.commitments]

    @property
    def mineral_ids(self) -> list[str]:
        return [m.id for m, _ in self.minerals]


def _card(graph: Graph, key: str, entity: Entity, partnerships: list[Entity], found: list[Instrument]) -> Card:
    minerals = {m.id: m for p in partnerships for m in p.refs.get("minerals", [])}
    per_mineral = [
        (m, most_advanced(graph, [s for p in partnerships if (s := standing(graph, p, m))]))
        for m in sorted(minerals.values(), key=lambda m: m.title)
    ]
    events = [(event, p) for p in partnerships for event in p.data.get("timeline", [])]
    latest = max(events, key=lambda pair: (pair[0]["date"], pair[1].id), default=None)
    return Card(
        key, entity, partnerships, most_advanced(graph, [standing(graph, p) for p in partnerships]), per_mineral, found, latest
    )


def cards(graph: Graph) -> list[Card]:
    """A card for every partnership, then for every country that is a partner in one."""
    found = []
    for p in tracked(graph):
        found.append(_card(graph, f"p:{p.id}", p, [p], instruments(graph, p)))
    for country in graph.by_kind.get("countries", []):
        partnerships = [p for p in tracked(graph) if country in p.refs.get("countries", [])]
        if partnerships:
            parties = [i for p in partnerships for i in instruments(graph, p) if country in i.parties]
            found.append(_card(graph, f"c:{country.id}", country, partnerships, parties))
    return found
