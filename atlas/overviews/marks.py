"""Evidence and status marks: the order of statuses, how far along each is, and how each is drawn."""
from __future__ import annotations

from ..link import Entity, Graph
from ..views import label_value

KIND = "partnerships"

# How far along a status is, for "most advanced": ended or stuck arrangements rank below any live one.
PROGRESS = {"in-force": 8, "signed": 7, "adopted": 6, "under-consideration": 5, "in-talks": 4, "requested": 3,
            "stalled": 2, "superseded": 1, "lapsed": 0}

# A shape per status, so a mark reads without colour (the matrix and the map legend).
SHAPES = {"requested": "◇", "in-talks": "○", "under-consideration": "◐", "signed": "●",
          "adopted": "◆", "in-force": "■", "stalled": "▽", "lapsed": "✕", "superseded": "↻"}


def statuses(graph: Graph) -> list[str]:
    """Partnership statuses in lifecycle order, as the schema declares them."""
    kind = graph.kinds.get(KIND)
    return kind.schema["properties"]["status"]["enum"] if kind else []


def lifecycle(graph: Graph, status: str) -> int:
    """A status's place in lifecycle order (what a status column sorts by)."""
    return statuses(graph).index(status)


def evidence_levels(graph: Graph) -> list[str]:
    kind = graph.kinds.get(KIND)
    return kind.field_schema("evidence")[0]["enum"] if kind else []


def status_label(graph: Graph, status: str) -> str:
    return label_value(graph.kinds[KIND], "status", status)


def most_advanced(partnerships: list[Entity]) -> str:
    """The status of the partnership that has gone furthest (in force beats signed beats talks...)."""
    return max((p.data["status"] for p in partnerships), key=PROGRESS.__getitem__)


def mark_name(partnership: Entity, graph: Graph) -> str:
    """What a mark says to a screen reader: 'India–Canada critical minerals cooperation: MoU, signed 2026-03-02'."""
    kind = graph.kinds[KIND]
    instrument = label_value(kind, "instrument", partnership.data["instrument"])
    status = status_label(graph, partnership.data["status"])
    return f"{partnership.title}: {instrument}, {status} {partnership.data['status_confirmed']}; evidence {partnership.data['evidence']}"
