"""Problems found in the data, reported as ``file:line: path: message``."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # in a file name, written as \xNN


@dataclasses.dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one data file, with where it is and how to fix it."""

    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        file = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", self.file)  # one line per problem
        where = f"{file}:{self.line}:"
        return f"{where} {self.path}: {self.message}" if self.path else f"{where} {self.message}"

    def github_annotation(self) -> str:
        """The same problem as a GitHub Actions workflow command (shown on the changed line)."""
        text = f"{self.path}: {self.message}" if self.path else self.message
        return f"::error file={_escape(self.file, _PROPERTY)},line={self.line}::{_escape(text, _DATA)}"


# What GitHub's workflow commands need escaped: in the message, and more in a property's value
_DATA = {"%": "%25", "\r": "%0D", "\n": "%0A"}
_PROPERTY = {**_DATA, ":": "%3A", ",": "%2C"}


def _escape(text: str, table: dict) -> str:
    return text.translate(str.maketrans(table))


class DataError(Exception):
    """Raised when the data cannot be built; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(map(str, self.problems)))


def display_path(path: Path, root: Path) -> str:
    """The path as a contributor sees it: relative to the project root when possible (through
    the links it was reached by, so a link to elsewhere shows no path of the build machine)."""
    for reached, base in ((path.absolute(), root.absolute()), (path.resolve(), root.resolve())):
        if reached.is_relative_to(base):
            return reached.relative_to(base).as_posix()
    return path.as_posix()


def format_path(parts: tuple) -> str:
    """('timeline', 0, 'sources', 1) -> 'timeline[0].sources[1]'."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
