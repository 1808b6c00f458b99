#!/usr/bin/env python3
"""Time MkDocs, ProperDocs and Zensical building the same hook-less project (`atlas render --project`).

The real data, then synthetic data at each --scales multiple (`atlas synth`); the engines take
turns, the order rotating each round, so a shared machine's load falls on all alike. Each build
starts from nothing (no site folder, Zensical's cache cleared). Prints the median seconds.
The three engines build the same thing: the config has no search plugin, and Zensical's own
search, on unless disabled, is disabled for them; it is timed apart ("zensical+search"), and
fails when a page is too large for its index.

Usage:  python scripts/engine_times.py [--scales 10] [--repeat 5]   (after `make test-engines`)
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from benchmark import ROOT, Version, bare_project

ENGINES = {
    "mkdocs": ["-m", "mkdocs", "build", "--strict", "-q", "-f", "no-search.yml"],
    "properdocs": ["-m", "properdocs", "build", "--strict", "-q", "-f", "no-search.yml"],
    "zensical": ["-m", "zensical", "build", "--strict", "--clean", "-f", "no-search.yml"],
    "zensical+search": ["-m", "zensical", "build", "--strict", "--clean", "-f", "mkdocs.yml"],
}


def times(version: Version, folder: Path, repeat: int) -> dict[str, float | None]:
    """Median seconds per engine (None: the build failed)."""
    config = yaml.safe_load((folder / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [*config.get("plugins", []), {"search": {"enabled": False}}]
    (folder / "no-search.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    runs = {engine: [] for engine in ENGINES}
    code = Version(version.name, folder, version.python)
    for turn in range(repeat):
        for engine in list(ENGINES)[turn % len(ENGINES) :] + list(ENGINES)[: turn % len(ENGINES)]:
            if None in runs[engine]:
                continue  # it failed once: it fails again
            shutil.rmtree(folder / "site", ignore_errors=True)
            shutil.rmtree(folder / ".cache", ignore_errors=True)
            try:
                runs[engine].append(code.run(*ENGINES[engine]))
            except subprocess.CalledProcessError:
                runs[engine].append(None)
    return {engine: None if None in values else round(statistics.median(values), 2) for engine, values in runs.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="*", default=[10], help="synthetic multiples to time after the real data")
    parser.add_argument("--repeat", type=int, default=5, help="builds per engine; the median is kept (default: 5)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from atlas.synth import write_synthetic

    version = Version("current", ROOT, sys.executable)
    with tempfile.TemporaryDirectory(prefix="atlas-engines-") as folder:
        tmp = Path(folder)
        datasets = {"real data": ROOT / "data"}
        for scale in args.scales:
            datasets[f"{scale}x synthetic"] = tmp / f"data-{scale}x"
            write_synthetic(ROOT / "data", datasets[f"{scale}x synthetic"], scale)
        for n, (name, data) in enumerate(datasets.items()):
            root = version.project(tmp / f"project-{n}", data)
            hookless = bare_project(version, root, tmp / f"hookless-{n}")
            pages = sum(1 for _ in (hookless / "docs").rglob("*.md"))
            result = times(version, hookless, args.repeat)
            print(
                f"{name} ({pages} pages): "
                + ", ".join(f"{engine} " + (f"{seconds:.2f} s" if seconds else "failed") for engine, seconds in result.items())
                + f"; zensical / mkdocs {result['zensical'] / result['mkdocs']:.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
