"""The Atom feeds stay well-formed XML whatever the data and the commit subjects hold."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from atlas.export import exports
from atlas.feeds import atom
from atlas.project import Project
from test_history import PARTNERSHIP, _commit, repo  # noqa: F401 (the fixture)
from test_opendata import ATOM, check_atom

CONTROLS = "".join(map(chr, [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])) + "\ufffe\uffff"


def test_a_feed_drops_what_xml_cannot_hold():
    entry = {
        "id": "tag:x,2026:\x01",
        "title": f"A{CONTROLS}B",
        "updated": "2026-01-01T00:00:00Z",
        "link": "https://atlas.example/\x02",
        "text": "line\tone\nline\x01two",
    }
    feed = ET.fromstring(atom("T\x01", "https://atlas.example/\x03", "https://atlas.example/", "2026-01-01", [entry]))
    assert feed.find(f"{ATOM}entry/{ATOM}title").text == "AB"
    assert feed.find(f"{ATOM}entry/{ATOM}content").text == "line\tone\nlinetwo"


def test_control_characters_in_old_data_and_in_a_subject_keep_the_feeds_valid(repo):  # noqa: F811
    path = repo / PARTNERSHIP
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("event: Both governments signed the agreement.", 'event: "Both\\x01 signed."'), encoding="utf-8")
    _commit(repo, "A \x01 title \x1e", "2026-04-01T10:00:00+00:00")
    path.write_text(good, encoding="utf-8")
    _commit(repo, "Fix \x01 it", "2026-04-02T10:00:00+00:00")
    history = Project(repo).build().history
    # the loader refuses U+0001 in data, so the old file is skipped with a note, never fed through
    assert any("data/partnerships/india-canada.yaml: unreadable at" in note for note in history.skipped)
    assert all("\x01" not in commit.subject and "\x1e" not in commit.subject for commit, _ in history.by_commit())
    files = exports(Project(repo).build().graph, history, "https://atlas.example/")
    feeds = {path: check_atom(text) for path, text in files.items() if path.startswith("feeds/")}
    assert feeds["feeds/partnerships/india-canada.xml"].findall(f"{ATOM}entry")
    assert not any("\x01" in text for text in files.values() if isinstance(text, str))
