"""Writing results atomically: a folder or file appears whole, or not at all."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def publishable(path: Path) -> None:
    """Give a temporary file or folder (created private, 0600/0700) the usual permissions."""
    os.chmod(path, (0o755 if path.is_dir() else 0o644) & ~_umask())


def replace_dir(staging: Path, target: Path) -> None:
    """Move a finished staging folder into place, then drop the old one."""
    publishable(staging)
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.replace(target, old / target.name)
    os.replace(staging, target)
    if old:
        shutil.rmtree(old)


def write_tree(target: Path, files: dict[str, str | bytes]) -> None:
    """Write files (relative path -> content) as the whole new content of target."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        for relative, content in sorted(files.items()):
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, str):
                path.write_text(content, encoding="utf-8")
            else:
                path.write_bytes(content)
        replace_dir(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_file(target: Path, content: bytes) -> None:
    """Write one file through a temporary neighbour, so readers never see half of it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        publishable(Path(temporary))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
