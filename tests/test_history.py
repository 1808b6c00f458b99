"""Change history from git, on a scripted repository: a status transition appears on the
partnership page, in its feed and on the changes page; versions come from tags and commits;
a copy without git history still builds and says so."""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
import sys
import time
import tracemalloc
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import pytest
import yaml

from atlas.export import exports
from atlas.project import Project
from test_opendata import ATOM, check_atom

PARTNERSHIP = "data/partnerships/india-canada.yaml"


def _git(root, *args: str, date: str | None = None) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Editor",
        "GIT_AUTHOR_EMAIL": "editor@example.org",
        "GIT_COMMITTER_NAME": "Editor",
        "GIT_COMMITTER_EMAIL": "editor@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(mini):
    """The mini project as a git repository: imported and released as v1.0, then the partnership signed."""
    _git(mini, "init", "-q", "-b", "main")
    (mini / "releases.yaml").write_text("- v1.0\n", encoding="utf-8")
    _git(mini, "add", "-A")
    _git(mini, "commit", "-q", "-m", "Import the data", date="2026-03-01T10:00:00+00:00")
    path = mini / PARTNERSHIP
    text = path.read_text(encoding="utf-8")
    text = text.replace("\nstatus: under-consideration\n", "\nstatus: signed\n").replace(
        "status_confirmed: 2026-02-10", "status_confirmed: 2026-03-20"
    )
    text = text.replace("    status: under-consideration\n    evidence:", "    status: signed\n    evidence:")  # the instrument's
    text = text.replace(
        "sources: [example-news, example-statement]\n",
        "  - date: 2026-03-20\n    instrument: canada-agreement\n    event: Both governments signed the agreement.\n    status: signed\n"
        "    evidence: official\n    sources: [example-statement]\n"
        "sources: [example-news, example-statement]\n",
    )
    path.write_text(text, encoding="utf-8")
    _git(mini, "commit", "-q", "-am", "India-Canada agreement signed", date="2026-03-21T09:30:00+00:00")
    return mini


def test_status_transition_shows_on_the_page_the_feed_and_the_changes_page(repo):
    project = Project(repo)
    history = project.build().history
    head = _git(repo, "rev-parse", "--short=7", "HEAD").strip()
    assert history.available and history.version == f"v1.0+1.{head}"
    assert [(r.version, r.date) for r in history.releases] == [(None, None), ("v1.0", "2026-03-01")]

    pages = {page.path: page.body for page in project.pages()}
    partnership = pages["partnerships/india-canada.md"]
    status = partnership[partnership.index("## Status history") : partnership.index("## Timeline")]
    rows = [line for line in status.splitlines() if line.startswith("| <span")]
    assert "2026-02-10" in rows[0] and "| under consideration (India–Canada agreement on critical minerals) |" in rows[0]
    assert (
        "2026-03-20" in rows[1]
        and "| signed (India–Canada agreement on critical minerals) | Both governments signed the agreement." in rows[1]
    )
    assert "2026-03-01, added with status under consideration; 2026-03-21, status under consideration → signed" in status
    assert "last changed in the atlas 2026-03-21" in partnership

    changes = pages["changes.md"]
    assert "## Not yet released" in changes and "## Release v1.0 (2026-03-01)" in changes
    readers, log = changes.split('<details class="atlas-editors-log">')
    signed = "(partnership): status under consideration → signed"
    assert "- 2026-03-21 · [India–Canada critical minerals cooperation](partnerships/india-canada.md) " + signed in readers
    assert "India-Canada agreement signed" not in readers and "Import the data" not in readers
    assert "India-Canada agreement signed (1 entry)" in log
    files = exports(project.build().graph, history, "https://atlas.example/")
    feed = check_atom(files["feeds/partnerships/india-canada.xml"])
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}updated").text for e in entries] == ["2026-03-21T09:30:00+00:00", "2026-03-01T10:00:00+00:00"]
    assert "status under consideration → signed" in entries[0].find(f"{ATOM}title").text
    atlas_feed = check_atom(files["feeds/atlas.xml"])
    assert (
        atlas_feed.find(f"{ATOM}entry/{ATOM}title").text
        == "India–Canada critical minerals cooperation: status under consideration → signed"
    )
    assert f'"data_version": "v1.0+1.{head}"' in files["api/v1/partnerships/india-canada.json"]
    assert history.lastmod[PARTNERSHIP] == "2026-03-21"


def test_history_is_reproducible_and_read_in_one_log_pass(repo, monkeypatch):
    import atlas.git

    calls = []
    real = atlas.git.subprocess.run
    monkeypatch.setattr(atlas.git.subprocess, "run", lambda args, **kw: calls.append(args[1]) or real(args, **kw))
    first = Project(repo).build().history
    assert calls == ["show-ref", "rev-parse", "log", "cat-file", "cat-file"]  # sizes, then contents
    assert Project(repo).build().history == first
    assert calls[5:] == ["show-ref"]  # no ref moved (`mkdocs serve` asks on every save): not read again
    (repo / "releases.yaml").write_text("- v1.0\n- v1.1\n", encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "Release v1.1")
    assert Project(repo).build().history.version == "v1.1"  # a new commit is read


@pytest.mark.slow
def test_site_built_from_git_dates_pages_and_shows_the_version(repo):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(repo / "site")],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    site = repo / "site"
    urls = ET.parse(site / "sitemap.xml").getroot()
    lastmod = {u.findtext("{*}loc").split("atlas/", 1)[1]: u.findtext("{*}lastmod") for u in urls}
    assert lastmod["partnerships/india-canada/"] == "2026-03-21"
    assert lastmod["minerals/lithium/"] == "2026-03-01"
    head = _git(repo, "rev-parse", "--short=7", "HEAD").strip()
    assert f"Data version v1.0+1.{head}." in (site / "about" / "index.html").read_text(encoding="utf-8")
    check_atom((site / "feeds/partnerships/india-canada.xml").read_text(encoding="utf-8"))
    pages = sorted(site.rglob("*.html"))
    prefix = urlsplit(yaml.safe_load((repo / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]).path
    assert len(pages) > 20
    for page in pages:  # every page announces the atlas's feed to feed readers; entity pages their own too
        feeds = {
            href.removeprefix(prefix)
            if href.startswith("/")
            # 404.html: absolute, from site_url
            else posixpath.normpath(posixpath.join(page.parent.relative_to(site).as_posix(), href))
            for href in re.findall(
                r'<link rel="alternate feed" type="application/atom\+xml" title="[^"]*" href="([^"]+)"',
                page.read_text(encoding="utf-8"),
            )
        }
        assert "feeds/atlas.xml" in feeds, page
        assert all((site / feed).is_file() for feed in feeds), (page, feeds)
        if page.parent.parent.name in {"partnerships", "minerals", "sources"} and page.parent.parent.parent == site:
            assert f"feeds/{page.parent.parent.name}/{page.parent.name}.xml" in feeds, page
    assert "feeds/status.xml" in page.parent.joinpath("../changes/index.html").read_text(encoding="utf-8")


def test_without_git_history_the_site_says_so(mini):
    history = Project(mini).build().history
    assert not history.available and history.version == "unversioned"
    pages = {page.path: page.body for page in Project(mini).pages()}
    assert "History unavailable" in pages["changes.md"] and "without git history" in pages["changes.md"]
    assert "When this atlas recorded each status is unknown" in pages["partnerships/india-canada.md"]
    feed = check_atom(exports(Project(mini).build().graph, history)["feeds/atlas.xml"])
    assert feed.findall(f"{ATOM}entry") == []


def test_a_release_is_cut_by_the_commit_that_lists_it(repo):
    (repo / "releases.yaml").write_text("- v1.0\n- v1.1\n- 'v2<b>'\n", encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "Release", date="2026-04-01T10:00:00+00:00")
    history = Project(repo).build().history
    assert history.version.startswith("v1.0+1.") and history.releases[0].version is None
    assert history.skipped == [f"releases.yaml: unreadable at {_short(repo)} (not a list of versions such as v1.0); skipped"]
    (repo / "releases.yaml").write_text("- v1.0\n- v1.1\n", encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "Release v1.1", date="2026-04-02T10:00:00+00:00")
    history = Project(repo).build().history
    assert history.version == "v1.1"
    assert [(r.version, r.date, len(r.changes)) for r in history.releases] == [
        ("v1.1", "2026-04-02", 1),
        ("v1.0", "2026-03-01", 10),
    ]


def _short(repo) -> str:
    return _git(repo, "rev-parse", "--short=7", "HEAD").strip()


def _commit(repo, message: str, date: str) -> str:
    _git(repo, "commit", "-q", "-am", message, date=date)
    return _short(repo)


def test_a_malformed_commit_then_its_fix_is_skipped_and_said_not_a_traceback(repo):
    path = repo / PARTNERSHIP
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("timeline:\n", "timeline: [oops\n"), encoding="utf-8")  # not YAML
    broken = _commit(repo, "Break the file", "2026-04-01T10:00:00+00:00")
    path.write_text(
        good.replace("timeline:\n", "timeline: oops\ntimeline_:\n").replace("\nstatus: signed", "\nstatus: [a, b]"),
        encoding="utf-8",
    )
    _commit(repo, "A mapping of the wrong shape", "2026-04-02T10:00:00+00:00")
    path.write_text(good.replace("  - date: 2026-01-20\n", "  - 1\n  - x: 1\n  - date: 2026-01-20\n"), encoding="utf-8")
    _commit(repo, "Events of the wrong shape", "2026-04-03T10:00:00+00:00")
    path.write_text(good.replace("Both governments signed", "The two governments signed"), encoding="utf-8")
    _commit(repo, "Fix it", "2026-04-04T10:00:00+00:00")
    history = Project(repo).build().history
    assert history.available
    assert history.skipped == [f"{PARTNERSHIP}: unreadable at {broken} (not valid YAML); skipped"]
    assert [c.commit.day for c in history.of("partnerships", "india-canada")][:3] == ["2026-04-04", "2026-04-03", "2026-04-02"]
    assert "status signed → none" in history.of("partnerships", "india-canada")[2].summary
    pages = {page.path: page.body for page in Project(repo).pages()}
    assert f"unreadable at {broken}" in pages["changes.md"]
    check_atom(exports(Project(repo).build().graph, history, "https://atlas.example/")["feeds/atlas.xml"])


def test_an_old_blob_over_the_size_limit_is_not_read(repo):
    big = repo / "data/sources/big.yaml"
    with big.open("wb") as out:
        out.write(b"id: big\ntitle: ")
        for _ in range(60):
            out.write(b"x" * (1 << 20))
    _git(repo, "add", "-A")
    added = _commit(repo, "A 60 MB file", "2026-04-01T10:00:00+00:00")
    size = big.stat().st_size
    big.unlink()
    _commit(repo, "Remove it", "2026-04-02T10:00:00+00:00")
    tracemalloc.start()
    started = time.process_time()  # this process's CPU time: a busy machine does not add to it
    history = Project(repo).build().history
    elapsed = time.process_time() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 1.5 and peak < 8 * 2**20, (elapsed, peak)
    assert history.skipped == [
        f"data/sources/big.yaml: unreadable at {added} ({size:,} bytes, over the "
        f"262,144-byte limit for data files: not read); skipped"
    ]
    assert history.of("sources", "big") == []


def test_control_characters_in_a_subject_break_nothing(repo):
    (repo / PARTNERSHIP).write_text((repo / PARTNERSHIP).read_text(encoding="utf-8").replace("Both", "The two"), encoding="utf-8")
    _commit(repo, "Edit \x1e the \x01 event \x1f", "2026-04-01T10:00:00+00:00")
    history = Project(repo).build().history
    assert history.available and history.version.startswith("v1.0+2.")
    assert history.changes[0].commit.subject == "Edit  the  event "
    assert [c.commit.day for c in history.of("partnerships", "india-canada")] == ["2026-04-01", "2026-03-21", "2026-03-01"]
    for text in exports(Project(repo).build().graph, history, "https://atlas.example/").values():
        assert not set(text) & set(map(chr, range(0x20))) - {"\n", "\r"}
