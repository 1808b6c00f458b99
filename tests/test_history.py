"""Change history from git, on a scripted repository: a status transition appears on the
partnership page, in its feed and on the changes page; versions come from tags and commits;
a copy without git history still builds and says so."""
from __future__ import annotations

import os
import subprocess
import sys
from xml.etree import ElementTree as ET

import pytest

from atlas.export import exports
from atlas.project import Project
from test_opendata import ATOM, check_atom

PARTNERSHIP = "data/partnerships/india-canada.yaml"


def _git(root, *args: str, date: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(mini):
    """The mini project as a git repository: imported, tagged v1.0, then the partnership signed."""
    _git(mini, "init", "-q", "-b", "main")
    _git(mini, "add", "-A")
    _git(mini, "commit", "-q", "-m", "Import the data", date="2026-03-01T10:00:00+00:00")
    _git(mini, "tag", "v1.0")
    path = mini / PARTNERSHIP
    text = path.read_text(encoding="utf-8")
    text = text.replace("\nstatus: under-consideration\n", "\nstatus: signed\n").replace("status_confirmed: 2026-02-10", "status_confirmed: 2026-03-20")
    text = text.replace("    status: under-consideration\n    evidence:", "    status: signed\n    evidence:")  # the instrument's
    text = text.replace("sources: [example-news, example-statement]\n",
                        "  - date: 2026-03-20\n    instrument: canada-agreement\n    event: Both governments signed the agreement.\n    status: signed\n"
                        "    evidence: official\n    sources: [example-statement]\n"
                        "sources: [example-news, example-statement]\n")
    path.write_text(text, encoding="utf-8")
    _git(mini, "commit", "-q", "-am", "India-Canada agreement signed", date="2026-03-21T09:30:00+00:00")
    return mini


def test_status_transition_shows_on_the_page_the_feed_and_the_changes_page(repo):
    project = Project(repo)
    history = project.history()
    head = _git(repo, "rev-parse", "--short=7", "HEAD").strip()
    assert history.available and history.version == f"v1.0+1.{head}"
    assert [(r.tag, r.date) for r in history.releases] == [(None, None), ("v1.0", "2026-03-01")]

    pages = {page.path: page.body for page in project.pages(project.graph(), history)}
    partnership = pages["partnerships/india-canada.md"]
    status = partnership[partnership.index("## Status history"):partnership.index("## Timeline")]
    rows = [line for line in status.splitlines() if line.startswith("| <span")]
    assert "2026-02-10" in rows[0] and "| under consideration (India–Canada agreement on critical minerals) |" in rows[0]
    assert "2026-03-20" in rows[1] and "| signed (India–Canada agreement on critical minerals) | Both governments signed the agreement." in rows[1]
    assert "2026-03-01, added with status under consideration; 2026-03-21, status under consideration → signed" in status
    assert "last changed in the atlas 2026-03-21" in partnership

    changes = pages["changes.md"]
    assert "## Since the last release" in changes and "## v1.0" in changes
    signed = changes[changes.index("### 2026-03-21"):]
    assert signed.startswith("### 2026-03-21: India-Canada agreement signed")
    assert "status under consideration → signed; changed status confirmed, instruments, timeline; new event 2026-03-20" in signed

    files = exports(project.graph(), history, "https://atlas.example/")
    feed = check_atom(files["feeds/partnerships/india-canada.xml"])
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}updated").text for e in entries] == ["2026-03-21T09:30:00+00:00", "2026-03-01T10:00:00+00:00"]
    assert "status under consideration → signed" in entries[0].find(f"{ATOM}title").text
    atlas_feed = check_atom(files["feeds/atlas.xml"])
    assert atlas_feed.find(f"{ATOM}entry/{ATOM}title").text == "2026-03-21: India-Canada agreement signed"
    assert f'"data_version": "v1.0+1.{head}"' in files["api/v1/partnerships/india-canada.json"]
    assert history.lastmod[PARTNERSHIP] == "2026-03-21"


def test_history_is_reproducible_and_read_in_one_log_pass(repo, monkeypatch):
    import atlas.diff

    calls = []
    real = atlas.diff.subprocess.run
    monkeypatch.setattr(atlas.diff.subprocess, "run", lambda args, **kw: calls.append(args[1]) or real(args, **kw))
    first = Project(repo).history()
    assert calls == ["show-ref", "rev-parse", "log", "cat-file"]
    assert Project(repo).history() == first
    assert calls[4:] == ["show-ref"]  # no ref moved (`mkdocs serve` asks on every save): not read again
    _git(repo, "tag", "v1.1")
    assert Project(repo).history().version == "v1.1"  # a new tag (or commit) is read


@pytest.mark.slow
def test_site_built_from_git_dates_pages_and_shows_the_version(repo):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(repo / "site")], cwd=repo,
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    site = repo / "site"
    urls = ET.parse(site / "sitemap.xml").getroot()
    lastmod = {u.findtext("{*}loc").split("atlas/", 1)[1]: u.findtext("{*}lastmod") for u in urls}
    assert lastmod["partnerships/india-canada/"] == "2026-03-21"
    assert lastmod["minerals/lithium/"] == "2026-03-01"
    head = _git(repo, "rev-parse", "--short=7", "HEAD").strip()
    assert f"Data version v1.0+1.{head}." in (site / "about" / "index.html").read_text(encoding="utf-8")
    check_atom((site / "feeds/partnerships/india-canada.xml").read_text(encoding="utf-8"))


def test_without_git_history_the_site_says_so(mini):
    history = Project(mini).history()
    assert not history.available and history.version == "unversioned"
    pages = {page.path: page.body for page in Project(mini).pages()}
    assert "History unavailable" in pages["changes.md"] and "without git history" in pages["changes.md"]
    assert "When this atlas recorded each status is unknown" in pages["partnerships/india-canada.md"]
    feed = check_atom(exports(Project(mini).graph(), history)["feeds/atlas.xml"])
    assert feed.findall(f"{ATOM}entry") == []


def test_a_tag_on_the_last_change_is_the_version_in_safe_characters(repo):
    _git(repo, "tag", "v2<b>&")
    history = Project(repo).history()
    assert history.version == "v2-b--" and history.releases[0].tag == "v2-b--"
