#!/usr/bin/env python3
"""Benchmark the atlas on synthetic data at 1x, 10x, ... the size of the real data.

For each scale the script copies the project (mkdocs.yml, schemas/, templates/, docs/, hooks/,
CONTRIBUTING.md) into a temporary folder, writes synthetic but valid data into its data/ (scale 1
has as many files per kind as the real data/, with the same reference density: a partnership
names ~2 countries, ~4 minerals, ~3 organizations, ~4 sources and ~4 timeline events; a mineral
has ~5 facts), checks it with `atlas validate`, then times, as the median of --repeat runs:

  pipeline  Project(root).pages() in this process: load + validate + link + render
  mkdocs    `mkdocs build --strict` in a fresh process (it runs the pipeline through the hook)
  pdf       `atlas pdf` in a fresh process (skipped with --no-pdf)

How to read the output:
  - one table per scale: median, fastest and slowest run of each step, in seconds;
  - "pipeline / mkdocs" is the share of the site build spent in the atlas's own code: it should be
    small, i.e. MkDocs (Markdown to HTML, search index, theme) dominates, not the data pipeline;
  - the scaling table divides each step's median by the smallest scale's. With 10x the data, a
    ratio near 10 means linear growth; a ratio near 100 would mean quadratic growth. Below 10 is
    normal at small sizes, where fixed costs (Python start-up, imports, theme files) weigh most.

Usage:  python scripts/benchmark.py --scales 1 10 --repeat 3 [--pdf-repeat 1] [--no-pdf]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ["mkdocs.yml", "schemas", "templates", "docs", "hooks", "overrides", "CONTRIBUTING.md"]


def make_project(folder: Path, scale: int) -> int:
    """Copy the project into folder and write synthetic data at `scale` (`atlas synth`); return the file count."""
    from atlas.synth import write_synthetic

    for name in COPIED:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, folder / name)
    return write_synthetic(ROOT / "data", folder / "data", scale)


def timed(action, repeat: int) -> list[float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        runs.append(time.perf_counter() - start)
    return runs


def run(*command: str):
    # the atlas of this checkout, as in this process; no theme notice on every build
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)


def measure(scale: int, args) -> dict[str, list[float]]:
    from atlas.project import Project

    with tempfile.TemporaryDirectory(prefix=f"atlas-bench-{scale}x-") as tmp:
        root, out = Path(tmp) / "project", Path(tmp) / "out"
        root.mkdir()
        files = make_project(root, scale)
        run(sys.executable, "-m", "atlas", "--root", str(root), "validate")  # every file must pass
        pages = len(Project(root).pages())
        print(f"\n### Scale {scale}x: {files} data files, {pages} generated pages\n", flush=True)
        steps = {
            "pipeline": (lambda: Project(root).pages(), args.repeat),
            "mkdocs": (lambda: run(sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                                   "-f", str(root / "mkdocs.yml"), "-d", str(out / "site")), args.repeat),
        }
        if not args.no_pdf:
            steps["pdf"] = (lambda: run(sys.executable, "-m", "atlas", "--root", str(root), "pdf",
                                        "--out", str(out / "x.pdf")), args.pdf_repeat or args.repeat)
        times = {name: timed(action, repeat) for name, (action, repeat) in steps.items()}
    print("| step | median s | fastest s | slowest s | runs |\n| --- | ---: | ---: | ---: | ---: |")
    for name, runs in times.items():
        print(f"| {name} | {statistics.median(runs):.2f} | {min(runs):.2f} | {max(runs):.2f} | {len(runs)} |")
    share = statistics.median(times["pipeline"]) / statistics.median(times["mkdocs"])
    print(f"\npipeline / mkdocs build: {share:.2f} ({share:.0%} of the site build is the atlas pipeline)", flush=True)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10], help="multiples of the real data (default: 1 10)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per step; the median is reported (default: 3)")
    parser.add_argument("--pdf-repeat", type=int, help="runs of the PDF step (default: --repeat)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF step")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))  # import atlas from this checkout even without an install
    from atlas.synth import counts

    print("## Atlas benchmark\n\nreal data per kind: " + ", ".join(f"{n} {k}" for k, n in counts(ROOT / "data").items()))
    results = {scale: measure(scale, args) for scale in args.scales}
    base, *others = args.scales
    if others:
        print(f"\n### Scaling (median time relative to {base}x; linear growth = the data ratio)\n")
        print("| step | " + " | ".join(f"{s}x s" for s in args.scales) + " | "
              + " | ".join(f"{s}x/{base}x" for s in others) + " |")
        print("| --- |" + " ---: |" * (len(args.scales) + len(others)))
        for name in results[base]:
            medians = [statistics.median(results[s][name]) for s in args.scales]
            ratios = [m / medians[0] for m in medians[1:]]
            print(f"| {name} | " + " | ".join(f"{m:.2f}" for m in medians) + " | "
                  + " | ".join(f"{r:.1f}" for r in ratios) + " |")


if __name__ == "__main__":
    main()
