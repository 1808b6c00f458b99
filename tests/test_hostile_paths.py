"""Hostile input on the newer paths (issue 19): crafted files that cost validation minutes, text
the PDF cannot typeset, dates in the future, control characters, forged BibTeX, symlinked kind
folders, a final newline in a pattern and GitHub annotations. Each ends in a clear `file:line:`
message or in output whose structure the data cannot change."""
from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest

from atlas.cite import bibtex
from atlas.problems import DataError, Problem
from atlas.project import Project
from conftest import copy_project, run_atlas

PARTNERSHIP = "data/partnerships/india-canada.yaml"
# more letters than SequenceMatcher's autojunk ever sets aside in 4,000 characters: its slowest case
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789αβγδεζηθικλμνξοπρστυφχψω" + \
    "".join(map(chr, range(0x905, 0x923)))


def _long_event(rng: random.Random) -> str:
    """Text of 4,000 characters (the limit), different in each event: never a copy of another."""
    return "".join(rng.choice(LETTERS) for _ in range(3999)) + "."


def _timed_graph(root: Path) -> float:
    """Seconds to load and validate the project at root (raising its DataError, if any)."""
    started = time.perf_counter()
    try:
        Project(root).graph()
    finally:
        _timed_graph.elapsed = time.perf_counter() - started
    return _timed_graph.elapsed


SHARED_SOURCES = [f"shared-{number}" for number in range(12)]
DATES = ["2026-01-10", "2026-01-20", "2026-01-30", "2026-02-10"]


def test_events_told_on_shared_dates_from_shared_sources_validate_fast(mini):
    """8 partnerships with an event of 4,000 characters on each of 4 dates, every event citing the
    same 12 sources: valid (no text is a copy, no partnership links to another), and about 190 KiB."""
    for source in SHARED_SOURCES:
        (mini / "data" / "sources" / f"{source}.yaml").write_text(
            f"id: {source}\ntitle: A round-up\npublisher: A publisher\nkind: news\n"
            f"url: https://news.example.org/{source}\naccessed: 2026-11-25\n", encoding="utf-8")
    template = (mini / PARTNERSHIP).read_text(encoding="utf-8")
    head = template[: template.index("timeline:")]
    rng = random.Random(19)
    for number in range(8):
        events = "".join(f"  - date: {date}\n    event: {_long_event(rng)}\n    evidence: reported\n"
                         + ("    status: under-consideration\n" if date == DATES[-1] else "")
                         + f"    sources: [{', '.join(SHARED_SOURCES)}]\n" for date in DATES)
        text = head.replace("id: india-canada", f"id: crafted-{number}") + "timeline:\n" + events
        text += "sources: [example-news, example-statement]\nlast_reviewed: 2026-11-25\n"
        (mini / "data" / "partnerships" / f"crafted-{number}.yaml").write_text(text, encoding="utf-8")
    size = sum(p.stat().st_size for p in (mini / "data" / "partnerships").glob("crafted-*.yaml"))
    assert size > 190 * 1024
    assert _timed_graph(mini) < 2, f"took {_timed_graph.elapsed:.1f} s"


def test_a_file_citing_5000_unknown_sources_is_refused_fast(tmp_path):
    root = copy_project(tmp_path / "project")
    ids = [f"unknown-source-{number}" for number in range(5000)]
    (root / "data" / "minerals" / "testium.yaml").write_text(
        "id: testium\nname: Test\ngroup: battery-minerals\ncritical_list_2023: true\nsummary: S.\nuses: [U]\n"
        f"sources: [{', '.join(ids)}]\nlast_reviewed: 2026-11-25\n", encoding="utf-8")
    with pytest.raises(DataError) as raised:
        _timed_graph(root)
    assert _timed_graph.elapsed < 2, f"took {_timed_graph.elapsed:.1f} s"
    unknown = [p for p in raised.value.problems if "unknown source" in p.message]
    assert len(unknown) == 5000
    assert all(p.file == "data/minerals/testium.yaml" for p in unknown)
