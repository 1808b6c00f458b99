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
        before = {(event.get("date"), event.get("event")) for event in self.old.get(key, {}).get("timeline") or []}
        return [event for event in self.new[key].get("timeline") or [] if (event.get("date"), event.get("event")) not in before]


def compare(old: Snapshot, new: Snapshot) -> Comparison:
    """Added, removed and changed entities, status transitions and new sources."""
    added = sorted(new.keys() - old.keys())
    changed = sorted(key for key in old.keys() & new.keys() if old[key] != new[key])
    transitions = [(key, old[key].get("status"), new[key].get("status")) for key in changed
                   if old[key].get("status") != new[key].get("status")]
    return Comparison(old, new, added, sorted(old.keys() - new.keys()), changed, transitions,
                      [key for key in added if key[0] == "sources"])
