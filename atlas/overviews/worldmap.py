"""A world map drawn at build time: Natural Earth country shapes (the npm package world-atlas,
pinned in package.json) projected to an SVG path per country; partner countries coloured by the
most advanced status of their partnerships with India.
"""
from __future__ import annotations

import dataclasses
import functools
import json
from pathlib import Path

from ..kinds import tracked_kind
from ..link import Entity, Graph
from .marks import most_advanced, standing, statuses, tracked

# Natural Earth 1:110m as TopoJSON, installed by `npm ci` beside the atlas package (a build
# dependency, like the Python packages), not in the project folder with the data.
SHAPES = Path(__file__).resolve().parents[2] / "node_modules" / "world-atlas" / "countries-110m.json"
WIDTH = 960
NORTH, SOUTH = 84.0, -57.0        # latitudes kept: Antarctica and the far north are left out
SCALE = WIDTH / 360
HEIGHT = round((NORTH - SOUTH) * SCALE)
# Natural Earth's short names for countries whose name in data/countries differs.
NAMES = {"Democratic Republic of the Congo": "Dem. Rep. Congo", "United States": "United States of America"}
_OURS = {theirs: ours for ours, theirs in NAMES.items()}


@dataclasses.dataclass(frozen=True)
class Shape:
    name: str
    path: str                     # SVG path data
    country: Entity | None        # the partner country drawn, if any
    status: str | None            # its most advanced status
    inferred: bool = False        # that status is stalled (inferred), not stated
    partnerships: tuple = ()


@dataclasses.dataclass(frozen=True)
class Map:
    shapes: list[Shape]
    partners: list[Shape]         # the coloured shapes, by name: the table alternative
    missing: list[Entity]         # partner countries the shapes lack (too small at 1:110m, or named otherwise)
    statuses: list[str]           # the statuses shown, for the legend


def _path(ring: list[tuple[float, float]]) -> str:
    """One closed ring (longitude, latitude) in relative moves on the map, repeated points dropped.

    Natural Earth's rings cross the antimeridian unbroken (Russia, Fiji): longitudes are unwrapped
    so the ring runs on past the map's edge, which the viewBox clips, instead of across the map.
    """
    points, previous = [], ring[0][0]
    for lon, lat in ring:
        lon += 360 * round((previous - lon) / 360)
        previous = lon
        points.append((round((lon + 180) * SCALE), round((NORTH - lat) * SCALE)))
    out, (px, py) = [f"M{points[0][0]} {points[0][1]}"], points[0]
    for x, y in points[1:]:
        if (x, y) != (px, py):
            out.append(f"l{x - px} {y - py}")
            px, py = x, y
    return "".join(out).replace(" -", "-") + "z"


@functools.lru_cache(maxsize=2)
def shapes(file: Path) -> dict[str, str]:
    """Country name -> SVG path data, decoded from TopoJSON (quantized, delta-encoded arcs)."""
    try:
        topology = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"{file}: the world map's shapes are not installed; run `npm ci` (make setup does)") from None
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes: list[int]) -> str:
        points: list[tuple[float, float]] = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc[1:] if points else arc)
        return _path(points)

    found = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(geometry["type"], [])
        found[geometry["properties"]["name"]] = "".join(ring(r) for polygon in polygons for r in polygon)
    found.pop("Antarctica", None)
    return found


@functools.lru_cache(maxsize=2)
def land(file: Path) -> list[Shape]:
    """Every shape uncoloured, by name: what each map starts from, made once."""
    return [Shape(name, path, None, None) for name, path in sorted(shapes(file).items())]


def draw(graph: Graph, mineral: Entity | None = None) -> Map:
    """The map of all partnerships, or of those covering one mineral (coloured by their status for it)."""
    partnerships = mineral.backlinks.get(tracked_kind(graph.kinds), []) if mineral else tracked(graph)
    by_country: dict[str, list[Entity]] = {}
    for partnership in partnerships:
        for country in partnership.refs.get("countries", []):
            by_country.setdefault(country.id, []).append(partnership)
    countries = {c.data["name"]: c for c in graph.by_kind.get("countries", []) if c.id in by_country}
    drawn = []
    for shape in land(SHAPES):
        country = countries.pop(_OURS.get(shape.name, shape.name), None)
        if country:
            found = by_country[country.id]
            best = most_advanced(graph, [standing(graph, p, mineral) for p in found])
            shape = dataclasses.replace(shape, country=country, status=best.shown, inferred=best.inferred, partnerships=tuple(found))
        drawn.append(shape)
    partners = sorted((s for s in drawn if s.country), key=lambda s: s.country.title.casefold())
    shown = {s.status for s in partners}
    return Map(drawn, partners, sorted(countries.values(), key=lambda c: c.title), [s for s in statuses(graph) if s in shown])
