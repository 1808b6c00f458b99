"""The filterable timeline: every dated event, newest first, with what a reader filters it by."""

from __future__ import annotations

from ..link import Graph
from ..views import Event, events
from .explorer import Facet
from .marks import evidence_levels


def values(event: Event) -> dict[str, list[str]]:
    """What the filters match an event on: the page's row marker."""
    return {
        "year": [event.date[:4]],
        "evidence": [event.evidence or ""],
        "kind": [event.entity.kind],
        "mineral": [m.id for m in event.entity.refs.get("minerals", [])],
    }


def facets(graph: Graph, found: list[Event]) -> list[Facet]:
    """Year, evidence level, kind of page and mineral: only values some event has."""
    kinds = {event.entity.kind for event in found}
    levels = {event.evidence for event in found}
    titles = {m.id: m.title for event in found for m in event.entity.refs.get("minerals", [])}
    return [
        Facet("year", "Year", [(year, year) for year in sorted({e.date[:4] for e in found}, reverse=True)]),
        Facet("evidence", "Evidence", [(level, level) for level in evidence_levels(graph) if level in levels]),
        Facet("kind", "About", [(name, kind.label) for name, kind in graph.kinds.items() if name in kinds]),
        Facet("mineral", "Mineral", sorted(titles.items(), key=lambda item: item[1].casefold())),
    ]


def timeline(graph: Graph) -> tuple[list[Event], list[Facet]]:
    found = events(graph)
    return found, facets(graph, found)
