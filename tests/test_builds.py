"""Builds you can trust: a failed build changes nothing, and the same data gives the same bytes."""

from __future__ import annotations

import hashlib
import os

import pytest

from conftest import MINI_DATA, copy_project, run_atlas

pytestmark = pytest.mark.slow  # several builds a test


def fingerprint(folder):
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_failing_build_leaves_the_previous_site_untouched(mini):
    assert run_atlas(mini, "build", "--out", "site").returncode == 0
    before = fingerprint(mini / "site")
    failures = {
        "a broken link in a template (strict MkDocs fails)": (
            "templates/pages/timeline.md.j2",
            "# Timeline",
            "# Timeline\n\n[gone](nowhere.md)",
        ),
        "a broken PDF template (after the site is built)": (
            "templates/pdf/briefing.html.j2",
            "<body>",
            "<body>{{ missing_variable }}",
        ),
        "a mistake in the PDF's Typst layout": ("templates/pdf/briefing.typ", "#let doc =", "#let doc = ("),
    }
    for relative, old, new in failures.values():
        path = mini / relative
        original = path.read_text(encoding="utf-8")
        path.write_text(original.replace(old, new), encoding="utf-8")
        result = run_atlas(mini, "build", "--out", "site")
        path.write_text(original, encoding="utf-8")
        assert result.returncode != 0
        if relative.endswith(".typ"):  # a clear message, not a traceback
            assert "build failed" in result.stderr and "Typst could not lay out the PDF" in result.stderr
        assert fingerprint(mini / "site") == before
        assert sorted(p.name for p in mini.iterdir() if p.name.startswith(".site")) == []


def test_two_builds_of_the_same_data_are_byte_identical(mini, tmp_path):
    """Two checkouts in different folders, built at different times, give the same bytes."""
    other = copy_project(tmp_path / "elsewhere" / "checkout", MINI_DATA)
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    assert run_atlas(mini, "build", "--out", "site", env=environment).returncode == 0
    assert run_atlas(other, "build", "--out", "site", env=environment).returncode == 0
    first, second = fingerprint(mini / "site"), fingerprint(other / "site")
    assert len(first) > 50 and "atlas.pdf" in first
    assert first == second


def test_dates_in_the_output_come_from_the_data_not_the_clock(mini):
    for path in (mini / "data").rglob("*.yaml"):  # make the newest date in the data differ from today
        path.write_text(path.read_text(encoding="utf-8").replace("2026-11-25", "2026-06-30"), encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    assert run_atlas(mini, "build", "--out", "site", env=environment).returncode == 0
    sitemap = (mini / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2026-06-30</lastmod>" in sitemap  # the newest last_reviewed/accessed date in the data
    # the last full review: the oldest last_reviewed (the fixture's stale example, 2024-01-01)
    assert "last full review <strong>2024-01-01</strong>" in (mini / "site" / "index.html").read_text(encoding="utf-8")
