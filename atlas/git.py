"""Read-only git access for the history and ``atlas diff``: run git, read many objects in one
call, and the data as it was at a revision (a snapshot: (kind, id) -> data).

Objects are read under the loader's limits: one over its size limit is not read at all, and one
that is not YAML (or, for a data file, not a mapping of fields) is returned as ``Unreadable``
with the reason, never raised. The bottom layer: it imports nothing of the package but the
YAML reader.
"""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import yaml

from .load import MAX_FILE_BYTES, YamlProblem, parse_yaml

Snapshot = dict  # (kind, id) -> data


@dataclasses.dataclass(frozen=True)
class Unreadable:
    """Why a file was not read."""

    reason: str


def git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    result = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True)
    if result.returncode != 0:
        raise ValueError(result.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return result.stdout


def cat_files(root: Path, objects: list[str]) -> list[bytes]:
    """The contents of many git objects (ids), in one git call."""
    batch = git(root, "cat-file", "--batch", stdin="".join(f"{o}\n" for o in objects).encode())
    contents, offset = [], 0
    for _ in objects:
        header_end = batch.index(b"\n", offset)
        size = int(batch[offset:header_end].split()[2])
        contents.append(batch[header_end + 1 : header_end + 1 + size])
        offset = header_end + 1 + size + 1
    return contents


def sizes(root: Path, objects: list[str]) -> list[int | None]:
    """The size in bytes of many git objects (None: missing), in one git call."""
    out = git(root, "cat-file", "--batch-check=%(objectsize)", stdin="".join(f"{o}\n" for o in objects).encode())
    return [int(line) if line.isdigit() else None for line in out.decode().splitlines()]


def too_big(size: int) -> Unreadable | None:
    if size > MAX_FILE_BYTES:
        return Unreadable(f"{size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit for data files: not read")
    return None


def parse(raw: bytes) -> object:
    """A file's YAML content, or Unreadable."""
    try:
        return parse_yaml(raw.decode("utf-8"))[0]
    except UnicodeDecodeError:
        return Unreadable("not UTF-8")
    except YamlProblem as problem:
        return Unreadable(f"line {problem.line}: {problem.message}")
    except (yaml.YAMLError, ValueError):  # ValueError: an integer too long to convert
        return Unreadable("not valid YAML")


def as_data(value: object) -> dict | Unreadable:
    """A data file's parsed content as a mapping of fields, or Unreadable."""
    if isinstance(value, (dict, Unreadable)):
        return value
    return Unreadable("not a mapping of fields")


def read_blobs(root: Path, blobs: list[str]) -> dict[str, object]:
    """Each blob (by id) parsed, or Unreadable: missing, over the size limit (not read), not YAML.
    One `cat-file --batch-check` for the sizes, one `cat-file --batch` for the contents."""
    found: dict[str, object] = {}
    for blob, size in zip(blobs, sizes(root, blobs) if blobs else []):
        found[blob] = Unreadable("missing from the repository") if size is None else too_big(size)
    wanted = [blob for blob, reason in found.items() if reason is None]
    for blob, raw in zip(wanted, cat_files(root, wanted) if wanted else []):
        found[blob] = parse(raw)
    return found


def data_key(path: str, kinds) -> tuple[str, str] | None:
    """(kind, id) of a data file's path (data/<kind>/<id>.yaml), or None for any other path."""
    parts = path.split("/")
    if len(parts) == 3 and parts[0] == "data" and parts[1] in kinds and parts[2].endswith(".yaml"):
        return parts[1], parts[2][: -len(".yaml")]
    return None


def snapshot_at(root: Path, revision: str, kinds) -> tuple[Snapshot, dict]:
    """All data at a git revision, and why each data file that could not be read was not."""
    entries = git(root, "ls-tree", "-r", "-z", revision, "--", "data").decode("utf-8", "replace").split("\0")
    files = {}  # path -> blob
    for entry in entries:
        meta, _, path = entry.partition("\t")
        if data_key(path, kinds) and meta.split(" ")[1:2] == ["blob"]:
            files[path] = meta.split(" ")[2]
    blobs = read_blobs(root, sorted(set(files.values())))
    return collect(((path, as_data(blobs[blob])) for path, blob in files.items()), kinds)


def collect(files, kinds) -> tuple[Snapshot, dict]:
    """A snapshot of (path, data or Unreadable) pairs, and (kind, id) -> a note on each unreadable file."""
    snapshot, skipped = {}, {}
    for path, data in files:
        if isinstance(data, Unreadable):
            skipped[data_key(path, kinds)] = f"{path}: {data.reason}"
        else:
            snapshot[data_key(path, kinds)] = data
    return snapshot, skipped
