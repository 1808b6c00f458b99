"""Evidence and status marks: the order of statuses, how far along each is, and how each is drawn."""
from __future__ import annotations

from ..kinds import tracked_kind
from ..link import Entity, Graph
from ..views import label_value


def tracked(graph: Graph) -> list[Entity]:
    """The entities whose status the atlas follows (partnerships), or none."""
    return graph.by_kind.get(tracked_kind(graph.kinds), [])


def _status(graph: Graph) -> dict:
    """The tracked kind's status field's schema: its enum in lifecycle order, a shape per status
    (x-shapes: a mark reads without colour) and how far along each is (x-progress, least first)."""
    kind = graph.kinds[tracked_kind(graph.kinds)]
    return kind.field_schema(kind.settings["x-status"]["status"])[0]


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


def most_advanced(partnerships: list[Entity], graph: Graph) -> str:
    """The status of the partnership that has gone furthest (in force beats signed beats talks...;
    ended or stuck arrangements rank below any live one)."""
    return max((p.data["status"] for p in partnerships), key=_status(graph)["x-progress"].index)


def mark_name(partnership: Entity, graph: Graph) -> str:
    """What a mark says to a screen reader: 'India–Canada critical minerals cooperation: MoU, signed 2026-03-02'."""
    kind = graph.kinds[tracked_kind(graph.kinds)]
    instrument = label_value(kind, "instrument", partnership.data["instrument"])
    status = status_label(graph, partnership.data["status"])
    return f"{partnership.title}: {instrument}, {status} {partnership.data['status_confirmed']}; evidence {partnership.data['evidence']}"
