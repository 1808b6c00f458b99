"""Charts drawn at build time: stacked horizontal bars, laid out here and drawn as SVG by the template.

Every chart is also a table (its text alternative), built from the same numbers.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

from ..kinds import tracked_kind
from ..link import Entity, Graph
from ..views import events
from .marks import evidence_levels, standing, status_label, statuses, tracked

LABEL_WIDTH = 170  # px of the viewBox kept for the row labels
BAR_WIDTH = 380  # px of the viewBox for the longest bar
ROW_HEIGHT = 24
INFERRED_NOTE = "Stalled counts talks stalled (inferred): no event for 24 months."


@dataclasses.dataclass(frozen=True)
class Segment:
    key: str  # a status or evidence level: its colour class
    label: str
    count: int
    x: float
    width: float


@dataclasses.dataclass(frozen=True)
class Bar:
    label: str
    entity: Entity | None
    total: int
    segments: list[Segment]
    y: int

    def count(self, key: str) -> int:
        return next((s.count for s in self.segments if s.key == key), 0)

    @property
    def end(self) -> float:
        """Where the bar ends: its total is written just after."""
        return self.segments[-1].x + self.segments[-1].width if self.segments else LABEL_WIDTH


@dataclasses.dataclass(frozen=True)
class Chart:
    id: str
    title: str
    row_header: str  # what the table's first column holds
    summary: str  # one sentence: the chart's text alternative
    keys: list[tuple[str, str]]  # legend: (key, label) in order
    bars: list[Bar]

    @property
    def height(self) -> int:
        return len(self.bars) * ROW_HEIGHT + 8

    @property
    def width(self) -> int:
        return LABEL_WIDTH + BAR_WIDTH + 40


def stacked(
    chart_id: str,
    title: str,
    row_header: str,
    summary: str,
    keys: list[tuple[str, str]],
    rows: list[tuple[str, Entity | None, Counter]],
) -> Chart:
    """Lay out one bar per row, its segments in the order of keys, scaled to the longest bar."""
    longest = max((sum(counts.values()) for _, _, counts in rows), default=0) or 1
    bars = []
    for index, (label, entity, counts) in enumerate(rows):
        x, segments = float(LABEL_WIDTH), []
        for key, key_label in keys:
            if counts[key]:
                width = round(counts[key] * BAR_WIDTH / longest, 1)
                segments.append(Segment(key, key_label, counts[key], round(x, 1), width))
                x += width
        bars.append(Bar(label, entity, sum(counts.values()), segments, index * ROW_HEIGHT + 4))
    return Chart(
        chart_id, title, row_header, summary, [k for k in keys if any(s.key == k[0] for b in bars for s in b.segments)], bars
    )


def status_keys(graph: Graph) -> list[tuple[str, str]]:
    return [(status, status_label(graph, status)) for status in statuses(graph)]


def by_year(graph: Graph) -> Chart:
    partnerships = tracked(graph)
    years: dict[str, Counter] = {}
    for p in partnerships:
        overall = standing(graph, p)
        years.setdefault(overall.since[:4], Counter())[overall.shown] += 1
    rows = [(year, None, years[year]) for year in sorted(years)]
    return stacked(
        "by-year",
        "Partnerships by year and status",
        "Year",
        f"{len(partnerships)} partnerships, counted in the year their current status was established, "
        f"in bars split by status. {INFERRED_NOTE}",
        status_keys(graph),
        rows,
    )


def by_mineral(graph: Graph) -> Chart:
    minerals = [
        (m, Counter(standing(graph, p, m).shown for p in m.backlinks.get(tracked_kind(graph.kinds), [])))
        for m in graph.by_kind.get("minerals", [])
    ]
    minerals = sorted((item for item in minerals if item[1]), key=lambda item: (-sum(item[1].values()), item[0].title))
    return stacked(
        "by-mineral",
        "Minerals by number of partnerships",
        "Mineral",
        f"{len(minerals)} minerals, each with the number of partnerships that cover it, split by their status for the mineral. {INFERRED_NOTE}",
        status_keys(graph),
        [(m.title, m, counts) for m, counts in minerals],
    )


def by_evidence(graph: Graph) -> Chart:
    """Evidence levels of partnerships (their main facts), timeline events and key facts."""
    partnerships = tracked(graph)
    facts = [f for e in graph.all() for f in e.data.get("facts", [])]
    rows = [
        ("Partnerships", None, Counter(p.data["evidence"] for p in partnerships)),
        ("Timeline events", None, Counter(e.evidence for e in events(graph) if e.evidence)),
        ("Key facts", None, Counter(f["evidence"] for f in facts if "evidence" in f)),
    ]
    return stacked(
        "by-evidence",
        "Evidence levels",
        "What",
        "How each partnership, timeline event and key fact is known: official, attributed or reported.",
        [(level, level) for level in evidence_levels(graph)],
        rows,
    )


def all_charts(graph: Graph) -> list[Chart]:
    return [by_year(graph), by_mineral(graph), by_evidence(graph)]
