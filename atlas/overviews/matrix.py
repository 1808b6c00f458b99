"""The country × mineral matrix: countries as rows, minerals as columns, a mark per partnership."""

from __future__ import annotations

import dataclasses

from ..kinds import tracked_kind
from ..lifecycle import Standing
from ..link import Entity, Graph
from .marks import most_advanced, standing, tracked


@dataclasses.dataclass
class Matrix:
    columns: list[Entity]  # minerals
    rows: list[tuple[Entity, list[list[tuple[Entity, Standing]]]]]  # partner country, its partnerships in each column

    @property
    def superseded(self) -> int:
        """How many marks are of superseded partnerships: the page hides them until asked."""
        return sum(s.shown == "superseded" for _, cells in self.rows for cell in cells for _, s in cell)


def country_mineral_matrix(graph: Graph) -> Matrix:
    """Which partnerships join which partner country with which mineral, each with its status for
    that mineral (from the instruments that cover it); empty rows and columns left out."""
    cells: dict = {}
    for partnership in tracked(graph):
        for country in partnership.refs.get("countries", []):
            for mineral in partnership.refs.get("minerals", []):
                cells.setdefault((country.id, mineral.id), []).append((partnership, standing(graph, partnership, mineral)))
    row_ids, column_ids = {key[0] for key in cells}, {key[1] for key in cells}
    columns = [m for m in graph.by_kind.get("minerals", []) if m.id in column_ids]
    rows = [(c, [cells.get((c.id, m.id), []) for m in columns]) for c in graph.by_kind.get("countries", []) if c.id in row_ids]
    return Matrix(columns, rows)


def minerals_of(country: Entity, graph: Graph) -> list[tuple[Entity, Standing]]:
    """The minerals a country's partnerships with India cover, each with the most advanced status
    of those partnerships for it: its row of the matrix."""
    found: dict[str, list] = {}
    for partnership in country.backlinks.get(tracked_kind(graph.kinds), []):
        if country in partnership.refs.get("countries", []):
            for mineral in partnership.refs.get("minerals", []):
                found.setdefault(mineral.id, [mineral]).append(standing(graph, partnership, mineral))
    rows = [(items[0], most_advanced(graph, items[1:])) for items in found.values()]
    return sorted(rows, key=lambda row: (row[0].title.casefold(), row[0].id))
