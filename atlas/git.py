"""Read-only git access for the history and ``atlas diff``: run git, read many objects in one
call, and the data as it was at a revision (a snapshot: (kind, id) -> data).

The bottom layer: it imports nothing of the package but the YAML reader.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

from .load import parse_yaml

Snapshot = dict  # (kind, id) -> data


def git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    result = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True)
    if result.returncode != 0:
        raise ValueError(result.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return result.stdout


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


def snapshot_at(root: Path, revision: str, kinds) -> Snapshot:
    """All data at a git revision."""
    snapshot: Snapshot = {}
    names = git(root, "ls-tree", "-r", "--name-only", revision, "--", "data").decode().split("\n")
    paths = [n for n in names if n.count("/") == 2 and n.split("/")[1] in kinds]
    if not paths:
        return snapshot
    for path, text in zip(paths, cat_files(root, [f"{revision}:{p}" for p in paths])):
        read_into(path.split("/")[1], path.split("/")[2], text, snapshot)
    return snapshot
