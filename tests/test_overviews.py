"""The overview pages' numbers, from the real data: map, charts, explorer, marks."""

from __future__ import annotations

import json
import re

import pytest
from shapely.geometry import shape
from shapely.ops import polylabel

from atlas import lifecycle
from atlas.lifecycle import Standing
from atlas.overviews import charts, explorer, marks, matrix, worldmap
from atlas.project import Project
from conftest import REPO, copy_project, run_atlas


@pytest.fixture(scope="module")
def graph():
    return Project(REPO).build().graph


def test_most_advanced_prefers_live_statuses_in_the_schemas_rank(graph):
    signed, in_force, talks = (Standing(s, "2025-01-01", "2025-01-01") for s in ("signed", "in-force", "in-talks"))
    assert marks.most_advanced(graph, [signed, in_force, talks]) is in_force
    lapsed, requested = Standing("lapsed", "2020-01-01", None), Standing("requested", "2020-01-01", None)
    assert marks.most_advanced(graph, [lapsed, requested]) is requested
    dormant = Standing("in-talks", "2010-01-01", "2010-01-01", inferred=True)
    assert marks.most_advanced(graph, [dormant, lapsed]) is dormant  # stalled (inferred) still beats lapsed
    status = graph.kinds["partnerships"].field_schema("status")[0]
    assert set(lifecycle.rank(graph.kinds["partnerships"])) == set(status["x-shapes"]) == set(marks.statuses(graph))


def test_india_chile_reads_differently_for_copper_and_lithium(graph):
    """The matrix and the explorer's mineral filter use the status for each mineral."""
    chile = graph.get("partnerships", "india-chile")
    cells = {
        (country.id, mineral.id): cell
        for country, row in matrix.country_mineral_matrix(graph).rows
        for mineral, cell in zip(matrix.country_mineral_matrix(graph).columns, row)
    }
    statuses = {m: dict((p.id, s.shown) for p, s in cells[("chile", m)])["india-chile"] for m in ("copper", "lithium")}
    assert statuses == {"copper": "signed", "lithium": "in-talks"}
    row = next(r for r in explorer.rows(graph) if r.entity is chile)
    assert "copper/signed" in row.values()["status"] and "lithium/signed" not in row.values()["status"]
    assert "lithium/in-talks" in row.values()["status"] and row.status == "signed"


def test_every_partner_country_is_on_the_map_or_said_to_be_missing(graph):
    drawn = worldmap.draw(graph)
    partners = {c.id for p in graph.by_kind["partnerships"] for c in p.refs.get("countries", [])}
    assert {s.country.id for s in drawn.partners} | {c.id for c in drawn.missing} == partners
    assert not drawn.missing  # every partner is large enough for 1:110m today
    canada = next(s for s in drawn.partners if s.country.id == "canada")
    assert canada.status == marks.most_advanced(graph, [marks.standing(graph, p) for p in canada.partnerships]).shown


def test_map_rings_never_jump_across_the_map(graph):
    """Rings crossing the antimeridian (Russia, Fiji) run off the edge instead of across the map."""
    for outline in worldmap.draw(graph).shapes:
        steps = [int(dx) for dx in re.findall(r"l(-?\d+)", outline.path)]
        assert max(map(abs, steps), default=0) < worldmap.WIDTH / 4, outline.name


def claimed_areas() -> dict:
    """The areas India's view (ADM0_A3_IN) assigns to India, by name: from the file the map uses."""
    features = json.loads(worldmap.DISPUTED.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["BRK_NAME"]: shape(f["geometry"]) for f in features if f["properties"]["ADM0_A3_IN"] == "IND"}


def test_map_draws_every_area_india_claims_inside_india_and_outside_its_neighbours():
    countries, claimed = worldmap.india_view(worldmap._countries(worldmap.SHAPES), worldmap.DISPUTED)
    drawn = {name: worldmap._geometry(rings) for name, rings in countries.items() if name not in ("Russia", "Fiji")}
    for name, area in claimed_areas().items():
        inside = polylabel(area)  # the point of the area farthest from its edges
        assert drawn["India"].contains(inside), name
        assert [other for other, geometry in drawn.items() if geometry.contains(inside)] == ["India"], name
    assert {"Aksai Chin", "Gilgit-Baltistan"} <= set(claimed)


def test_mineral_map_shows_only_countries_with_a_partnership_on_it(graph):
    lithium = graph.get("minerals", "lithium")
    drawn = worldmap.draw(graph, lithium)
    assert {s.country.id for s in drawn.partners} == {
        c.id for p in lithium.backlinks["partnerships"] for c in p.refs.get("countries", [])
    }


def test_charts_count_every_partnership_once(graph):
    total = len(graph.by_kind["partnerships"])
    assert sum(bar.total for bar in charts.by_year(graph).bars) == total
    assert charts.by_evidence(graph).bars[0].total == total
    for bar in charts.by_mineral(graph).bars:
        assert bar.total == len(bar.entity.backlinks["partnerships"])
        assert bar.end <= charts.LABEL_WIDTH + charts.BAR_WIDTH + 0.5


def test_explorer_filters_offer_statuses_in_lifecycle_order(graph):
    rows = explorer.rows(graph)
    status = next(f for f in explorer.facets(graph, rows) if f.name == "status")
    order = marks.statuses(graph)
    assert [value for value, _ in status.options] == sorted({r.status for r in rows}, key=order.index)
    eu = next(r for r in rows if r.entity.id == "india-european-union")
    assert eu.scope == "multilateral" and eu.regions == [graph.get("organizations", "european-union").data["region"]]
    assert [r.entity.id for r in rows if not r.regions] == []  # every partnership has a region


def _cells(html: str, row: str, cell: str):
    """(row key, column index, cell text) for each cell of a rendered table."""
    for match in re.finditer(row, html):
        for index, text in enumerate(re.findall(cell, match.group(2))):
            yield match.group(1), index, text


def test_no_page_gives_a_partnership_a_status_its_instruments_do_not_support(tmp_path):
    """For every partnership, its page, the partnerships index, the explorer and the matrix show the
    status lifecycle derives from its instruments (per mineral where a mineral is shown), stalled
    (inferred) where it is so inferred, and the date since which it has held it."""
    graph = Project(REPO).build().graph  # not the fixture: a failure prints a test's arguments, and a graph's repr never ends
    root = copy_project(tmp_path / "project")
    result = run_atlas(root, "render", "--out", str(tmp_path / "pages"))
    assert result.returncode == 0, result.stderr
    read = lambda path: (tmp_path / "pages" / path).read_text(encoding="utf-8")  # noqa: E731
    order, as_of = lifecycle.rank(graph.kinds["partnerships"]), graph.as_of
    inferred = f"{marks.status_label(graph, 'stalled')} (inferred)"
    index, explorer_page, matrix_page = read("partnerships/index.md"), read("explorer.md"), read("matrix.md")
    derived, expected_marks = {}, 0
    for partnership in graph.by_kind["partnerships"]:
        pid, data = partnership.id, partnership.data  # plain values: a failure shows them, not the graph
        overall = lifecycle.partnership_standing(data, order, as_of)
        derived[pid] = {m: lifecycle.partnership_standing(data, order, as_of, m) for m in data["minerals"]}
        expected_marks += len(data.get("countries", [])) * len(data["minerals"])
        page = read(f"partnerships/{pid}.md")
        status = re.search(r"^- \*\*Status:\*\* (.*)$", page, re.M).group(1)
        assert status.startswith(marks.status_label(graph, overall.status) + ("," if overall.inferred else " since")), pid
        assert f" since {overall.since}" in status and (inferred in status) == overall.inferred, pid
        assert f"- **Last confirmed:** {overall.confirmed} " in page, pid
        row = re.search(rf"^\| \[[^\n]*\]\({re.escape(pid)}\.md\) .*$", index, re.M).group(0)
        assert f'atlas-status-{overall.shown}"' in row and (inferred in row) == overall.inferred, pid
        assert row.endswith(f"| {overall.since} |"), pid
        start = explorer_page.rindex('<span class="atlas-row"', 0, explorer_page.index(f'<a href="../partnerships/{pid}/">'))
        row = explorer_page[start : explorer_page.index("</tr>", start)]
        shown, *per_mineral = re.search(r'data-status="([^"]*)"', row).group(1).split()
        assert shown == overall.shown, pid
        assert dict(pair.split("/") for pair in per_mineral) == {m: s.shown for m, s in derived[pid].items()}, pid
        assert f'atlas-status-{overall.shown}"' in row and (inferred in row) == overall.inferred, pid
        assert f'<td data-label="Status since"><span class="date">{overall.since}</span>' in row, pid
    minerals = re.findall(r'<th scope="col"><a href="\.\./minerals/([^/]+)/">', matrix_page)
    seen = 0
    for country, column, cell in _cells(
        matrix_page, r'<tr><th scope="row"><a href="\.\./countries/([^/]+)/">.*?</th>(.*?)</tr>', r"<td>(.*?)</td>"
    ):
        for status, pid, name in re.findall(
            r'<a class="atlas-cell atlas-color-([a-z-]+)" href="\.\./partnerships/([^/]+)/">'
            r'.*?<span class="atlas-sr">(.*?)</span></a>',
            cell,
        ):
            expected, where = derived[pid][minerals[column]], (country, minerals[column], pid)
            assert status == expected.shown and f"since {expected.since};" in name, where
            assert ("&#40;inferred&#41;" in name) == expected.inferred, where
            seen += 1
    assert seen == expected_marks
