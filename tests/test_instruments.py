"""Instruments and commitments (SPEC-instruments.md): each rule refuses the data it exists to
refuse with a `file:line: field:` message, and the lifecycle derives and infers as the spec says."""

from __future__ import annotations

import pytest

from atlas import lifecycle
from atlas.instruments import _backed
from conftest import run_atlas
from test_validate import PARTNERSHIP, edit, problems

DATES = (
    "    evidence: reported\n    sources: [example-news]\ntimeline:",
    "    evidence: reported\n    dates:\n      signed: 2026-02-10\n    sources: [example-news]\n    commitments:\n"
    "      - id: joint-study\n        text: A joint study of lithium deposits.\n        kind: study\n"
    "        strength: intent\n        quantity: {value: 2, unit: USD million}\n        deadline: none_stated\n"
    "        announced: formalised\n        delivery: in-progress\n        delivery_basis: stated\n"
    "        delivered_by:\n          - event: considered\n        last_checked: 2026-11-25\n"
    "        evidence: official\n        sources: [example-statement]\ntimeline:",
)


@pytest.fixture
def converted(mini):
    """The mini project's instrument with a date and a commitment: valid."""
    edit(mini, PARTNERSHIP, *DATES)
    return mini


def test_converted_data_passes(converted):
    result = run_atlas(converted, "validate")
    assert result.returncode == 0, result.stderr


def test_every_partnership_has_an_instrument(mini):
    text = (mini / PARTNERSHIP).read_text(encoding="utf-8")
    edit(mini, PARTNERSHIP, text[text.index("instruments:\n") : text.index("timeline:\n")], "instruments: []\n")
    assert problems(mini) == [
        "data/partnerships/india-canada.yaml:15: instruments: needs at least one item; record at "
        "least one: the request, talks, MoU, agreement or statement the partnership's status rests "
        "on, each with the timeline event that establishes its status (CONTRIBUTING.md)"
    ]
    edit(mini, PARTNERSHIP, "instruments: []\n", "")
    assert problems(mini) == ["data/partnerships/india-canada.yaml:2: missing required field 'instruments'"]


CASES = {
    "a date no event carries": (
        [("      signed: 2026-02-10", "      signed: 2026-02-11")],
        "data/partnerships/india-canada.yaml:26: instruments[0].dates.signed: no timeline event names 'canada-agreement' "
        "on 2026-02-11; add 'instrument: canada-agreement' to the event of that date, or correct the date",
    ),
    "a status its latest event does not carry": (
        [
            (
                "    status: under-consideration\n    evidence: reported\n    dates:",
                "    status: in-talks\n    evidence: reported\n    dates:",
            ),
            ("status: under-consideration\nstatus_confirmed", "status: in-talks\nstatus_confirmed"),
        ],
        "data/partnerships/india-canada.yaml:23: instruments[0].status: the latest event that names 'canada-agreement' "
        "with a status (2026-02-10) says 'under-consideration', not 'in-talks'; set the status the events prove, "
        "or add the event that establishes it",
    ),
    "an instrument status no event carries": (
        [("    evidence: reported\n    status: under-consideration\n", "    evidence: reported\n")],
        "data/partnerships/india-canada.yaml:23: instruments[0].status: 'under-consideration' needs a timeline event "
        "with 'instrument: canada-agreement' and 'status: under-consideration' (a text put forward for approval or "
        "signature); add that event with its source",
    ),
    "a partnership status its instruments do not support": (
        [("status: under-consideration\nstatus_confirmed", "status: signed\nstatus_confirmed")],
        "data/partnerships/india-canada.yaml:10: status: 'signed' is not the highest status among the instruments; use 'under-consideration'",
    ),
    "status confirmed on another date than the instruments'": (
        [("status_confirmed: 2026-02-10", "status_confirmed: 2026-01-20")],
        "data/partnerships/india-canada.yaml:11: status_confirmed: 2026-01-20 is not the earliest date since which an "
        "instrument has been 'under-consideration'; use 2026-02-10",
    ),
    "minerals that no instrument covers": (
        [("    minerals: [lithium, cobalt]\n", "    minerals: [lithium]\n")],
        "data/partnerships/india-canada.yaml:13: minerals: the minerals must be those of the instruments; remove cobalt "
        "(or add an instrument that covers it)",
    ),
    "an event naming an unknown instrument": (
        [("    id: formalised\n    instrument: canada-agreement\n", "    id: formalised\n    instrument: canada-mou\n")],
        "data/partnerships/india-canada.yaml:46: timeline[0].instrument: 'canada-mou' is not an instrument of this file; "
        "use one of: canada-agreement",
    ),
    "two events with one id": (
        [("    id: considered\n", "    id: formalised\n"), ("          - event: considered", "          - event: formalised")],
        "data/partnerships/india-canada.yaml:51: timeline[1].id: event id 'formalised' is used more than once here; "
        "give each event its own id",
    ),
    "two instruments with one id": (
        [
            (
                "instruments:\n",
                "instruments:\n  - id: canada-agreement\n    title: A second record\n    type: mou\n    minerals: []\n"
                "    stages: []\n    status: under-consideration\n    evidence: reported\n    sources: [example-news]\n",
            )
        ],
        "data/partnerships/india-canada.yaml:24: instruments[1].id: instrument id 'canada-agreement' is used more than "
        "once here; give each instrument its own id",
    ),
    "two commitments with one id": (
        [
            (
                "        sources: [example-statement]\n",
                "        sources: [example-statement]\n      - id: joint-study\n"
                "        text: Again.\n        kind: study\n        strength: intent\n        quantity: unquantified\n"
                "        deadline: none_stated\n        announced: formalised\n        delivery: announced\n"
                "        delivery_basis: inferred\n        last_checked: 2026-11-25\n        evidence: official\n"
                "        sources: [example-statement]\n",
            )
        ],
        "data/partnerships/india-canada.yaml:43: instruments[0].commitments[1].id: commitment id 'joint-study' is used "
        "more than once here; give each commitment its own id",
    ),
    "a commitment announced by no event": (
        [("        announced: formalised", "        announced: agreed")],
        "data/partnerships/india-canada.yaml:35: instruments[0].commitments[0].announced: no timeline event has the id "
        "'agreed'; give the event 'id: agreed', or name an event id of this file",
    ),
    "a delivery claimed by its announcement only": (
        [
            ("        delivery: in-progress", "        delivery: delivered"),
            ("          - event: considered", "          - event: formalised"),
        ],
        "data/partnerships/india-canada.yaml:38: instruments[0].commitments[0].delivered_by: 'delivered' needs a "
        "delivered_by event other than the announcement; name the event that shows delivery, or set the delivery the "
        "events show",
    ),
    "a delivery shown by one news report": (
        [("        delivery: in-progress", "        delivery: partly-delivered")],
        "data/partnerships/india-canada.yaml:39: instruments[0].commitments[0].delivered_by[0].event: the event "
        "'considered' does not show delivery on its own: cite an official source for it, or two sources of different "
        "publishers that are not secondary",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_rule_refuses(converted, case):
    edits, expected = CASES[case]
    for old, new in edits:
        edit(converted, PARTNERSHIP, old, new)
    assert problems(converted) == [expected]


def test_delivery_backed_by_official_or_two_independent_publishers():
    sources = {
        name: type("Doc", (), {"data": data})()
        for name, data in {
            "gov": {"kind": "official", "publisher": "Ministry"},
            "a": {"kind": "news", "publisher": "A"},
            "a2": {"kind": "news", "publisher": "A"},
            "b": {"kind": "news", "publisher": "B"},
            "copy": {"kind": "secondary", "publisher": "C"},
        }.items()
    }
    assert _backed({"sources": ["gov"]}, sources)
    assert _backed({"sources": ["a", "b"]}, sources)
    assert not _backed({"sources": ["a", "a2"]}, sources)  # one publisher twice
    assert not _backed({"sources": ["a", "copy"]}, sources)  # a copy is not a second witness


RANK = ["in-force", "signed", "adopted", "under-consideration", "in-talks", "requested", "stalled", "superseded", "lapsed"]


def _partnership(*instruments, timeline=()):
    return {"instruments": [{"id": i, "status": s, "minerals": m} for i, s, m in instruments], "timeline": list(timeline)}


def test_partnership_status_per_mineral_from_its_instruments():
    data = _partnership(
        ("mou", "signed", ["copper"]),
        ("nda", "in-talks", ["lithium"]),
        ("fta", "in-talks", ["lithium", "copper"]),
        timeline=[
            {"date": "2024-07-31", "instrument": "nda", "status": "in-talks"},
            {"date": "2025-04-01", "instrument": "mou", "status": "signed"},
            {"date": "2025-04-01", "instrument": "fta", "status": "in-talks"},
            {"date": "2026-01-30", "instrument": "fta"},
        ],
    )
    copper = lifecycle.partnership_standing(data, RANK, "2026-11-28", "copper")
    lithium = lifecycle.partnership_standing(data, RANK, "2026-11-28", "lithium")
    assert (copper.status, copper.since) == ("signed", "2025-04-01")
    assert (lithium.status, lithium.since, lithium.confirmed, lithium.shown) == (
        "in-talks",
        "2024-07-31",
        "2026-01-30",
        "in-talks",
    )
    assert lifecycle.partnership_standing(data, RANK, "2026-11-28", "cobalt") is None


@pytest.mark.parametrize(
    "last_event, inferred, lapsing",
    [
        ("2024-11-28", False, False),  # exactly 24 months before the as-of date
        ("2024-11-27", True, False),  # a day more
        ("2022-11-27", True, True),  # more than 48 months
    ],
)
def test_talks_without_news_read_as_stalled_inferred(last_event, inferred, lapsing):
    data = _partnership(
        ("talks", "in-talks", ["lithium"]), timeline=[{"date": last_event, "instrument": "talks", "status": "in-talks"}]
    )
    standing = lifecycle.instrument_standing(data, data["instruments"][0], "2026-11-28")
    assert (standing.inferred, standing.lapsing) == (inferred, lapsing)
    assert standing.shown == ("stalled" if inferred else "in-talks")
    assert lifecycle.instrument_standing(data, data["instruments"][0]).inferred is False  # no as-of date: as stored


def test_signed_instruments_and_delivered_commitments_are_never_inferred():
    data = _partnership(
        ("mou", "signed", []),
        timeline=[
            {"date": "2010-01-01", "id": "signed", "instrument": "mou", "status": "signed"},
            {"date": "2011-01-01", "id": "shipped"},
        ],
    )
    assert not lifecycle.instrument_standing(data, data["instruments"][0], "2026-11-28").inferred
    delivered = {"announced": "signed", "delivered_by": [{"event": "shipped"}], "delivery": "delivered"}
    assert not lifecycle.commitment_standing(data, delivered, "2026-11-28").inferred
    pending = {**delivered, "delivery": "in-progress"}
    assert lifecycle.commitment_standing(data, pending, "2026-11-28").confirmed == "2011-01-01"
    assert lifecycle.commitment_standing(data, pending, "2026-11-28").lapsing


def test_months_before_keeps_to_the_calendar():
    assert lifecycle.months_before("2026-03-31", 1) == "2026-02-28"
    assert lifecycle.months_before("2026-11-28", 24) == "2024-11-28"


def _render(root, tmp_path):
    result = run_atlas(root, "render", "--out", str(tmp_path / "pages"))
    assert result.returncode == 0, result.stderr
    return lambda path: (tmp_path / "pages" / path).read_text(encoding="utf-8")


def test_partnership_page_says_what_was_agreed_and_what_came_of_it(converted, tmp_path):
    read = _render(converted, tmp_path)
    page = read("partnerships/india-canada.md")
    agreed, came = page.split("## What was agreed", 1)[1].split("## What came of it", 1)
    assert (
        "- **India–Canada agreement on critical minerals**: agreement; parties: [Canada](../countries/canada.md), "
        "[Khanij Bidesh India Limited](../organizations/kabil.md); minerals: [Lithium](../minerals/lithium.md), "
        "[Cobalt](../minerals/cobalt.md). Status: "
    ) in agreed
    assert "under consideration</span> since 2026-02-10; *last confirmed* 2026-02-10; signed 2026-02-10." in agreed
    assert (
        'Delivery: <span class="atlas-mark atlas-delivery atlas-delivery-in-progress">in progress</span>, stated by a source; '
        "checked 2026-11-25. Shown by: 2026-02-10, An agreement was reported"
    ) in came
    assert (
        "Study, intent; amount: 2 USD million; deadline: none stated; in *India–Canada agreement on critical minerals*." in came
    )
    assert "- **Last confirmed:** 2026-02-10" in page


def test_talks_silent_for_two_years_read_stalled_inferred_everywhere(converted, tmp_path):
    edit(converted, PARTNERSHIP, "last_reviewed: 2026-11-25", "last_reviewed: 2031-01-01")  # the data's as-of date
    read = _render(converted, tmp_path)
    inferred = '<span aria-hidden="true">▽</span> stalled (inferred)</span>'
    page = read("partnerships/india-canada.md")
    assert f"{inferred} since 2026-02-10 (no event for 24 months)" in page
    assert 'atlas-delivery-stalled">stalled (inferred)</span>' in page
    assert inferred in read("partnerships/index.md") and inferred in read("explorer.md")
    assert "agreement, stalled &#40;inferred&#41; since 2026-02-10" in read("matrix.md")  # the mark's words for screen readers
    assert inferred in read("minerals/lithium.md") and inferred in read("countries/canada.md")
    home = read("index.md")  # counted as a reader sees it, not by the stored status
    assert ">stalled</a> | 1 &#40;1 inferred: no event for 24 months&#41; |" in home and ">under consideration</a> |" not in home
    review = read("review.md").split("## Possibly lapsed (inferred)", 1)[1]
    assert "India–Canada agreement on critical minerals (last event 2026-02-10)" in review


def test_promises_page_counts_link_to_their_rows(converted, tmp_path):
    edit(
        converted,
        PARTNERSHIP,
        "    evidence: reported\n    status: under-consideration\n    sources: [example-news]",
        "    evidence: official\n    status: under-consideration\n    sources: [example-statement]",
    )  # shown officially
    edit(converted, PARTNERSHIP, "        delivery: in-progress", "        delivery: delivered")
    edit(
        converted,
        PARTNERSHIP,
        "          - event: considered",
        "          - event: considered\n            amount: {value: 1.5, unit: USD million}",
    )
    read = _render(converted, tmp_path)
    promises = read("promises.md")
    assert (
        "| [India–Canada critical minerals cooperation](partnerships/india-canada.md) | "
        '<a href="?partnership&#61;india-canada#commitments">1</a> | '
        '<a href="?partnership&#61;india-canada&#38;delivered=yes#commitments">1</a> | 2 USD million | 1&#46;5 USD million |'
    ) in promises
    assert '| intent | 0 | 0 | 0 | 0 | <a href="?strength=intent&delivery=delivered#commitments">1</a> | 0 | 0 | ' in promises
    assert 'data-partnership="india-canada" data-strength="intent" data-delivery="delivered" data-delivered="yes"' in promises
    glossary = read("glossary.md")
    assert (
        '| <span id="instrument-types-nda"></span>**NDA** | a non-disclosure agreement that opens commercial or technical talks |'
        in glossary
    )


def test_instrument_and_promise_text_stays_text(converted, tmp_path):
    payload = "<script>alert(1)</script> | *x* [a](javascript:b)"
    edit(converted, PARTNERSHIP, "title: India–Canada agreement on critical minerals", f"title: '{payload}'")
    edit(converted, PARTNERSHIP, "text: A joint study of lithium deposits.", f"text: '{payload}'\n        object: '{payload}'")
    read = _render(converted, tmp_path)
    for page in (read("partnerships/india-canada.md"), read("promises.md")):
        assert "<script>" not in page and "](javascript:" not in page and "| *x*" not in page
        assert "&#60;script&#62;alert&#40;1&#41;&#60;/script&#62; &#124; &#42;x&#42;" in page
