"""``atlas diff BASE [HEAD]``: what a change does to the data, as Markdown for a pull request.

Reads every data file at two git revisions (HEAD defaults to the working tree) and reports
entities added and removed, fields changed (old -> new), status transitions, new instruments
and commitments and their status and delivery transitions, new sources and
the pages whose content changes (the entity's own page and the pages it links to or from).
"""

from __future__ import annotations

import re
from pathlib import Path

from .compare import compare, text
from .git import Snapshot, Unreadable, as_data, collect, parse, snapshot_at, too_big
from .kinds import Kind
from .render import literal

_AUTOLINK = re.compile(r"https?://[^\s<>\x00-\x1f\x7f]+\Z")


def _snapshot(root: Path, revision: str | None, kinds: dict[str, Kind]) -> tuple[Snapshot, dict]:
    """All data at a git revision, or in the working tree when revision is None, and why each
    data file that could not be read was not."""
    if revision is not None:
        return snapshot_at(root, revision, kinds)
    return collect(
        ((f"data/{kind}/{path.name}", _read(path)) for kind in kinds for path in sorted((root / "data" / kind).glob("*.yaml"))),
        kinds,
    )


def _read(path: Path) -> dict | Unreadable:
    if path.is_symlink() or not path.is_file():
        return Unreadable("not a regular file")
    return too_big(path.stat().st_size) or as_data(parse(path.read_bytes()))


def _show(value) -> str:
    """A value on one line, shortened, escaped so that Markdown and HTML show it as text."""
    if isinstance(value, list):
        return (
            ", ".join(_show(v) for v in value) if all(not isinstance(v, (dict, list)) for v in value) else f"{len(value)} items"
        )
    text = " ".join(str(value).split())
    return literal(f"{text[:80]}{'…' if len(text) > 80 else ''}")


def _url(value) -> str:
    """A web address as an autolink (whose text Markdown takes literally), or escaped text when it is not one."""
    return f"<{value}>" if isinstance(value, str) and _AUTOLINK.match(value) else _show(value)


def _title(kind: Kind, data: dict, entity_id: str) -> str:
    return _show(text(data, kind.title_field) or entity_id)


def _linked(kind: Kind, data: dict) -> set:
    return {(ref.target, value) for ref in kind.ref_fields for _, value in ref.values(data)}


def diff(root: Path, kinds: dict[str, Kind], base: str, head: str | None = None) -> str:
    """The Markdown summary of the data change from base to head in the repository at root. Every value from the data (and
    the revisions' names) is escaped, on one line: data cannot change the comment's structure."""
    (old, old_skipped), (new, new_skipped) = _snapshot(root, base, kinds), _snapshot(root, head, kinds)
    for key in old_skipped.keys() | new_skipped.keys():  # not compared, rather than added or removed
        old.pop(key, None), new.pop(key, None)
    change = compare(old, new, kinds)
    added, removed, changed = change.added, change.removed, change.changed
    lines = [f"## Data changes: {_show(base)} → {_show(head or 'working tree')}", ""]
    if old_skipped or new_skipped:
        lines += ["### Not compared (`atlas validate` says why)", ""]
        lines += [
            f"- {_show(note)} (in {_show(name)})"
            for notes, name in ((old_skipped, base), (new_skipped, head or "the working tree"))
            for note in notes.values()
        ]
        lines.append("")
    if not (added or removed or changed):
        return "\n".join(lines + ["No changes to the data."]) + "\n"
    lines.append(f"{len(added)} added, {len(removed)} removed, {len(changed)} changed.")
    if change.transitions:
        lines += ["", "### Status transitions", ""]
        lines += [
            f"- **{_title(kinds[k], new[(k, i)], i)}** ({_show(f'{k}/{i}')}): {_show(a or '—')} → **{_show(b or '—')}**"
            for (k, i), a, b in change.transitions
        ]
    steps = [(key, step) for key in added + changed for step in change.steps(key)]
    if steps:
        lines += ["", "### Instruments and commitments", ""]
        lines += [f"- **{_title(kinds[k], new[(k, i)], i)}** ({_show(f'{k}/{i}')}): {_show(step.text)}" for (k, i), step in steps]
    new_sources = change.new_sources
    if new_sources:
        lines += ["", "### New sources", ""]
        lines += [
            f"- {_title(kinds[key[0]], new[key], key[1])} ({_show(new[key].get('publisher', '?'))}, "
            f"{_show(new[key].get('date', 'no date'))}){' ' + _url(new[key]['url']) if new[key].get('url') else ' — no URL, for review'}"
            for key in new_sources
        ]
    for heading, keys, snapshot in (("Added", [k for k in added if k not in new_sources], new), ("Removed", removed, old)):
        if keys:
            lines += ["", f"### {heading}", ""]
            lines += [f"- {_show(f'{k}/{i}')}: {_title(kinds[k], snapshot[(k, i)], i)}" for k, i in keys]
    if changed:
        lines += ["", "### Changed fields", "", "| Entity | Field | Before | After |", "| --- | --- | --- | --- |"]
        for key in changed:
            before, after = old[key], new[key]
            for field in change.fields(key):
                lines.append(
                    f"| {_show(f'{key[0]}/{key[1]}')} | {_show(field)} | {_show(before[field]) if field in before else '—'} "
                    f"| {_show(after[field]) if field in after else '—'} |"
                )
    affected = set(added) | set(changed)
    for key in added + changed + removed:
        snapshot = new if key in new else old
        affected |= _linked(kinds[key[0]], snapshot[key]) | (_linked(kinds[key[0]], old[key]) if key in old else set())
    affected -= set(removed)
    pages = sorted({f"/{k}/" for k, _ in added + changed + removed} | {f"/{k}/{i}/" for k, i in affected if (k, i) in new})
    lines += [
        "",
        f"### Pages affected ({len(pages)})",
        "",
        ", ".join(_show(page) for page in pages),
        "",
        "The overview pages (home, timeline, matrix, open questions) are rebuilt from all the data.",
    ]
    return "\n".join(lines) + "\n"
