"""The comparison reports what instruments and commitments (the contract in issue 21) do: new
ones, instrument status transitions and commitment delivery transitions; and these reach the
history's change summaries (the changes page, the feeds) and `atlas diff`."""

from __future__ import annotations

import copy
import html
from pathlib import Path

import yaml

from atlas.compare import compare
from atlas.diff import diff
from atlas.history import Change, Commit, Digest, read_history
from atlas.project import Project
from test_history import PARTNERSHIP, _commit, repo  # noqa: F401 (the fixture)

KEY = ("partnerships", "india-canada")
KINDS = Project(Path(__file__).resolve().parent.parent).kinds()
MOU = {
    "id": "hcl-codelco-mou",
    "title": "Hindustan Copper–CODELCO MoU",
    "type": "mou",
    "status": "signed",
    "commitments": [
        {
            "id": "joint-due-diligence",
            "text": "Joint due diligence on five target projects.",
            "kind": "study",
            "delivery": "announced",
        }
    ],
}


def _partnership(*instruments) -> dict:
    return {"id": "india-canada", "title": "India–Canada", "status": "signed", "instruments": list(instruments)}


def test_new_instruments_status_and_delivery_transitions():
    later = copy.deepcopy(MOU)
    later["status"] = "in-force"
    later["commitments"][0]["delivery"] = "partly-delivered"
    later["commitments"].append({"id": "offtake", "text": "Copper concentrate " + "supplied " * 20, "delivery": "announced"})
    agreement = {"id": "supply", "title": "Supply contract", "status": "in-talks"}
    found = compare({KEY: _partnership(MOU)}, {KEY: _partnership(later, agreement)}, KINDS)
    assert [step.text for step in found.steps(KEY)] == [
        "instrument Hindustan Copper–CODELCO MoU: signed → in force",
        "commitment under Hindustan Copper–CODELCO MoU, Joint due diligence on five target projects.: announced → partly delivered",
        "new commitment under Hindustan Copper–CODELCO MoU: Copper concentrate" + " supplied" * 6 + "… (announced)",
        "new instrument Supply contract (in talks)",
    ]
    assert compare({KEY: _partnership(MOU)}, {KEY: _partnership(MOU)}, KINDS).changed == []
    assert [s.text for s in compare({}, {KEY: _partnership(MOU)}, KINDS).steps(KEY)][
        0
    ] == "new instrument Hindustan Copper–CODELCO MoU (signed)"


def test_instruments_of_any_shape_are_compared_without_error():
    for shape in ["x", [1, None, {"id": ["a"]}, {"title": "no id"}], [{"id": "a", "commitments": "x", "status": [1]}]]:
        found = compare({KEY: _partnership(MOU)}, {KEY: {**_partnership(), "instruments": shape}}, KINDS)
        assert all(step.text for step in found.steps(KEY))


def test_instrument_steps_reach_the_history_and_the_diff(repo):  # noqa: F811
    path = repo / PARTNERSHIP
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump({**data, "instruments": [MOU]}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _commit(repo, "Add the MoU", "2026-04-01T10:00:00+00:00")
    moved = copy.deepcopy(MOU)
    moved["commitments"][0]["delivery"] = "delivered"
    path.write_text(yaml.safe_dump({**data, "instruments": [moved]}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _commit(repo, "Delivered", "2026-04-02T10:00:00+00:00")
    changes = read_history(repo, Project(repo).kinds()).of(*KEY)  # the history alone: the MoU is no valid record
    assert (
        "commitment under Hindustan Copper–CODELCO MoU, Joint due diligence on five target projects.: announced → delivered"
        in changes[0].summary
    )
    assert "new instrument Hindustan Copper–CODELCO MoU (signed)" in changes[1].summary
    summary = html.unescape(diff(repo, Project(repo).kinds(), "HEAD~2", "HEAD"))
    assert "### Instruments and commitments" in summary
    assert (
        "- **India–Canada critical minerals cooperation** (partnerships/india-canada): new instrument Hindustan Copper–CODELCO "
        "MoU (signed)"
    ) in summary


def test_other_changes_to_kept_instruments_and_commitments_are_corrections_in_words():
    """An instrument's evidence lowered or a commitment's text reworded is no step (nothing moved),
    but readers see it among the corrections, named by its instrument, not as 'instruments'."""
    later = copy.deepcopy(MOU)
    later["evidence"], later["commitments"][0]["text"] = "reported", "Joint due diligence on six projects."
    later["status"] = "in-force"  # a step, not an edit
    found = compare({KEY: _partnership(MOU)}, {KEY: _partnership(later)}, KINDS)
    assert found.edits(KEY) == [
        "instrument Hindustan Copper–CODELCO MoU: evidence",
        "commitment under Hindustan Copper–CODELCO MoU, Joint due diligence on six projects.: text",
    ]
    change = Change(
        Commit("0" * 40, "2026-12-05", "x"),
        *KEY,
        "India–Canada",
        "changed",
        ("summary", "instruments"),
        edits=tuple(found.edits(KEY)),
    )
    assert Digest.of([change], "sources").corrected == [(change, "summary; " + "; ".join(found.edits(KEY)))]
    assert change.summary == "changed summary, instruments; " + "; ".join(found.edits(KEY))  # the feeds' words
    assert compare({KEY: _partnership(MOU)}, {KEY: _partnership(MOU, {"id": "new", "title": "New"})}, KINDS).edits(KEY) == []
