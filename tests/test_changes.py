""" "What changed" and the feeds for readers: built from the data's own comparison, counted back
from the data's latest change (never the clock), without commit messages outside the editors' log."""

from __future__ import annotations

import re

from atlas.export import exports
from atlas.project import Project
from test_history import PARTNERSHIP, _commit, _git, repo  # noqa: F401 (the fixture)
from test_opendata import ATOM, check_atom

SUBJECTS = ["Import the data", "India-Canada agreement signed", "TODO delete the example entry", "Tidy the README"]


def _section(page: str, heading: str) -> str:
    return page.split(f"\n{heading}\n", 1)[1].split("\n## ", 1)[0]


def test_the_recent_views_show_only_data_changes_counted_from_the_latest(repo):  # noqa: F811
    path = repo / PARTNERSHIP
    path.write_text(path.read_text(encoding="utf-8").replace("Both governments", "The two governments"), encoding="utf-8")
    _commit(repo, SUBJECTS[2], "2026-05-10T10:00:00+00:00")
    (repo / "CONTRIBUTING.md").write_text("Tidied.\n", encoding="utf-8")
    _commit(repo, SUBJECTS[3], "2026-09-01T10:00:00+00:00")  # not data: not a change for readers
    history = Project(repo).build().history
    assert history.latest == "2026-05-10"
    page = {p.path: p.body for p in Project(repo).pages()}["changes.md"]
    readers, log = page.split('<details class="atlas-editors-log">')
    assert not [subject for subject in SUBJECTS if subject in readers]
    assert all(subject in log for subject in SUBJECTS[:3]) and SUBJECTS[3] not in log

    last30, last90 = _section(readers, "## Last 30 days"), _section(readers, "## Last 90 days")
    assert "(2026-05-10): 1 new or corrected event." in last30  # the event edited on 05-10, and nothing else
    assert re.findall(r"\d{4}-\d\d-\d\d ·", last30) == []  # an event is told in its month, not listed here
    assert (
        "(2026-05-10): 1 status change, 8 new entries, 2 new or corrected events, 1 correction or update, 2 new sources."
        in last90
    )
    assert (
        "- 2026-03-21 · [India–Canada critical minerals cooperation](partnerships/india-canada.md) (partnership): "
        "status under consideration → signed" in last90
    )
    may = _section(readers, "## Not yet released").split("### May 2026\n", 1)[1].split("\n### ", 1)[0]
    assert (
        "- 2026-05-10 · [India–Canada critical minerals cooperation](partnerships/india-canada.md) (partnership): "
        "2026-03-20, The two governments signed the agreement." in may
    )


def test_feeds_tell_data_changes_and_the_status_feed_only_status_changes(repo):  # noqa: F811
    (repo / "data/sources/example-news.yaml").write_text(
        (repo / "data/sources/example-news.yaml").read_text(encoding="utf-8").replace("title: ", "title: Corrected "),
        encoding="utf-8",
    )
    _commit(repo, SUBJECTS[2], "2026-04-01T10:00:00+00:00")
    files = exports(Project(repo).build().graph, Project(repo).build().history, "https://atlas.example/")
    feeds = {name: check_atom(files[f"feeds/{name}.xml"]) for name in ("atlas", "status")}
    texts = {name: " ".join(e.text or "" for e in feed.iter()) for name, feed in feeds.items()}
    assert not [subject for subject in SUBJECTS for text in texts.values() if subject in text]
    titles = {name: [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")] for name, feed in feeds.items()}
    assert titles["atlas"][0].endswith(": changed title")
    assert titles["status"] == [
        "India–Canada critical minerals cooperation: status under consideration → signed",
        "India–Canada critical minerals cooperation: added with status under consideration",
    ]


def test_an_instruments_corrected_title_stays_text_on_the_changes_page_and_in_the_feeds(repo):  # noqa: F811
    """The words for a correction inside an instrument carry its (contributor's) title: escaped on
    the page as every data text is, and plain text in valid Atom."""
    payload = "<script>alert(1)</script> [x](javascript:alert(1)) *agreement*"
    path = repo / PARTNERSHIP
    text = path.read_text(encoding="utf-8").replace("title: India–Canada agreement on critical minerals", f'title: "{payload}"')
    path.write_text(text, encoding="utf-8")
    _commit(repo, SUBJECTS[2], "2026-04-01T10:00:00+00:00")
    project = Project(repo)
    page = {p.path: p.body for p in project.pages()}["changes.md"].split('<details class="atlas-editors-log">')[0]
    corrected = [line for line in page.splitlines() if "2026-04-01 ·" in line and ": title" in line]
    assert corrected and "<script>" not in page and "](javascript:" not in page and "*agreement*" not in corrected[0]
    feed = check_atom(exports(project.build().graph, project.build().history, "https://atlas.example/")["feeds/atlas.xml"])
    assert any(payload + ": title" in (e.text or "") for e in feed.iter())
