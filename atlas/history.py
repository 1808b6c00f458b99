"""Change history from git: what each commit did to the data, the data version, each file's last change.

One ``git log`` pass lists every commit with the blobs it changed; ``atlas.git`` reads those
blobs under the loader's limits (one size check, one read); ``compare`` says what each commit
did. A file that cannot be read at a commit is skipped and listed, never a failed build. Dates
come from the commits, never from the clock, so a build is reproducible. Without a full git
history (a copy of the files, a shallow clone) the history is empty and says why.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections import defaultdict
from functools import cached_property
from pathlib import Path

from .compare import Step, compare, text, words
from .git import Snapshot, Unreadable, as_data, data_key, git, read_blobs
from .kinds import Kind, cited_kind

_NO_BLOB = "0" * 40
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_SHOWN_APART = {"status", "timeline", "instruments"}  # shown as transitions, events and steps, not as corrections
_PLURAL = {
    "new entry": "new entries",
    "correction or update": "corrections or updates",
    "new or corrected event": "new or corrected events",
}
_CONTROL = re.compile("[\x00-\x1f\x7f]")
RELEASES = "releases.yaml"  # the data releases, oldest first: README, "Data releases"
VERSION = re.compile(r"v\d+(\.\d+){0,2}\Z")


@dataclasses.dataclass(frozen=True)
class Commit:
    hash: str
    date: str  # the commit date, ISO 8601 with its offset
    subject: str  # without control characters

    @property
    def short(self) -> str:
        return self.hash[:7]

    @property
    def day(self) -> str:
        return self.date[:10]


@dataclasses.dataclass(frozen=True)
class Change:
    """What one commit did to one entity."""

    commit: Commit
    kind: str
    id: str
    title: str
    action: str  # added, removed or changed
    fields: tuple = ()  # the fields that changed
    status: tuple = ()  # (before, after) when the status moved or was first set
    events: tuple = ()  # timeline events the commit added
    steps: tuple[Step, ...] = ()  # instruments and commitments new, or whose status or delivery moved
    edits: tuple[str, ...] = ()  # other changes to the instruments and commitments it kept, in words

    @property
    def status_text(self) -> str:
        """The status part of the change: 'added with status signed', 'status in talks → signed' or ''."""
        if not self.status:
            return ""
        if self.status[0] is None:
            return f"added with status {words(self.status[1])}"
        return f"status {words(self.status[0])} → {words(self.status[1])}"

    @property
    def moves(self) -> str:
        """What moved, e.g. 'status in talks → signed; new instrument X (signed)'."""
        return "; ".join(([self.status_text] if self.status else []) + [step.text for step in self.steps])

    @property
    def summary(self) -> str:
        """The change in words, e.g. 'status in talks → signed; changed timeline, sources'."""
        parts = [self.status_text] if self.status else [self.action] if self.action != "changed" else []
        if self.fields:
            parts.append("changed " + ", ".join(f.replace("_", " ") for f in self.fields))
        parts += [step.text for step in self.steps] + list(self.edits)
        parts += [f"new event {event.get('date')}: {event.get('event')}" for event in self.events]
        return "; ".join(parts)


@dataclasses.dataclass(frozen=True)
class Release:
    """A data release, or the changes not released yet (version None), newest change first."""

    version: str | None
    date: str | None
    changes: tuple


@dataclasses.dataclass
class History:
    available: bool
    note: str  # why there is no history, when there is none
    changes: list[Change]  # newest first
    lastmod: dict[str, str]  # path in the project -> day of the last commit that touched it
    version: str
    releases: list[Release]  # newest first
    latest: str | None = None  # day of the last data commit
    skipped: list[str] = dataclasses.field(default_factory=list)  # files of old commits that were not read, and why
    cited: str | None = None  # the cited kind (the schemas say which): its new entries are told as new sources

    @cached_property
    def _by_entity(self) -> dict[tuple[str, str], list[Change]]:
        found = defaultdict(list)
        for change in self.changes:
            found[(change.kind, change.id)].append(change)
        return found

    def of(self, kind: str, entity_id: str) -> list[Change]:
        """An entity's changes, newest first."""
        return self._by_entity.get((kind, entity_id), [])

    def by_commit(self) -> list[tuple[Commit, list[Change]]]:
        """The changes grouped by commit, newest commit first (the editors' log)."""
        groups: dict[Commit, list[Change]] = {}
        for change in self.changes:
            groups.setdefault(change.commit, []).append(change)
        return list(groups.items())

    def status_record(self, kind: str, entity_id: str) -> list[Change]:
        """The changes that set or moved an entity's status, oldest first."""
        return [change for change in reversed(self.of(kind, entity_id)) if change.status]

    def recent(self, days: int) -> list[Change]:
        """The changes of the last `days` days, counted back from the data's latest change (never the clock)."""
        if self.latest is None:
            return []
        start = (datetime.date.fromisoformat(self.latest) - datetime.timedelta(days=days - 1)).isoformat()
        return [change for change in self.changes if change.commit.day >= start]

    def status_changes(self) -> list[Change]:
        """The changes that set or moved a status or a delivery, or added an instrument or commitment."""
        return [change for change in self.changes if change.status or change.steps]

    @staticmethod
    def by_month(changes) -> list[tuple[str, list[Change]]]:
        """Changes grouped by the month they were made, e.g. ('November 2026', [...]), newest first."""
        groups: dict[str, list[Change]] = {}
        for change in changes:
            year, month = change.commit.day[:4], int(change.commit.day[5:7])
            groups.setdefault(f"{MONTHS[month - 1]} {year}", []).append(change)
        return list(groups.items())

    def digest(self, changes) -> Digest:
        """Changes sorted for readers."""
        return Digest.of(changes, self.cited)


@dataclasses.dataclass
class Digest:
    """Changes as readers ask about them (never with commit messages): what moved, what is new,
    which events were added or corrected, what else was corrected, which sources were added,
    what was removed."""

    moved: list[Change] = dataclasses.field(default_factory=list)  # a status, instrument or commitment
    added: list[Change] = dataclasses.field(default_factory=list)  # entries other than sources
    events: list[tuple[Change, dict]] = dataclasses.field(default_factory=list)
    corrected: list[tuple[Change, str]] = dataclasses.field(default_factory=list)  # with the fields, in words
    sources: list[Change] = dataclasses.field(default_factory=list)
    removed: list[Change] = dataclasses.field(default_factory=list)

    @classmethod
    def of(cls, changes, cited: str | None) -> Digest:
        digest = cls()
        for change in changes:
            if change.action == "added":
                (digest.sources if change.kind == cited else digest.added).append(change)
            elif change.action == "removed":
                digest.removed.append(change)
            if change.action != "added" and (change.status or change.steps):  # a new entry is told as new
                digest.moved.append(change)
            digest.events += [(change, event) for event in change.events]
            fields = ", ".join(f.replace("_", " ") for f in change.fields if f not in _SHOWN_APART)
            if corrected := "; ".join(filter(None, [fields, *change.edits])):
                digest.corrected.append((change, corrected))
        return digest

    def counts(self) -> list[tuple[int, str]]:
        """How many of each, in words, e.g. [(2, 'status changes'), (1, 'new entry')], leaving out none."""
        found = [
            (len(self.moved), "status change"),
            (len(self.added), "new entry"),
            (len(self.events), "new or corrected event"),
            (len(self.corrected), "correction or update"),
            (len(self.sources), "new source"),
            (len(self.removed), "removal"),
        ]
        return [(n, word if n == 1 else _PLURAL.get(word, word + "s")) for n, word in found if n]


def unavailable(note: str) -> History:
    return History(False, note, [], {}, "unversioned", [])


def _log(root: Path) -> list[tuple[Commit, list[tuple[str, str, str]]]]:
    """Every commit, oldest first, with the (old blob, new blob, path) of each file it changed.

    Fields and records are split on NUL, the one character a subject or a path cannot hold."""
    out = git(
        root,
        "log",
        "-z",
        "--reverse",
        "--topo-order",
        "--raw",
        "--no-renames",
        "--no-abbrev",
        "--relative",
        "--format=%H%x00%cI%x00%s",
    ).decode("utf-8", "replace")
    commits: list = []
    fields = iter(out.split("\0"))
    for field in fields:
        field = field.lstrip("\n")
        if field.startswith(":") and commits:  # :<old mode> <new mode> <old blob> <new blob> <status>, then the path
            _, _, old, new, *_ = field.split(" ")
            commits[-1][1].append((old, new, next(fields, "")))
        elif field:
            commits.append((Commit(field, next(fields, ""), _CONTROL.sub("", next(fields, ""))), []))
    return commits


def _changes(commit: Commit, old: Snapshot, new: Snapshot, kinds: dict[str, Kind]) -> list[Change]:
    found = compare(old, new, kinds)
    moved = {key: (a, b) for key, a, b in found.transitions}
    changes = []
    for key in found.added + found.changed + found.removed:
        data = new.get(key) or old[key]
        title = text(data, kinds[key[0]].title_field) or key[1]
        if key in found.added:
            status = (None, text(data, "status")) if text(data, "status") else ()
            changes.append(Change(commit, *key, title, "added", status=status, steps=tuple(found.steps(key))))
        elif key in found.removed:
            changes.append(Change(commit, *key, title, "removed"))
        else:
            fields = tuple(f for f in found.fields(key) if not (f == "status" and key in moved))
            changes.append(
                Change(
                    commit,
                    *key,
                    title,
                    "changed",
                    fields,
                    moved.get(key, ()),
                    tuple(found.new_events(key)),
                    tuple(found.steps(key)),
                    tuple(found.edits(key)),
                )
            )
    order = list(kinds)
    return sorted(changes, key=lambda c: (not c.status, order.index(c.kind), c.id))


def _versions(value: object) -> list[str] | Unreadable:
    """The versions listed in releases.yaml, or Unreadable."""
    if isinstance(value, Unreadable):
        return value
    if not isinstance(value, list) or not all(isinstance(v, str) and VERSION.match(v) for v in value):
        return Unreadable("not a list of versions such as v1.0")
    return value


def _version(commits: list[tuple[Commit, list, list]]) -> tuple[str, list[Release]]:
    """The data version ('v1.0', 'v1.0+2.ab12cd3', or 'YYYY-MM-DD.ab12cd3' before any release) and the releases."""
    releases, pending, release, last, since = [], [], None, None, 0
    for commit, changes, released in commits:
        if changes:
            pending[:0] = changes
            last, since = commit, since + 1
        for release in released:
            since = 0
            releases.insert(0, Release(release, commit.day, tuple(pending)))
            pending = []
    if pending:
        releases.insert(0, Release(None, None, tuple(pending)))
    if last is None:
        return release or "unversioned", releases
    if release is None:
        return f"{last.day}.{last.short}", releases
    return release if since == 0 else f"{release}+{since}.{last.short}", releases


def read_history(root: Path, kinds: dict[str, Kind]) -> History:
    """The data's history from the git repository at root: one log pass, one size check and one
    read of the blobs. A file that cannot be read at a commit is skipped, and said so in `skipped`;
    the commits after it compare with its last readable content."""
    try:
        if git(root, "rev-parse", "--is-shallow-repository").strip() == b"true":
            return unavailable("this build was made from a shallow git clone; history needs the full clone")
        log = _log(root)
    except (OSError, ValueError):
        return unavailable("this build was made without git history")
    wanted = sorted(
        {
            blob
            for _, files in log
            for old, new, path in files
            if data_key(path, kinds) or path == RELEASES
            for blob in (old, new)
            if blob != _NO_BLOB
        }
    )
    skipped: list[str] = []
    try:
        blobs = read_blobs(root, wanted)
    except (OSError, ValueError) as error:
        blobs = {}
        skipped.append(f"the files of older commits could not be read ({error})")
    lastmod: dict[str, str] = {}
    readable: dict[str, dict] = {}  # each data file's last readable content
    listed: set[str] = set()  # the versions released so far
    per_commit = []
    for commit, files in log:
        old, new, released = {}, {}, []
        for before, after, path in files:
            lastmod[path] = commit.day
            content = Unreadable("not read") if after == _NO_BLOB else blobs.get(after, Unreadable("not read"))
            if path == RELEASES:
                content = _versions(content)
                released = [] if isinstance(content, Unreadable) else [v for v in content if v not in listed]
                listed.update(released)
            elif key := data_key(path, kinds):
                previous = as_data(blobs.get(before, Unreadable("not read")))
                if isinstance(previous, Unreadable):
                    previous = readable.get(path)
                if previous is not None:
                    old[key] = new[key] = previous
                content = as_data(content)
                if after == _NO_BLOB:
                    new.pop(key, None)
                    readable.pop(path, None)
                elif not isinstance(content, Unreadable):
                    new[key] = readable[path] = content
            else:
                continue
            if after != _NO_BLOB and isinstance(content, Unreadable):
                skipped.append(f"{path}: unreadable at {commit.short} ({content.reason}); skipped")
        per_commit.append((commit, _changes(commit, old, new, kinds) if old or new else [], released))
    changes = [change for _, found, _ in reversed(per_commit) for change in found]
    version, releases = _version(per_commit)
    latest = changes[0].commit.day if changes else None
    return History(True, "", changes, lastmod, version, releases, latest, skipped, cited_kind(kinds))
