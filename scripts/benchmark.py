#!/usr/bin/env python3
"""Benchmark the atlas on synthetic data (`atlas synth`) at 1x, 10x, ... the size of the real data.

For each scale, a copy of the project gets synthetic data, and each step is timed as the median
of --repeat runs (memory as the peak proportional set size, PSS, of the whole process tree, so
any helper process counts too):

  pipeline     load + validate + link + render, in a fresh process
  site         `mkdocs build --strict` with the hook (what `make site` does before the PDF)
               (the builds are timed in wall time and in CPU time, the process tree's user + system)
  bare         `mkdocs build --strict` without the hook, of the project `atlas render --project`
               writes (the pages and the exports as static files), with the theme's overrides:
               both builds publish the same site, so the hook's overhead is the work of making it
               (load, validate, render, export, history, CSP), not MkDocs' copying of the exports
  overhead     site / bare, in wall time and in CPU time: on a shared machine a build's wall time
               also counts the other programs' work, its CPU time only its own; the builds run in
               turns (site, bare, bare pages), --build-repeat times, and the medians are compared
  bare_pages   the same, of the pages only: the exports count as the hook's overhead too
  pdf          `atlas pdf` (time and peak memory), once all scales are built, the scales in turns
               (1x, 10x, 1x...), so that its growth compares runs minutes apart, not the two ends
               of a run that lasts half an hour (the larger scales run once)
  reload       `mkdocs serve`: from saving a data file to the new text being served

With --before REV --before-python PY the same figures are taken for git revision REV (run by
PY, an interpreter with that revision's dependencies) in the same run, on the same data.
Results go to bench/results.json with the machine's description; --readme rewrites the table
between the BENCHMARK markers of README.md from that file.

Usage:  python scripts/benchmark.py --scales 1 10 [--repeat 3] [--build-repeat 3] [--before main --before-python PY] [--readme]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ["mkdocs.yml", "schemas", "templates", "docs", "hooks", "overrides", "CONTRIBUTING.md"]
RESULTS = ROOT / "bench" / "results.json"
STEPS = {
    "pipeline": "atlas pipeline (load, validate, link, render)",
    "site": "`mkdocs build --strict` with the hook",
    "bare": "`mkdocs build --strict` of the same files, no hook",
    "overhead": "hook overhead (site / bare)",
    "overhead_cpu": "hook overhead in CPU time (site / bare)",
    "bare_pages": "`mkdocs build --strict` of the pages only, no hook",
    "overhead_pages": "hook overhead with exports (site / bare pages)",
    "pdf": "PDF",
    "pdf_memory": "PDF peak memory (MB, PSS of all processes)",
    "reload": "`make serve`: save to reloaded page",
}
PIPELINE = "import sys; from pathlib import Path; from atlas.project import Project; Project(Path(sys.argv[1])).pages()"


class Version:
    """One version of the code: its folder (templates, hooks...) and the Python that runs it."""

    def __init__(self, name: str, code: Path, python: str):
        self.name, self.code, self.python = name, code, python

    def env(self) -> dict:
        return {**os.environ, "PYTHONPATH": str(self.code), "NO_MKDOCS_2_WARNING": "1"}

    def run(self, *args: str) -> float:
        return self.run_timed(*args)[0]

    def start(self, *args: str) -> subprocess.Popen:
        """This version's Python running args, quietly, from the code's folder (`python -m atlas`
        imports the atlas there)."""
        return subprocess.Popen(
            [self.python, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=self.env(), cwd=self.code
        )

    def run_timed(self, *args: str) -> tuple[float, float]:
        """Wall seconds, and CPU seconds (user + system, with the processes it waited for)."""
        start = time.perf_counter()
        process = self.start(*args)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        _check(process, args)
        return time.perf_counter() - start, usage.ru_utime + usage.ru_stime

    def project(self, folder: Path, data: Path) -> Path:
        """A copy of this version's project files with the given data."""
        folder.mkdir(parents=True)
        for name in COPIED:
            src = self.code / name
            if src.exists():  # an older version may not have them all (theme overrides came later)
                (shutil.copytree if src.is_dir() else shutil.copy2)(src, folder / name)
        shutil.copytree(data, folder / "data")
        return folder


def pss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as stream:
            return next(int(line.split()[1]) for line in stream if line.startswith("Pss:")) / 1024
    except (OSError, StopIteration):
        return 0.0


def tree(pid: int) -> list[int]:
    """pid and all its descendants."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stream:
                    parents[int(entry)] = int(stream.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                pass
    found, frontier = [pid], [pid]
    while frontier:
        frontier = [child for child, parent in parents.items() if parent in frontier]
        found += frontier
    return found


def run_measured(version: Version, *args: str) -> tuple[float, float]:
    """Seconds and peak memory (MB, PSS summed over the process tree) of one command."""
    start = time.perf_counter()
    process = version.start(*args)
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, sum(pss_mb(pid) for pid in tree(process.pid)))
        time.sleep(0.1)
    _check(process, args)
    return time.perf_counter() - start, peak


def _check(process: subprocess.Popen, args: tuple) -> None:
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, args)


def bare_project(version: Version, root: Path, folder: Path, exports: bool = True) -> Path:
    """The same site without the hook: the project that `atlas render --project` writes, with the
    theme's overrides put back (but for "Cite this page", which needs the hook's helpers), so that
    both builds render the same theme; without exports, of the pages alone."""
    import yaml

    try:
        version.run("-m", "atlas", "--root", str(root), "render", "--project", str(folder))
    except subprocess.CalledProcessError:
        return _bare_before_render_project(version, root, folder)
    shutil.copytree(root / "overrides", folder / "overrides")
    (folder / "overrides" / "partials" / "cite.html").write_text("", encoding="utf-8")
    config = yaml.safe_load((folder / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = "overrides"
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    if not exports:
        for name in ("api", "feeds", "schemas"):  # where atlas/export.py puts them
            shutil.rmtree(folder / "docs" / name)
    return folder


def _bare_before_render_project(version: Version, root: Path, folder: Path) -> Path:
    """A version older than `atlas render --project` (a --before run): its pages and docs/, no hook
    (it had no theme overrides yet), as that version's benchmark built them."""
    import yaml

    shutil.rmtree(folder, ignore_errors=True)
    version.run("-m", "atlas", "--root", str(root), "render", "--out", str(folder / "docs"))
    shutil.copytree(root / "docs", folder / "docs", dirs_exist_ok=True)
    shutil.copy2(root / "CONTRIBUTING.md", folder / "docs" / "contributing.md")
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    for key in ("hooks", "watch"):
        config.pop(key, None)
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, text: str, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if text in urllib.request.urlopen(url, timeout=10).read().decode("utf-8"):
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"{text!r} did not appear at {url}")


def reload_times(version: Version, root: Path, repeat: int) -> list[float]:
    """Seconds from saving a partnership's file to `mkdocs serve` serving the edited text."""
    port = free_port()
    dirty = ["--dirty"] if "--dirty" in (version.code / "Makefile").read_text(encoding="utf-8") else []  # as `make serve`
    server = subprocess.Popen(
        [version.python, "-m", "mkdocs", "serve", *dirty, "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=version.env(),
    )
    data = sorted((root / "data" / "partnerships").glob("*.yaml"))[0]
    url = f"http://127.0.0.1:{port}/atlas/partnerships/{data.stem}/"
    text = data.read_text(encoding="utf-8")
    try:
        wait_for(url, "India and partners")
        times = []
        for n in range(repeat):
            start = time.perf_counter()
            data.write_text(text.replace("title: India and partners", f"title: Edit{n} India and partners", 1), encoding="utf-8")
            wait_for(url, f"Edit{n} India and partners")
            times.append(time.perf_counter() - start)
            time.sleep(1)
        return times
    finally:
        server.terminate()
        server.wait(timeout=30)
        data.write_text(text, encoding="utf-8")


def measure(version: Version, data: Path, scale: int, repeat: int, builds: int, tmp: Path, reload: bool) -> dict[str, float]:
    root = version.project(tmp / f"{version.name}-{scale}x", data)
    bare = bare_project(version, root, tmp / f"{version.name}-{scale}x-bare")
    pages = bare_project(version, root, tmp / f"{version.name}-{scale}x-bare-pages", exports=False)
    runs = {"pipeline": [version.run("-c", PIPELINE, str(root)) for _ in range(repeat)]}
    cpu: dict[str, list[float]] = {}
    for _ in range(builds):  # in turns, so that all see the same load on a shared machine
        for step, folder in (("site", root), ("bare", bare), ("bare_pages", pages)):
            wall, seconds = version.run_timed(
                "-m", "mkdocs", "build", "--strict", "-q", "-f", str(folder / "mkdocs.yml"), "-d", str(tmp / "out")
            )
            runs.setdefault(step, []).append(wall)
            cpu.setdefault(step, []).append(seconds)
    if reload:
        runs["reload"] = reload_times(version, root, repeat)
    result = {step: round(statistics.median(values), 2) for step, values in runs.items()}
    result["overhead"] = round(result["site"] / result["bare"], 2)
    result["overhead_cpu"] = round(statistics.median(cpu["site"]) / statistics.median(cpu["bare"]), 2)
    result["overhead_pages"] = round(result["site"] / result["bare_pages"], 2)
    print(f"{version.name} {scale}x: {result}", flush=True)
    return result


def measure_pdfs(version: Version, scales: list[int], repeat: int, tmp: Path, figures: dict) -> None:
    """`atlas pdf` of each scale's project (made by measure), the scales in turns; into figures."""
    runs: dict[int, list[tuple[float, float]]] = {scale: [] for scale in scales}
    for turn in range(repeat):
        for scale in scales:
            if turn == 0 or scale == 1:
                runs[scale].append(
                    run_measured(
                        version,
                        "-m",
                        "atlas",
                        "--root",
                        str(tmp / f"{version.name}-{scale}x"),
                        "pdf",
                        "--out",
                        str(tmp / "out.pdf"),
                    )
                )
    for scale, found in runs.items():
        figures[str(scale)]["pdf"] = round(statistics.median(t for t, _ in found), 2)
        figures[str(scale)]["pdf_memory"] = round(statistics.median(m for _, m in found), 2)
        print(f"{version.name} {scale}x PDF: {figures[str(scale)]['pdf']} s, {figures[str(scale)]['pdf_memory']} MB", flush=True)


def save(results: dict) -> None:
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def machine() -> dict:
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "")
    memory = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gb": round(memory / 1024**2, 1),
        "python": platform.python_version(),
        "system": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def readme_table(results: dict) -> str:
    """The README's performance table: before -> after at each scale, and the growth from 1x."""
    scales = results["scales"]
    versions = [v for v in ("before", "after") if v in results["figures"]]
    files = results["files"]
    head = "| Step | " + " | ".join(f"{s}x ({files[str(s)]:,} files)" for s in scales) + f" | {scales[-1]}x / {scales[0]}x |"
    lines = [head, "| --- |" + " ---: |" * (len(scales) + 1)]
    for step, label in STEPS.items():

        def value(version, scale):
            return results["figures"][version].get(str(scale), {}).get(step)

        def figure(version, scale):
            found = value(version, scale)
            if found is None:
                return "not measured"
            return (
                f"{found:.2f}" if step.startswith("overhead") else f"{found:.0f} MB" if step == "pdf_memory" else f"{found:.2f} s"
            )

        cells = [" → ".join(figure(v, s) for v in versions) for s in scales]
        growth = " → ".join(
            f"{value(v, scales[-1]) / value(v, scales[0]):.1f}" if value(v, scales[-1]) and value(v, scales[0]) else "–"
            for v in versions
        )
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {'' if step.startswith('overhead') else growth} |")
    return "\n".join(lines)


def write_readme(results: dict) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- BENCHMARK:START (generated by scripts/benchmark.py from bench/results.json) -->", "<!-- BENCHMARK:END -->"
    before, rest = text.split(start, 1)
    _, after = rest.split(end, 1)
    readme.write_text(f"{before}{start}\n{readme_table(results)}\n{end}{after}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10], help="multiples of the real data (default: 1 10)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per step; the median is kept (default: 3)")
    parser.add_argument("--build-repeat", type=int, help="rounds of the site and bare builds (default: --repeat)")
    parser.add_argument("--before", help="also measure this git revision (e.g. main), in the same run")
    parser.add_argument("--before-python", default=sys.executable, help="the Python that has --before's dependencies")
    parser.add_argument("--before-scales", type=int, nargs="+", help="scales at which to measure --before (default: all)")
    parser.add_argument("--reload-scales", type=int, nargs="+", help="scales at which to time `mkdocs serve` (default: all)")
    parser.add_argument("--readme", action="store_true", help="rewrite README.md's table from the results")
    parser.add_argument("--table-only", action="store_true", help="only regenerate README.md's table from bench/results.json")
    args = parser.parse_args()
    if args.table_only:
        write_readme(json.loads(RESULTS.read_text(encoding="utf-8")))
        return
    sys.path.insert(0, str(ROOT))
    from atlas.synth import write_synthetic

    builds = args.build_repeat or args.repeat
    results = {
        "machine": machine(),
        "scales": args.scales,
        "repeat": args.repeat,
        "build_repeat": builds,
        "files": {},
        "figures": {},
    }
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as folder:
        tmp = Path(folder)
        versions = [Version("after", ROOT, sys.executable)]
        if args.before:
            code = tmp / "before-code"
            code.mkdir()
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.before], check=True, capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", str(code)], input=archive, check=True)
            if (ROOT / "node_modules").is_dir():  # npm's packages (the world map's shapes) are not in git
                (code / "node_modules").symlink_to(ROOT / "node_modules")
            versions.insert(0, Version("before", code, args.before_python))
            results["before"] = subprocess.run(
                ["git", "-C", str(ROOT), "rev-parse", "--short", args.before], check=True, capture_output=True, text=True
            ).stdout.strip()
        results["after"] = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], check=True, capture_output=True, text=True
        ).stdout.strip()
        for scale in args.scales:
            data = tmp / f"data-{scale}x"
            results["files"][str(scale)] = write_synthetic(ROOT / "data", data, scale)
            for version in versions:
                if version.name == "before" and scale not in (args.before_scales or args.scales):
                    continue
                results["figures"].setdefault(version.name, {})[str(scale)] = measure(
                    version, data, scale, args.repeat, builds, tmp, scale in (args.reload_scales or args.scales)
                )
                save(results)  # a long run keeps what it measured so far
        for version in versions:
            measure_pdfs(
                version, [int(s) for s in results["figures"][version.name]], args.repeat, tmp, results["figures"][version.name]
            )
            save(results)
    print(readme_table(results))
    if args.readme:
        write_readme(results)


if __name__ == "__main__":
    main()
