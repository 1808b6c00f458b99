"""The record's rules (atlas/rules.py): each one refuses the data it exists to refuse, with one
`file:line:` message, and lets honest data through."""

from __future__ import annotations

import pytest

from conftest import run_atlas
from test_validate import PARTNERSHIP, edit, problems

NEWS, STATEMENT = "data/sources/example-news.yaml", "data/sources/example-statement.yaml"
REPORTED_EVENT = "    evidence: reported\n    status: under-consideration\n"

CASES = {
    "official event citing only news": (
        [(PARTNERSHIP, REPORTED_EVENT, REPORTED_EVENT.replace("reported", "official"))],
        "data/partnerships/india-canada.yaml:37: timeline[1].evidence: 'official' needs a source of kind official, "
        "but this claim cites only news; cite such a source, or lower the evidence level",
    ),
    "official entity with no official source in its file": (
        [
            (PARTNERSHIP, "evidence: reported\n", "evidence: official\n"),
            (
                PARTNERSHIP,
                "    evidence: official\n    sources: [example-statement]",
                "    evidence: reported\n    sources: [example-news]",
            ),
            (PARTNERSHIP, "sources: [example-news, example-statement]", "sources: [example-news]"),
        ],
        "data/partnerships/india-canada.yaml:12: evidence: 'official' needs a source of kind official, "
        "but this entity's file cites only news; cite such a source, or lower the evidence level",
    ),
    "attributed claim resting only on a secondary copy": (
        [
            (NEWS, "kind: news", "kind: secondary"),
            ("data/minerals/lithium.yaml", "    evidence: reported", "    evidence: attributed"),
        ],
        "data/minerals/lithium.yaml:11: facts[0].evidence: 'attributed' needs a source of kind official or news or "
        "research or reference, but this claim cites only secondary; cite such a source, or lower the evidence level",
    ),
    "source kind disagrees with its host": (
        [("schemas/source-hosts.yaml", "", "news.example.org: secondary\n")],
        "data/sources/example-news.yaml:4: kind: pages on news.example.org are 'secondary' sources "
        "(schemas/source-hosts.yaml), but this says 'news'; correct the kind, or the host's class in a pull request that says why",
    ),
    "event retold on a page that links to its page": (
        [
            (
                PARTNERSHIP,
                "timeline:\n",
                "timeline:\n  - date: 2025-01-29\n    event: India approved its mission.\n"
                "    evidence: official\n    sources: [example-statement]\n",
            )
        ],
        "data/policies/national-critical-mineral-mission.yaml:10: timeline[0]: the event of 2025-01-29 from "
        "'example-statement' is also told in data/partnerships/india-canada.yaml and one page links to the other; "
        "tell the event once and link to that page",
    ),
    "source cited nowhere": (
        [(NEWS, "", None)],
        "data/sources/uncited.yaml:1: source 'uncited' is cited nowhere; cite it where it supports a claim, or delete the file",
    ),
}


def apply(root, edits):
    for relative, old, new in edits:
        path = root / relative
        if new is None:  # a copy of the file under another id
            text = path.read_text(encoding="utf-8").replace("id: example-news", "id: uncited")
            (path.parent / "uncited.yaml").write_text(text, encoding="utf-8")
        elif not path.exists():
            path.write_text(new, encoding="utf-8")
        else:
            edit(root, relative, old, new)


@pytest.mark.parametrize("case", sorted(CASES))
def test_rule_refuses(mini, case):
    edits, expected = CASES[case]
    apply(mini, edits)
    assert problems(mini) == [expected]


def test_a_round_up_article_may_serve_two_unlinked_pages(mini):
    """Two pages that do not link each other may tell their own events from one article of the same date."""
    edit(mini, PARTNERSHIP, "policies: [national-critical-mineral-mission]", "policies: []")
    edit(
        mini,
        "data/policies/national-critical-mineral-mission.yaml",
        "timeline:\n",
        "timeline:\n  - date: 2026-02-10\n    event: The mission's budget was said to be under review.\n"
        "    evidence: reported\n    sources: [example-news]\n",
    )
    assert run_atlas(mini, "validate").returncode == 0


def test_a_copied_event_is_refused_even_between_unlinked_pages(mini):
    edit(mini, PARTNERSHIP, "policies: [national-critical-mineral-mission]", "policies: []")
    edit(
        mini,
        "data/policies/national-critical-mineral-mission.yaml",
        "timeline:\n",
        "timeline:\n  - date: 2026-02-10\n    event: An agreement was reported to be under active consideration.\n"
        "    evidence: reported\n    sources: [example-news]\n",
    )
    assert any("the texts are copies" in line for line in problems(mini))


def test_host_list_mistakes_name_the_line(mini):
    (mini / "schemas" / "source-hosts.yaml").write_text("pib.gov.in: official\nexample.org: rumour\n", encoding="utf-8")
    result = run_atlas(mini, "validate")
    assert result.returncode == 1
    assert (
        "schemas/source-hosts.yaml:2: example.org: 'rumour' is not a source kind; choose one of: "
        "official, news, research, reference, secondary" in result.stderr
    )


def test_a_subdomain_takes_its_listed_parent_class():
    from atlas.rules import host_class

    hosts = {"gov.in": "official", "news.example.org": "news"}
    assert host_class("https://pib.gov.in/PressReleasePage.aspx?PRID=1", hosts) == ("gov.in", "official")
    assert host_class("https://www.news.example.org/a", hosts) == ("news.example.org", "news")
    assert host_class("https://example.org/a", hosts) is None
    assert host_class("https://notgov.in/a", hosts) is None
    assert host_class("https://[pib.gov.in/a", hosts) is None  # found by tests/test_property.py
