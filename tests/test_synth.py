"""`atlas synth`: synthetic data at N times the real counts that the validator accepts."""

from __future__ import annotations

import re

from atlas.synth import REVIEWED, counts, synthesize
from conftest import MINI_DATA, REPO, copy_project, run_atlas


def test_synth_writes_valid_data_at_twice_the_projects_counts(tmp_path):
    root = copy_project(tmp_path / "project", MINI_DATA)
    real = counts(MINI_DATA)
    result = run_atlas(root, "synth", "--scale", "2", "--out", str(root / "data"))
    assert result.returncode == 0, result.stderr
    assert counts(root / "data") == {kind: 2 * n for kind, n in real.items()}
    result = run_atlas(root, "validate")
    assert result.returncode == 0, result.stderr


def test_synth_is_reproducible_and_keeps_the_record_rules():
    real = counts(REPO / "data")
    files = synthesize(real, 1)
    assert files == synthesize(real, 1) and files != synthesize(real, 1, seed=2)
    partnerships = [text for path, text in files.items() if path.startswith("partnerships/")]
    # every partnership's status is held by one of its instruments, established by an event of the timeline
    for text in partnerships:
        status = text.split("\nstatus: ", 1)[1].split("\n", 1)[0]
        instruments, timeline = text.split("\ninstruments:", 1)[1].split("\ntimeline:", 1)
        assert f"  status: {status}\n" in instruments and f"  status: {status}\n" in timeline
    assert any("delivery: delivered" in text for text in partnerships)


def test_no_synthetic_date_passes_the_datas_today_at_the_benchmarks_10x():
    """The validator refuses a date after the newest last_reviewed; `make bench` writes 10x."""
    files = synthesize(counts(REPO / "data"), 10)
    dates = {date for text in files.values() for date in re.findall(r"\b\d{4}-\d{2}-\d{2}\b", text)}
    assert max(dates) == REVIEWED.isoformat()
