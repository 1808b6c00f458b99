"""``atlas diff BASE [HEAD]``: what a change does to the data, as Markdown for a pull request.

Reads every data file at two git revisions (HEAD defaults to the working tree) and reports
entities added and removed, fields changed (old -> new), status transitions, new sources and
the pages whose content changes (the entity's own page and the pages it links to or from).
``compare`` is also what ``atlas.history`` applies to every commit of the data.
"""
from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

from .kinds import Kind, cited_kind
from .load import parse_yaml

Snapshot = dict  # (kind, id) -> data


def git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    result = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True)
    if result.returncode != 0:
        raise ValueError(result.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return result.stdout


def read_into(kind: str, name: str, text: bytes, snapshot: Snapshot) -> None:
    """Add a data file's content (name: <id>.yaml) to a snapshot, if it parses as a mapping."""
    if not name.endswith(".yaml"):
        return
    try:
        data, _ = parse_yaml(text.decode("utf-8"))
    except Exception:  # an unreadable file is reported by `atlas validate`, not here
        return
    if isinstance(data, dict):
        snapshot[(kind, name[: -len(".yaml")])] = data


def snapshot_at(root: Path, revision: str | None, kinds: dict[str, Kind]) -> Snapshot:
    """All data at a git revision, or in the working tree when revision is None."""
    snapshot: Snapshot = {}
    if revision is None:
        for kind in kinds:
            for path in sorted((root / "data" / kind).glob("*.yaml")):
                read_into(kind, path.name, path.read_bytes(), snapshot)
        return snapshot
    names = git(root, "ls-tree", "-r", "--name-only", revision, "--", "data").decode().split("\n")
    paths = [n for n in names if n.count("/") == 2 and n.split("/")[1] in kinds]
    if not paths:
        return snapshot
    for path, text in zip(paths, cat_files(root, [f"{revision}:{p}" for p in paths])):
        read_into(path.split("/")[1], path.split("/")[2], text, snapshot)
    return snapshot


def cat_files(root: Path, objects: list[str]) -> list[bytes]:
    """The contents of many git objects (blob ids or revision:path), in one git call."""
    batch = git(root, "cat-file", "--batch", stdin="".join(f"{o}\n" for o in objects).encode())
    contents, offset = [], 0
    for _ in objects:
        header_end = batch.index(b"\n", offset)
        size = int(batch[offset:header_end].split()[2])
        contents.append(batch[header_end + 1: header_end + 1 + size])
        offset = header_end + 1 + size + 1
    return contents


def _show(value) -> str:
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value) if all(not isinstance(v, (dict, list)) for v in value) else f"{len(value)} items"
    text = " ".join(str(value).split())
    return f"`{text[:80]}{'…' if len(text) > 80 else ''}`".replace("|", "\\|")


def _title(kind: Kind, data: dict, entity_id: str) -> str:
    return str(data.get(kind.title_field, entity_id))


def _linked(kind: Kind, data: dict) -> set:
    return {(ref.target, value) for ref in kind.ref_fields for _, value in ref.values(data)}


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


def compare(old: Snapshot, new: Snapshot, kinds: dict[str, Kind]) -> Comparison:
    """Added, removed and changed entities, status transitions and new sources."""
    added = sorted(new.keys() - old.keys())
    changed = sorted(key for key in old.keys() & new.keys() if old[key] != new[key])
    transitions = [(key, old[key].get("status"), new[key].get("status")) for key in changed
                   if old[key].get("status") != new[key].get("status")]
    return Comparison(old, new, added, sorted(old.keys() - new.keys()), changed, transitions,
                      [key for key in added if key[0] == cited_kind(kinds)])


def diff(root: Path, kinds: dict[str, Kind], base: str, head: str | None = None) -> str:
    """The Markdown summary of the data change from base to head in the repository at root."""
    change = compare(snapshot_at(root, base, kinds), snapshot_at(root, head, kinds), kinds)
    old, new, added, removed, changed = change.old, change.new, change.added, change.removed, change.changed
    lines = [f"## Data changes: `{base}` → `{head or 'working tree'}`", ""]
    if not (added or removed or changed):
        return "\n".join(lines + ["No changes to the data."]) + "\n"
    lines.append(f"{len(added)} added, {len(removed)} removed, {len(changed)} changed.")
    if change.transitions:
        lines += ["", "### Status transitions", ""]
        lines += [f"- **{_title(kinds[k], new[(k, i)], i)}** (`{k}/{i}`): {a or '—'} → **{b or '—'}**"
                  for (k, i), a, b in change.transitions]
    new_sources = change.new_sources
    if new_sources:
        lines += ["", "### New sources", ""]
        lines += [f"- {_title(kinds[key[0]], new[key], key[1])} ({new[key].get('publisher', '?')}, "
                  f"{new[key].get('date', 'no date')}){' ' + new[key]['url'] if new[key].get('url') else ' — no URL, for review'}"
                  for key in new_sources]
    for heading, keys, snapshot in (("Added", [k for k in added if k not in new_sources], new), ("Removed", removed, old)):
        if keys:
            lines += ["", f"### {heading}", ""]
            lines += [f"- `{k}/{i}`: {_title(kinds[k], snapshot[(k, i)], i)}" for k, i in keys]
    if changed:
        lines += ["", "### Changed fields", "", "| Entity | Field | Before | After |", "| --- | --- | --- | --- |"]
        for key in changed:
            before, after = old[key], new[key]
            for field in change.fields(key):
                lines.append(f"| `{key[0]}/{key[1]}` | {field} | {_show(before[field]) if field in before else '—'} "
                             f"| {_show(after[field]) if field in after else '—'} |")
    affected = set(added) | set(changed)
    for key in added + changed + removed:
        snapshot = new if key in new else old
        affected |= _linked(kinds[key[0]], snapshot[key]) | (_linked(kinds[key[0]], old[key]) if key in old else set())
    affected -= set(removed)
    pages = sorted({f"/{k}/" for k, _ in added + changed + removed} | {f"/{k}/{i}/" for k, i in affected if (k, i) in new})
    lines += ["", f"### Pages affected ({len(pages)})", "", ", ".join(pages),
              "", "The overview pages (home, timeline, matrix, open questions) are rebuilt from all the data."]
    return "\n".join(lines) + "\n"
