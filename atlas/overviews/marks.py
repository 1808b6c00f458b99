"""Evidence and status marks: the order of statuses, how far along each is, where a partnership
stands (overall or per mineral, at the data's as-of date), and how each is drawn."""

from __future__ import annotations

from ..kinds import tracked_kind
from ..lifecycle import Standing, partnership_standing, rank
from ..link import Entity, Graph
from ..views import label_value


def order(graph: Graph) -> list[str]:
    """The tracked kind's statuses, highest first (the schema's x-rank)."""
    return rank(graph.kinds[tracked_kind(graph.kinds)])


def standing(graph: Graph, partnership: Entity, mineral: Entity | str | None = None) -> Standing | None:
    """Where a partnership stands, overall or for one mineral (None if it does not cover it)."""
    mineral_id = mineral.id if isinstance(mineral, Entity) else mineral
    return partnership_standing(partnership.data, order(graph), graph.as_of, mineral_id)


def tracked(graph: Graph) -> list[Entity]:
    """The entities whose status the atlas follows (partnerships), or none."""
    return graph.by_kind.get(tracked_kind(graph.kinds), [])


def _status(graph: Graph) -> dict:
    """The tracked kind's status field's schema: its enum in lifecycle order, a shape per status
    (x-shapes: a mark reads without colour) and their rank (x-rank, highest first)."""
    kind = graph.kinds[tracked_kind(graph.kinds)]
    return kind.field_schema(kind.settings["x-status"]["status"])[0]


def by_status(graph: Graph) -> list[tuple[str, bool, list[Entity]]]:
    """Partnerships grouped by the status a reader sees at the data's as-of date: (status, whether
    inferred, partnerships newest since date first), in lifecycle order, stalled (inferred) after stalled."""
    groups: dict[tuple[str, bool], list[tuple[str, Entity]]] = {}
    for partnership in tracked(graph):
        overall = standing(graph, partnership)
        groups.setdefault((overall.shown, overall.inferred), []).append((overall.since, partnership))
    order = statuses(graph)
    return [
        (
            status,
            inferred,
            [p for _, p in sorted(groups[(status, inferred)], key=lambda pair: (pair[0], pair[1].id), reverse=True)],
        )
        for status, inferred in sorted(groups, key=lambda key: (order.index(key[0]), key[1]))
    ]


def status_counts(graph: Graph) -> list[tuple[str, int, int]]:
    """(status, partnerships, how many of them by inference) for each status a reader sees, in
    lifecycle order: the counts the explorer's status filter shows ('stalled' holds those inferred)."""
    counts: dict[str, list[int]] = {}
    for status, inferred, partnerships in by_status(graph):
        count = counts.setdefault(status, [0, 0])
        count[0] += len(partnerships)
        count[1] += len(partnerships) if inferred else 0
    return [(status, total, inferred) for status, (total, inferred) in counts.items()]


def statuses(graph: Graph) -> list[str]:
    """Partnership statuses in lifecycle order, as the schema declares them."""
    return _status(graph)["enum"] if tracked_kind(graph.kinds) else []


def shape(graph: Graph, status: str) -> str:
    return _status(graph)["x-shapes"][status]


def lifecycle(graph: Graph, status: str) -> int:
    """A status's place in lifecycle order (what a status column sorts by)."""
    return statuses(graph).index(status)


def evidence_levels(graph: Graph) -> list[str]:
    kind = graph.kinds.get(tracked_kind(graph.kinds))
    return kind.field_schema("evidence")[0]["enum"] if kind else []


def status_label(graph: Graph, status: str) -> str:
    return label_value(graph.kinds[tracked_kind(graph.kinds)], "status", status)


def most_advanced(graph: Graph, standings: list[Standing]) -> Standing:
    """The standing that has gone furthest (in force beats signed beats talks...), by the schema's
    rank of the status shown; a stated status before the same one inferred."""
    ranked = order(graph)
    return min(standings, key=lambda s: (ranked.index(s.shown), s.inferred))


def mark_name(partnership: Entity, graph: Graph, standing: Standing) -> str:
    """What a mark says to a screen reader: 'India–Canada critical minerals cooperation: MoU, signed since 2026-03-02'
    (the standing given, e.g. its status for one mineral; 'stalled (inferred)' when so inferred)."""
    kind = graph.kinds[tracked_kind(graph.kinds)]
    instrument = label_value(kind, "instrument", partnership.data["instrument"])
    status = status_label(graph, standing.shown) + (" (inferred)" if standing.inferred else "")
    return f"{partnership.title}: {instrument}, {status} since {standing.since}; evidence {partnership.data['evidence']}"
