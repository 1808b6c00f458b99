"""What changed between two snapshots of the data, entity by entity: what ``atlas diff`` reports
for a pull request and what ``atlas.history`` records for every commit."""
from __future__ import annotations

import dataclasses

from .git import Snapshot


@dataclasses.dataclass
class Comparison:
    """What changed between two snapshots, entity by entity."""

    old: Snapshot
    new: Snapshot
    added: list
    removed: list
    changed: list
    transitions: list   # ((kind, id), old status, new status)
    new_sources: list

    def fields(self, key) -> list[str]:
        """The fields of a changed entity whose values differ."""
        before, after = self.old[key], self.new[key]
        return [f for f in dict.fromkeys([*before, *after]) if before.get(f) != after.get(f)]

    def new_events(self, key) -> list[dict]:
        """Timeline events of an entity that the old snapshot did not have."""
        before = {_event_key(event) for event in _events(self.old.get(key, {}))}
        return [event for event in _events(self.new[key]) if _event_key(event) not in before]


def text(data: dict, field: str) -> str | None:
    """A field's value if it is a text (data from old commits may hold anything)."""
    value = data.get(field)
    return value if isinstance(value, str) else None


def _events(data: dict) -> list[dict]:
    timeline = data.get("timeline")
    return [event for event in timeline if isinstance(event, dict)] if isinstance(timeline, list) else []


def _event_key(event: dict) -> tuple[str, str]:
    return str(event.get("date")), str(event.get("event"))


def compare(old: Snapshot, new: Snapshot) -> Comparison:
    """Added, removed and changed entities, status transitions and new sources."""
    added = sorted(new.keys() - old.keys())
    changed = sorted(key for key in old.keys() & new.keys() if old[key] != new[key])
    transitions = [(key, text(old[key], "status"), text(new[key], "status")) for key in changed
                   if text(old[key], "status") != text(new[key], "status")]
    return Comparison(old, new, added, sorted(old.keys() - new.keys()), changed, transitions,
                      [key for key in added if key[0] == "sources"])
