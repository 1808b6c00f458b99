"""What changed between two snapshots of the data, entity by entity: what ``atlas diff`` reports
for a pull request and what ``atlas.history`` records for every commit."""

from __future__ import annotations

import dataclasses

from .git import Snapshot
from .kinds import Kind, cited_kind


@dataclasses.dataclass(frozen=True)
class Step:
    """An instrument or a commitment that is new, or whose status or delivery moved."""

    part: str  # "instrument" or "commitment"
    title: str  # the instrument's title, or the commitment's text, shortened
    instrument: str  # the instrument's title
    new: bool
    before: str | None  # the status (an instrument's) or delivery (a commitment's)
    after: str | None

    @property
    def text(self) -> str:
        """The step in words, e.g. 'instrument HCL–CODELCO MoU: signed → in force'."""
        after = words(self.after)
        if self.part == "instrument":
            return (
                f"new instrument {self.title} ({after})"
                if self.new
                else f"instrument {self.title}: {words(self.before)} → {after}"
            )
        if self.new:
            return f"new commitment under {self.instrument}: {self.title} ({after})"
        return f"commitment under {self.instrument}, {self.title}: {words(self.before)} → {after}"


def words(status: str | None) -> str:
    return (status or "none").replace("-", " ")


@dataclasses.dataclass
class Comparison:
    """What changed between two snapshots, entity by entity."""

    old: Snapshot
    new: Snapshot
    added: list
    removed: list
    changed: list
    transitions: list  # ((kind, id), old status, new status)
    new_sources: list

    def fields(self, key) -> list[str]:
        """The fields of a changed entity whose values differ."""
        before, after = self.old[key], self.new[key]
        return [f for f in dict.fromkeys([*before, *after]) if before.get(f) != after.get(f)]

    def new_events(self, key) -> list[dict]:
        """Timeline events of an entity that the old snapshot did not have."""
        before = {_event_key(event) for event in _events(self.old.get(key, {}))}
        return [event for event in _events(self.new[key]) if _event_key(event) not in before]

    def steps(self, key) -> list[Step]:
        """New instruments and commitments, instruments' status and commitments' delivery moved,
        of an added or changed entity (a partnership's `instruments`)."""
        before = _parts(self.old.get(key, {}))
        found = []
        for part, (instrument, title, after, _) in _parts(self.new[key]).items():
            old = before.get(part)
            if old is None or old[2] != after:
                found.append(
                    Step(
                        "instrument" if len(part) == 1 else "commitment",
                        title,
                        instrument,
                        old is None,
                        old[2] if old else None,
                        after,
                    )
                )
        return found

    def edits(self, key) -> list[str]:
        """What else changed in the instruments and commitments a changed entity kept, in words:
        'instrument MECL–Catamarca MoU: evidence' (a status or delivery that moved is a step)."""
        before = _parts(self.old.get(key, {}))
        found = []
        for part, (instrument, title, _, item) in _parts(self.new[key]).items():
            if part not in before:
                continue
            old, stepped = before[part][3], {"status", "commitments"} if len(part) == 1 else {"delivery"}
            fields = [f for f in dict.fromkeys([*old, *item]) if f not in stepped and old.get(f) != item.get(f)]
            if fields:
                where = f"instrument {title}" if len(part) == 1 else f"commitment under {instrument}, {title}"
                found.append(f"{where}: {', '.join(str(f).replace('_', ' ') for f in fields)}")
        return found


def _parts(data: dict) -> dict[tuple, tuple]:
    """(instrument id[, commitment id]) -> (instrument title, title, status or delivery, the item)."""
    found = {}
    for instrument in _items(data, "instruments"):
        name = _short(text(instrument, "title") or instrument["id"])
        found[(instrument["id"],)] = (name, name, text(instrument, "status"), instrument)
        for commitment in _items(instrument, "commitments"):
            label = _short(text(commitment, "text") or commitment["id"])
            found[(instrument["id"], commitment["id"])] = (name, label, text(commitment, "delivery"), commitment)
    return found


def _items(data: dict, field: str) -> list[dict]:
    """The items of a list field that are mappings with a text id."""
    value = data.get(field)
    return [item for item in value if isinstance(item, dict) and text(item, "id")] if isinstance(value, list) else []


def _short(value: str, limit: int = 80) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1].rsplit(" ", 1)[0] + "…"


def text(data: dict, field: str) -> str | None:
    """A field's value if it is a text (data from old commits may hold anything)."""
    value = data.get(field)
    return value if isinstance(value, str) else None


def _events(data: dict) -> list[dict]:
    timeline = data.get("timeline")
    return [event for event in timeline if isinstance(event, dict)] if isinstance(timeline, list) else []


def _event_key(event: dict) -> tuple[str, str]:
    return str(event.get("date")), str(event.get("event"))


def compare(old: Snapshot, new: Snapshot, kinds: dict[str, Kind]) -> Comparison:
    """Added, removed and changed entities, status transitions and new sources."""
    added = sorted(new.keys() - old.keys())
    changed = sorted(key for key in old.keys() & new.keys() if old[key] != new[key])
    transitions = [
        (key, text(old[key], "status"), text(new[key], "status"))
        for key in changed
        if text(old[key], "status") != text(new[key], "status")
    ]
    return Comparison(
        old,
        new,
        added,
        sorted(old.keys() - new.keys()),
        changed,
        transitions,
        [key for key in added if key[0] == cited_kind(kinds)],
    )
