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
import datetime
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COPIED = ["mkdocs.yml", "schemas", "templates", "docs", "hooks", "overrides", "CONTRIBUTING.md"]
KINDS = ["sources", "countries", "minerals", "organizations", "policies", "partnerships"]
WORDS = ("india signed agreement lithium cobalt rare earth supply chain exploration mining ministry "
         "processing investment cooperation critical minerals deposits joint venture partnership "
         "government announced reported project battery magnets refining blocks tonnes said").split()
REVIEWED = datetime.date(2026, 1, 15)


class Synth:
    """Random but reproducible values and references for one synthetic data set."""

    def __init__(self, counts: dict[str, int], seed: int = 1):
        self.rng = random.Random(seed)
        self.ids = {kind: [f"{kind}-{i:05d}" for i in range(n)] for kind, n in counts.items()}

    def text(self, words: int) -> str:
        return " ".join(self.rng.choices(WORDS, k=words)).capitalize() + "."

    def date(self) -> datetime.date:
        return datetime.date(2010, 1, 1) + datetime.timedelta(days=self.rng.randrange(16 * 365))

    def count(self, mean: float, minimum: int = 0) -> int:
        """About `mean`: randomly up to one fewer or one more, at least `minimum`."""
        return max(minimum, round(mean + self.rng.uniform(-1, 1)))

    def refs(self, kind: str, mean: float, minimum: int = 0) -> list[str]:
        """About `mean` distinct ids of `kind`."""
        k = self.count(mean, minimum)
        return self.rng.sample(self.ids[kind], min(k, len(self.ids[kind])))

    def pick(self, *options):
        return self.rng.choice(options)

    def facts(self, mean: float) -> list[dict]:
        return [{"topic": self.pick("reserves", "production", "producers", "refining", "measures", "other"),
                 "date": self.date(), "text": self.text(30), "evidence": self.pick("official", "reported"),
                 "sources": self.refs("sources", 1.5, 1)} for _ in range(self.count(mean))]

    def timeline(self, mean: float) -> list[dict]:
        dates = sorted(self.date() for _ in range(self.count(mean)))
        return [{"date": d, "event": self.text(28), "evidence": self.pick("official", "reported"),
                 "sources": self.refs("sources", 1.5, 1)} for d in dates]


# One generator per kind: (synth, index) -> the document without its id.

def source(s: Synth, i: int) -> dict:
    doc = {"title": s.text(10), "publisher": s.pick("Press Information Bureau", "Reuters", "The Hindu", "Mint"),
           "kind": s.pick("official", "news", "news", "research"), "date": s.date(),
           "url": f"https://news.example.org/{i}/{s.rng.randrange(10**6)}", "accessed": REVIEWED}
    if i % 4 == 3:  # a quarter were not opened: no url, a note for review instead
        del doc["url"]
        doc["for_review"] = [s.text(15)]
    return doc


def country(s: Synth, i: int) -> dict:
    return {"name": f"Country {i}", "region": s.pick("Africa", "Europe", "Latin America", "Central Asia", "Oceania"),
            "summary": s.text(60), "sources": s.refs("sources", 2.5, 1), "last_reviewed": REVIEWED}


def mineral(s: Synth, i: int) -> dict:
    return {"name": f"Mineral {i}", "symbol": f"M{i}", "group": s.pick("battery-minerals", "rare-earth-elements",
                                                                         "technology-metals", "industrial-minerals"),
            "critical_list_2023": i % 3 != 0, "summary": s.text(45), "uses": [s.text(5) for _ in range(3)],
            "facts": s.facts(5), "sources": s.refs("sources", 5.5, 1), "last_reviewed": REVIEWED}


def organization(s: Synth, i: int) -> dict:
    doc = {"name": f"Organization {i}", "abbreviation": f"ORG{i}",
           "type": s.pick("ministry", "agency", "public-sector-company", "company"),
           "country": s.pick(*s.ids["countries"]), "summary": s.text(50), "facts": s.facts(1.4),
           "sources": s.refs("sources", 3, 1), "last_reviewed": REVIEWED}
    if i and i % 3 == 0:  # parents point to earlier organizations only, so they never loop
        doc["parents"] = [s.ids["organizations"][s.rng.randrange(i)]]
    return doc


def policy(s: Synth, i: int) -> dict:
    return {"name": f"Policy {i}", "type": s.pick("mission", "scheme", "auction", "strategy"),
            "country": s.pick(*s.ids["countries"]), "launched": s.date(),
            "organizations": s.refs("organizations", 1.5), "members": s.refs("countries", 1.7),
            "minerals": s.refs("minerals", 4), "summary": s.text(50), "timeline": s.timeline(2.6),
            "facts": s.facts(2.3), "for_review": [s.text(20)], "sources": s.refs("sources", 5.5, 1),
            "last_reviewed": REVIEWED}


def partnership(s: Synth, i: int) -> dict:
    return {"title": f"India and partners on minerals, agreement {i}", "summary": s.text(60),
            "countries": s.refs("countries", 2, 1), "organizations": s.refs("organizations", 1),
            "indian_bodies": s.refs("organizations", 2), "policies": s.refs("policies", 0.6),
            "instrument": s.pick("talks", "mou", "agreement", "framework"),
            "status": s.pick("in-talks", "signed", "in-force", "stalled"), "status_confirmed": s.date(),
            "evidence": s.pick("official", "reported"), "minerals": s.refs("minerals", 4, 1),
            "stages": s.rng.sample(["exploration", "mining", "processing", "recycling", "investment"], 3),
            "timeline": s.timeline(4), "facts": s.facts(1.4), "for_review": [s.text(20), s.text(20)],
            "sources": s.refs("sources", 4, 1), "last_reviewed": REVIEWED}


GENERATORS = {"sources": source, "countries": country, "minerals": mineral,
              "organizations": organization, "policies": policy, "partnerships": partnership}


class NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:  # the loader refuses anchors and aliases
        return True


def real_counts() -> dict[str, int]:
    return {kind: len(list((ROOT / "data" / kind).glob("*.yaml"))) for kind in KINDS}


def make_project(folder: Path, scale: int) -> int:
    """Copy the project into folder and write synthetic data at `scale`; return the file count."""
    for name in COPIED:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, folder / name)
    synth = Synth({kind: n * scale for kind, n in real_counts().items()})
    for kind in KINDS:
        (folder / "data" / kind).mkdir(parents=True)
        for i, ident in enumerate(synth.ids[kind]):
            body = yaml.dump({"id": ident, **GENERATORS[kind](synth, i)}, Dumper=NoAliases,
                             sort_keys=False, allow_unicode=True, width=100)
            header = f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n"
            (folder / "data" / kind / f"{ident}.yaml").write_text(header + body, encoding="utf-8")
    return sum(len(ids) for ids in synth.ids.values())


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
    print("## Atlas benchmark\n\nreal data per kind: " + ", ".join(f"{n} {k}" for k, n in real_counts().items()))
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
