"""The partnership explorer: one row per partnership with every value a reader filters on.

Rows carry their filter values as ids and enum values (never free text), which the page puts in
``data-`` attributes for docs/javascripts/filters.js; without JavaScript it is a plain table.
"""

from __future__ import annotations

import dataclasses

from ..kinds import tracked_kind
from ..lifecycle import Standing
from ..link import Entity, Graph
from ..views import label_value
from .marks import evidence_levels, standing, statuses, tracked

PAIR = "/"  # joins a mineral and the status for it in a row's status values


@dataclasses.dataclass(frozen=True)
class Row:
    entity: Entity
    countries: list[Entity]
    organizations: list[Entity]
    minerals: list[tuple[Entity, Standing]]  # each mineral with the partnership's status for it
    stages: list[str]
    regions: list[str]
    scope: str  # bilateral: one partner country; multilateral: several, or a bloc/organization
    standing: Standing  # the partnership's status overall
    lifecycle: int  # the status's place in lifecycle order: the status column sorts by it

    @property
    def status(self) -> str:
        return self.standing.shown

    @property
    def year(self) -> str:
        """The year the current status was established."""
        return self.standing.since[:4]

    @property
    def evidence(self) -> str:
        return self.entity.data["evidence"]

    def values(self) -> dict[str, list[str]]:
        """What the filters match the row on: the page's row marker."""
        return {
            "mineral": [m.id for m, _ in self.minerals],
            "stage": self.stages,
            "status": [self.status] + [f"{m.id}{PAIR}{s.shown}" for m, s in self.minerals],
            "evidence": [self.evidence],
            "region": [slug(r) for r in self.regions],
            "partner": [p.id for p in self.countries + self.organizations],
            "scope": [self.scope],
            "year": [self.year],
        }


@dataclasses.dataclass(frozen=True)
class Facet:
    name: str  # the URL parameter and data- attribute
    label: str
    options: list[tuple[str, str]]  # (value, label), in a meaningful order
    paired: str = ""  # a facet whose choice this one's values depend on: rows list
    # 'mineral/status' as well as the overall status


def slug(text: str) -> str:
    return text.lower().replace(" ", "-")


def regions(partnership: Entity) -> list[str]:
    """The world regions of a partnership's partners: its countries', and its organizations' own
    (a multilateral body's) or their home country's."""
    found = {c.data["region"] for c in partnership.refs.get("countries", [])}
    for organization in partnership.refs.get("organizations", []):
        home = organization.refs.get("country", [])
        found.update([organization.data["region"]] if "region" in organization.data else [c.data["region"] for c in home])
    return sorted(found)


def rows(graph: Graph) -> list[Row]:
    found, order = [], statuses(graph)
    for entity in tracked(graph):
        countries, organizations = entity.refs.get("countries", []), entity.refs.get("organizations", [])
        scope = "bilateral" if len(countries) == 1 else "multilateral"
        overall = standing(graph, entity)
        minerals = [(m, standing(graph, entity, m)) for m in entity.refs.get("minerals", [])]
        found.append(
            Row(
                entity,
                countries,
                organizations,
                minerals,
                entity.data["stages"],
                regions(entity),
                scope,
                overall,
                order.index(overall.shown),
            )
        )
    return found


def facets(graph: Graph, table: list[Row]) -> list[Facet]:
    """The filters, each listing only values some partnership has, in lifecycle/schema/name order."""
    kind = graph.kinds[tracked_kind(graph.kinds)]

    def present(name: str, values: list[str], label=lambda v: v) -> list[tuple[str, str]]:
        used = {value for row in table for value in row.values()[name]}
        return [(value, label(value)) for value in values if value in used]

    def titled(entities) -> dict[str, str]:
        return {e.id: e.title for e in sorted({e.id: e for e in entities}.values(), key=lambda e: e.title.casefold())}

    mineral_titles = titled(m for row in table for m, _ in row.minerals)
    partner_titles = titled(p for row in table for p in row.countries + row.organizations)
    stages = kind.field_schema("stages")[1]["enum"]
    regions = sorted({r for row in table for r in row.regions})
    return [
        Facet("mineral", "Mineral", present("mineral", list(mineral_titles), mineral_titles.get)),
        Facet("stage", "Value-chain stage", present("stage", stages)),
        Facet("status", "Status", present("status", statuses(graph), lambda v: label_value(kind, "status", v)), "mineral"),
        Facet("evidence", "Evidence", present("evidence", evidence_levels(graph))),
        Facet("region", "Region", [(slug(r), r) for r in regions]),
        Facet("partner", "Partner", list(partner_titles.items())),
        Facet("scope", "Bilateral or multilateral", present("scope", ["bilateral", "multilateral"])),
        Facet("year", "Status since", present("year", sorted({row.year for row in table}, reverse=True))),
    ]
