"""Instruments and commitments (SPEC-instruments.md): each rule refuses the data it exists to
refuse with a `file:line: field:` message, and the lifecycle derives and infers as the spec says."""
from __future__ import annotations

import pytest

from atlas import lifecycle
from atlas.instruments import _backed
from conftest import run_atlas
from test_validate import PARTNERSHIP, edit, problems

INSTRUMENTS = """stages: [exploration, processing]
instruments:
  - id: canada-agreement
    title: India–Canada agreement on critical minerals
    type: agreement
    countries: [canada]
    organizations: [kabil]
    minerals: [lithium, cobalt]
    stages: [exploration]
    status: under-consideration
    evidence: reported
    dates:
      signed: 2026-02-10
    sources: [example-news]
    commitments:
      - id: joint-study
        text: A joint study of lithium deposits.
        kind: study
        strength: intent
        quantity: {value: 2, unit: USD million}
        deadline: none_stated
        announced: formalised
        delivery: in-progress
        delivery_basis: stated
        delivered_by:
          - event: considered
        last_checked: 2026-11-25
        evidence: official
        sources: [example-statement]
"""
EVENTS = [("  - date: 2026-01-20\n", "  - date: 2026-01-20\n    id: formalised\n    instrument: canada-agreement\n"),
          ("  - date: 2026-02-10\n", "  - date: 2026-02-10\n    id: considered\n    instrument: canada-agreement\n")]


@pytest.fixture
def converted(mini):
    """The mini project with one instrument, its two events and a commitment: valid."""
    edit(mini, PARTNERSHIP, "stages: [exploration, processing]\n", INSTRUMENTS)
    for old, new in EVENTS:
        edit(mini, PARTNERSHIP, old, new)
    return mini


def test_converted_data_passes(converted):
    result = run_atlas(converted, "validate")
    assert result.returncode == 0, result.stderr


CASES = {
    "a date no event carries": (
        [("      signed: 2026-02-10", "      signed: 2026-02-11")],
        "data/partnerships/india-canada.yaml:26: instruments[0].dates.signed: no timeline event names 'canada-agreement' "
        "on 2026-02-11; add 'instrument: canada-agreement' to the event of that date, or correct the date"),
    "a status its latest event does not carry": (
        [("    status: under-consideration\n    evidence: reported\n    dates:", "    status: in-talks\n    evidence: reported\n    dates:"),
         ("status: under-consideration\nstatus_confirmed", "status: in-talks\nstatus_confirmed")],
        "data/partnerships/india-canada.yaml:23: instruments[0].status: the latest event that names 'canada-agreement' "
        "with a status (2026-02-10) says 'under-consideration', not 'in-talks'; set the status the events prove, "
        "or add the event that establishes it"),
    "a partnership status its instruments do not support": (
        [("status: under-consideration\nstatus_confirmed", "status: signed\nstatus_confirmed")],
        "data/partnerships/india-canada.yaml:10: status: 'signed' is not the highest status among the instruments; use 'under-consideration'"),
    "status confirmed on another date than the instruments'": (
        [("status_confirmed: 2026-02-10", "status_confirmed: 2026-01-20")],
        "data/partnerships/india-canada.yaml:11: status_confirmed: 2026-01-20 is not the earliest date since which an "
        "instrument has been 'under-consideration'; use 2026-02-10"),
    "minerals that no instrument covers": (
        [("    minerals: [lithium, cobalt]\n", "    minerals: [lithium]\n")],
        "data/partnerships/india-canada.yaml:13: minerals: the minerals must be those of the instruments; remove cobalt "
        "(or add an instrument that covers it)"),
    "an event naming an unknown instrument": (
        [("    id: formalised\n    instrument: canada-agreement\n", "    id: formalised\n    instrument: canada-mou\n")],
        "data/partnerships/india-canada.yaml:46: timeline[0].instrument: 'canada-mou' is not an instrument of this file; "
        "use one of: canada-agreement"),
    "two events with one id": (
        [("    id: considered\n", "    id: formalised\n"), ("          - event: considered", "          - event: formalised")],
        "data/partnerships/india-canada.yaml:51: timeline[1].id: event id 'formalised' is used more than once here; "
        "give each event its own id"),
    "two instruments with one id": (
        [("instruments:\n", "instruments:\n  - id: canada-agreement\n    title: A second record\n    type: mou\n    minerals: []\n"
                            "    stages: []\n    status: under-consideration\n    evidence: reported\n    sources: [example-news]\n")],
        "data/partnerships/india-canada.yaml:24: instruments[1].id: instrument id 'canada-agreement' is used more than "
        "once here; give each instrument its own id"),
    "two commitments with one id": (
        [("        sources: [example-statement]\n", "        sources: [example-statement]\n      - id: joint-study\n"
          "        text: Again.\n        kind: study\n        strength: intent\n        quantity: unquantified\n"
          "        deadline: none_stated\n        announced: formalised\n        delivery: announced\n"
          "        delivery_basis: inferred\n        last_checked: 2026-11-25\n        evidence: official\n"
          "        sources: [example-statement]\n")],
        "data/partnerships/india-canada.yaml:43: instruments[0].commitments[1].id: commitment id 'joint-study' is used "
        "more than once here; give each commitment its own id"),
    "a commitment announced by no event": (
        [("        announced: formalised", "        announced: agreed")],
        "data/partnerships/india-canada.yaml:35: instruments[0].commitments[0].announced: no timeline event has the id "
        "'agreed'; give the event 'id: agreed', or name an event id of this file"),
    "a delivery claimed by its announcement only": (
        [("        delivery: in-progress", "        delivery: delivered"), ("          - event: considered", "          - event: formalised")],
        "data/partnerships/india-canada.yaml:38: instruments[0].commitments[0].delivered_by: 'delivered' needs a "
        "delivered_by event other than the announcement; name the event that shows delivery, or set the delivery the "
        "events show"),
    "a delivery shown by one news report": (
        [("        delivery: in-progress", "        delivery: partly-delivered")],
        "data/partnerships/india-canada.yaml:39: instruments[0].commitments[0].delivered_by[0].event: the event "
        "'considered' does not show delivery on its own: cite an official source for it, or two sources of different "
        "publishers that are not secondary"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_rule_refuses(converted, case):
    edits, expected = CASES[case]
    for old, new in edits:
        edit(converted, PARTNERSHIP, old, new)
    assert problems(converted) == [expected]


def test_delivery_backed_by_official_or_two_independent_publishers():
    sources = {name: type("Doc", (), {"data": data})() for name, data in {
        "gov": {"kind": "official", "publisher": "Ministry"}, "a": {"kind": "news", "publisher": "A"},
        "a2": {"kind": "news", "publisher": "A"}, "b": {"kind": "news", "publisher": "B"},
        "copy": {"kind": "secondary", "publisher": "C"}}.items()}
    assert _backed({"sources": ["gov"]}, sources)
    assert _backed({"sources": ["a", "b"]}, sources)
    assert not _backed({"sources": ["a", "a2"]}, sources)      # one publisher twice
    assert not _backed({"sources": ["a", "copy"]}, sources)    # a copy is not a second witness


RANK = ["in-force", "signed", "adopted", "under-consideration", "in-talks", "requested", "stalled", "superseded", "lapsed"]


def _partnership(*instruments, timeline=()):
    return {"instruments": [{"id": i, "status": s, "minerals": m} for i, s, m in instruments], "timeline": list(timeline)}


def test_partnership_status_per_mineral_from_its_instruments():
    data = _partnership(("mou", "signed", ["copper"]), ("nda", "in-talks", ["lithium"]), ("fta", "in-talks", ["lithium", "copper"]),
                        timeline=[{"date": "2024-07-31", "instrument": "nda", "status": "in-talks"},
                                  {"date": "2025-04-01", "instrument": "mou", "status": "signed"},
                                  {"date": "2025-04-01", "instrument": "fta", "status": "in-talks"},
                                  {"date": "2026-01-30", "instrument": "fta"}])
    copper = lifecycle.partnership_standing(data, RANK, "2026-11-28", "copper")
    lithium = lifecycle.partnership_standing(data, RANK, "2026-11-28", "lithium")
    assert (copper.status, copper.since) == ("signed", "2025-04-01")
    assert (lithium.status, lithium.since, lithium.confirmed, lithium.shown) == ("in-talks", "2024-07-31", "2026-01-30", "in-talks")
    assert lifecycle.partnership_standing(data, RANK, "2026-11-28", "cobalt") is None


@pytest.mark.parametrize("last_event, inferred, lapsing", [
    ("2024-11-28", False, False),   # exactly 24 months before the as-of date
    ("2024-11-27", True, False),    # a day more
    ("2022-11-27", True, True),     # more than 48 months
])
def test_talks_without_news_read_as_stalled_inferred(last_event, inferred, lapsing):
    data = _partnership(("talks", "in-talks", ["lithium"]), timeline=[{"date": last_event, "instrument": "talks", "status": "in-talks"}])
    standing = lifecycle.instrument_standing(data, data["instruments"][0], "2026-11-28")
    assert (standing.inferred, standing.lapsing) == (inferred, lapsing)
    assert standing.shown == ("stalled" if inferred else "in-talks")
    assert lifecycle.instrument_standing(data, data["instruments"][0]).inferred is False  # no as-of date: as stored


def test_signed_instruments_and_delivered_commitments_are_never_inferred():
    data = _partnership(("mou", "signed", []), timeline=[{"date": "2010-01-01", "id": "signed", "instrument": "mou", "status": "signed"},
                                                         {"date": "2011-01-01", "id": "shipped"}])
    assert not lifecycle.instrument_standing(data, data["instruments"][0], "2026-11-28").inferred
    delivered = {"announced": "signed", "delivered_by": [{"event": "shipped"}], "delivery": "delivered"}
    assert not lifecycle.commitment_standing(data, delivered, "2026-11-28").inferred
    pending = {**delivered, "delivery": "in-progress"}
    assert lifecycle.commitment_standing(data, pending, "2026-11-28").confirmed == "2011-01-01"
    assert lifecycle.commitment_standing(data, pending, "2026-11-28").lapsing


def test_months_before_keeps_to_the_calendar():
    assert lifecycle.months_before("2026-03-31", 1) == "2026-02-28"
    assert lifecycle.months_before("2026-11-28", 24) == "2024-11-28"
