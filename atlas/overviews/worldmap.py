"""A world map drawn at build time: Natural Earth country shapes (the npm package world-atlas,
pinned in package.json) projected to an SVG path per country; partner countries coloured by the
most advanced status of their partnerships with India.

India is drawn with the boundaries India claims: the areas that Natural Earth's India point of
view assigns to India (its disputed-areas layer, copied unchanged into assets/geo/) are merged
into India's shape and taken out of the shapes that hold them (shapely does the geometry).
"""

from __future__ import annotations

import dataclasses
import functools
import json
from pathlib import Path

import shapely
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.polygon import orient

from ..kinds import tracked_kind
from ..link import Entity, Graph
from .marks import most_advanced, standing, statuses, tracked

# Natural Earth 1:110m as TopoJSON, installed by `npm ci` beside the atlas package (a build
# dependency, like the Python packages), not in the project folder with the data.
SHAPES = Path(__file__).resolve().parents[2] / "node_modules" / "world-atlas" / "countries-110m.json"
# Natural Earth 1:50m breakaway and disputed areas (public domain), a byte-identical copy: see its README.
DISPUTED = Path(__file__).resolve().parents[2] / "assets" / "geo" / "ne_50m_admin_0_breakaway_disputed_areas.geojson"
VIEW = "ADM0_A3_IN"  # the field naming each area's country in India's point of view
INDIA = ("India", "IND")  # India's name among the shapes, its code in that field
# Degrees: neighbours' strips narrower than twice this along an area (where the 1:110m shapes and
# the 1:50m areas disagree) go to India with the area, so no sliver line shows between them.
SLIVER = 0.25
WIDTH = 960
NORTH, SOUTH = 84.0, -57.0  # latitudes kept: Antarctica and the far north are left out
SCALE = WIDTH / 360
HEIGHT = round((NORTH - SOUTH) * SCALE)
# Natural Earth's short names for countries whose name in data/countries differs.
NAMES = {"Democratic Republic of the Congo": "Dem. Rep. Congo", "United States": "United States of America"}
_OURS = {theirs: ours for ours, theirs in NAMES.items()}


@dataclasses.dataclass(frozen=True)
class Shape:
    name: str
    path: str  # SVG path data
    country: Entity | None  # the partner country drawn, if any
    status: str | None  # its most advanced status
    inferred: bool = False  # that status is stalled (inferred), not stated
    partnerships: tuple = ()


@dataclasses.dataclass(frozen=True)
class Map:
    shapes: list[Shape]
    partners: list[Shape]  # the coloured shapes, by name: the table alternative
    missing: list[Entity]  # partner countries the shapes lack (too small at 1:110m, or named otherwise)
    statuses: list[str]  # the statuses shown, for the legend
    claimed: list[str]  # the areas drawn as India's that other countries' shapes held, by name


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


Rings = list[list[list[tuple[float, float]]]]  # polygons, each its outer ring then its holes, in (longitude, latitude)


def _countries(file: Path) -> dict[str, Rings]:
    """Country name -> its polygons, decoded from TopoJSON (quantized, delta-encoded arcs)."""
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

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc[1:] if points else arc)
        return points

    found = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(geometry["type"], [])
        found[geometry["properties"]["name"]] = [[ring(r) for r in p] for p in polygons]
    found.pop("Antarctica", None)
    return found


def _geometry(rings: Rings) -> MultiPolygon:
    return MultiPolygon([Polygon(p[0], p[1:]) for p in rings])


def _parts(geometry) -> list:
    """A geometry's polygons, empty ones left out."""
    return [p for p in getattr(geometry, "geoms", [geometry]) if not p.is_empty]


def _rings(geometry) -> Rings:
    """A (multi)polygon as rings, each outer ring counter-clockwise and its holes clockwise."""
    return [[list(p.exterior.coords), *(list(hole.coords) for hole in p.interiors)] for p in map(orient, _parts(geometry))]


def india_view(countries: dict[str, Rings], file: Path) -> tuple[dict[str, Rings], list[str]]:
    """The countries with every area whose `ADM0_A3_IN` is India's code made part of India, and
    taken out of the neighbours that held it; and the names of the areas that India's own shape
    did not already hold (mostly), in the file's order."""
    features = json.loads(file.read_text(encoding="utf-8"))["features"]
    ours = {f["properties"]["BRK_NAME"]: shape(f["geometry"]) for f in features if f["properties"][VIEW] == INDIA[1]}
    areas, before = shapely.union_all(list(ours.values())), _geometry(countries[INDIA[0]])
    claimed = [name for name, area in ours.items() if area.difference(before).area > area.area / 2]
    near = areas.buffer(SLIVER)
    india = shapely.union_all([before, areas])
    found, moved = dict(countries), []
    for name, rings in countries.items():
        if name == INDIA[0] or not rings:
            continue
        geometry = _geometry(rings)
        if not shapely.box(*geometry.bounds).intersects(near) or not geometry.intersects(near):
            continue
        rest = geometry.difference(india)
        thin = rest.difference(rest.buffer(-SLIVER).buffer(SLIVER))
        slivers = shapely.union_all([p for p in _parts(thin) if p.within(near)])
        moved.append(slivers)
        found[name] = _rings(rest.difference(slivers))
    found[INDIA[0]] = _rings(shapely.union_all([india, *moved]))
    return found, claimed


@functools.lru_cache(maxsize=2)
def land(file: Path, disputed: Path) -> tuple[list[Shape], list[str]]:
    """Every shape uncoloured, by name, India in India's view: what each map starts from, made once;
    and the areas claimed (india_view)."""
    countries, claimed = india_view(_countries(file), disputed)
    paths = {name: "".join(_path(ring) for polygon in rings for ring in polygon) for name, rings in countries.items()}
    return [Shape(name, path, None, None) for name, path in sorted(paths.items())], claimed


def draw(graph: Graph, mineral: Entity | None = None) -> Map:
    """The map of all partnerships, or of those covering one mineral (coloured by their status for it)."""
    partnerships = mineral.backlinks.get(tracked_kind(graph.kinds), []) if mineral else tracked(graph)
    by_country: dict[str, list[Entity]] = {}
    for partnership in partnerships:
        for country in partnership.refs.get("countries", []):
            by_country.setdefault(country.id, []).append(partnership)
    countries = {c.data["name"]: c for c in graph.by_kind.get("countries", []) if c.id in by_country}
    drawn, (shapes, claimed) = [], land(SHAPES, DISPUTED)
    for outline in shapes:
        country = countries.pop(_OURS.get(outline.name, outline.name), None)
        if country:
            found = by_country[country.id]
            best = most_advanced(graph, [standing(graph, p, mineral) for p in found])
            outline = dataclasses.replace(
                outline, country=country, status=best.shown, inferred=best.inferred, partnerships=tuple(found)
            )
        drawn.append(outline)
    partners = sorted((s for s in drawn if s.country), key=lambda s: s.country.title.casefold())
    shown = {s.status for s in partners}
    return Map(
        drawn, partners, sorted(countries.values(), key=lambda c: c.title), [s for s in statuses(graph) if s in shown], claimed
    )
