"""Change history from git: what each commit did to the data, the data version, each file's last change.

One ``git log`` pass lists every commit with the blobs it changed; one ``git cat-file`` call
reads those blobs; ``atlas diff``'s ``compare`` says what each commit did. Dates come from the
commits, never from the clock, so a build is reproducible. Without a full git history (a copy
of the files, a shallow clone) the history is empty and says why.
"""
from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from functools import cached_property
from pathlib import Path

from .diff import cat_files, compare, git, read_into
from .kinds import Kind

_NO_BLOB = "0" * 40
_UNSAFE = re.compile(r"[^A-Za-z0-9._+-]")


@dataclasses.dataclass(frozen=True)
class Commit:
    hash: str
    date: str      # the commit date, ISO 8601 with its offset
    subject: str
    tags: tuple

    @property
    def short(self) -> str:
        return self.hash[:7]

    @property
    def day(self) -> str:
        return self.date[:10]


def _words(status: str | None) -> str:
    return (status or "none").replace("-", " ")


@dataclasses.dataclass(frozen=True)
class Change:
    """What one commit did to one entity."""

    commit: Commit
    kind: str
    id: str
    title: str
    action: str             # added, removed or changed
    fields: tuple = ()      # the fields that changed
    status: tuple = ()      # (before, after) when the status moved or was first set
    events: tuple = ()      # timeline events the commit added

    @property
    def status_text(self) -> str:
        """The status part of the change: 'added with status signed', 'status in talks → signed' or ''."""
        if not self.status:
            return ""
        if self.status[0] is None:
            return f"added with status {_words(self.status[1])}"
        return f"status {_words(self.status[0])} → {_words(self.status[1])}"

    @property
    def summary(self) -> str:
        """The change in words, e.g. 'status in talks → signed; changed timeline, sources'."""
        parts = [self.status_text] if self.status else [self.action] if self.action != "changed" else []
        if self.fields:
            parts.append("changed " + ", ".join(f.replace("_", " ") for f in self.fields))
        parts += [f"new event {event['date']}: {event['event']}" for event in self.events]
        return "; ".join(parts)


@dataclasses.dataclass(frozen=True)
class Release:
    """A tagged data release, or the changes not released yet (tag None), newest change first."""

    tag: str | None
    date: str | None
    changes: tuple


@dataclasses.dataclass
class History:
    available: bool
    note: str                    # why there is no history, when there is none
    changes: list[Change]        # newest first
    lastmod: dict[str, str]      # path in the project -> day of the last commit that touched it
    version: str
    releases: list[Release]      # newest first
    latest: str | None = None    # day of the last data commit

    @cached_property
    def _by_entity(self) -> dict[tuple[str, str], list[Change]]:
        found = defaultdict(list)
        for change in self.changes:
            found[(change.kind, change.id)].append(change)
        return found

    def of(self, kind: str, entity_id: str) -> list[Change]:
        """An entity's changes, newest first."""
        return self._by_entity.get((kind, entity_id), [])

    def by_commit(self, limit: int | None = None, changes=None) -> list[tuple[Commit, list[Change]]]:
        """Changes (all, or the given ones) grouped by commit, newest commit first."""
        groups: dict[Commit, list[Change]] = {}
        for change in self.changes if changes is None else changes:
            groups.setdefault(change.commit, []).append(change)
        return list(groups.items())[:limit]

    def status_record(self, kind: str, entity_id: str) -> list[Change]:
        """The changes that set or moved an entity's status, oldest first."""
        return [change for change in reversed(self.of(kind, entity_id)) if change.status]


def unavailable(note: str) -> History:
    return History(False, note, [], {}, "unversioned", [])


def _log(root: Path) -> list[tuple[Commit, list[tuple[str, str, str]]]]:
    """Every commit, oldest first, with the (old blob, new blob, path) of each file it changed."""
    out = git(root, "log", "--reverse", "--topo-order", "--raw", "--no-renames", "--no-abbrev", "--relative",
              "--decorate-refs=refs/tags/", "--format=%x1e%H%x00%cI%x00%s%x00%D").decode("utf-8", "replace")
    commits = []
    for record in out.split("\x1e")[1:]:
        header, _, body = record.partition("\n")
        hash_, date, subject, refs = header.split("\x00")
        # tag names become the data version, printed in page footers: keep them to safe characters
        tags = tuple(_UNSAFE.sub("-", ref.removeprefix("tag: ")) for ref in refs.split(", ") if ref.startswith("tag: "))
        files = []
        for line in body.splitlines():
            if line.startswith(":"):
                meta, path = line.split("\t", 1)
                _, _, old, new, _ = meta[1:].split()
                files.append((old, new, path))
        commits.append((Commit(hash_, date, subject, tags), files))
    return commits


def _entity(path: str, kinds: dict[str, Kind]) -> tuple[str, str] | None:
    parts = path.split("/")
    if len(parts) == 3 and parts[0] == "data" and parts[1] in kinds and parts[2].endswith(".yaml"):
        return parts[1], parts[2]
    return None


def _changes(commit: Commit, files: list, blobs: dict, kinds: dict[str, Kind]) -> list[Change]:
    old, new = {}, {}
    for before, after, path in files:
        kind, name = _entity(path, kinds)
        for blob, snapshot in ((before, old), (after, new)):
            if blob != _NO_BLOB:
                read_into(kind, name, blobs[blob], snapshot)
    found = compare(old, new, kinds)
    moved = {key: (a, b) for key, a, b in found.transitions}
    changes = []
    for key in found.added + found.changed + found.removed:
        data = new.get(key) or old[key]
        title = str(data.get(kinds[key[0]].title_field, key[1]))
        if key in found.added:
            status = (None, data["status"]) if data.get("status") else ()
            changes.append(Change(commit, *key, title, "added", status=status))
        elif key in found.removed:
            changes.append(Change(commit, *key, title, "removed"))
        else:
            fields = tuple(f for f in found.fields(key) if not (f == "status" and key in moved))
            changes.append(Change(commit, *key, title, "changed", fields,
                                  moved.get(key, ()), tuple(found.new_events(key))))
    order = list(kinds)
    return sorted(changes, key=lambda c: (not c.status, order.index(c.kind), c.id))


def _version(commits: list[tuple[Commit, list]]) -> tuple[str, list[Release]]:
    """The data version ('v1.0', 'v1.0+2.ab12cd3', or 'YYYY-MM-DD.ab12cd3' before any tag) and the releases."""
    releases, pending, tag, last, since = [], [], None, None, 0
    for commit, changes in commits:
        if changes:
            pending[:0] = changes
            last, since = commit, since + 1
        if commit.tags:
            tag, since = commit.tags[-1], 0
            releases.insert(0, Release(tag, commit.day, tuple(pending)))
            pending = []
    if pending:
        releases.insert(0, Release(None, None, tuple(pending)))
    if last is None:
        return tag or "unversioned", releases
    if tag is None:
        return f"{last.day}.{last.short}", releases
    return tag if since == 0 else f"{tag}+{since}.{last.short}", releases


def read_history(root: Path, kinds: dict[str, Kind]) -> History:
    """The data's history from the git repository at root (one log pass, one blob read)."""
    try:
        if git(root, "rev-parse", "--is-shallow-repository").strip() == b"true":
            return unavailable("this build was made from a shallow git clone; history needs the full clone")
        log = _log(root)
    except (OSError, ValueError):
        return unavailable("this build was made without git history")
    wanted = sorted({blob for _, files in log for old, new, path in files
                     if _entity(path, kinds) for blob in (old, new) if blob != _NO_BLOB})
    blobs = dict(zip(wanted, cat_files(root, wanted)))
    lastmod: dict[str, str] = {}
    per_commit = []
    for commit, files in log:
        for _, _, path in files:
            lastmod[path] = commit.day
        data_files = [f for f in files if _entity(f[2], kinds)]
        per_commit.append((commit, _changes(commit, data_files, blobs, kinds) if data_files else []))
    changes = [change for _, found in reversed(per_commit) for change in found]
    version, releases = _version(per_commit)
    latest = changes[0].commit.day if changes else None
    return History(True, "", changes, lastmod, version, releases, latest)

