"""Step 1, load: read every data file safely; a message can name the line of any value.

The reader walks libyaml's event stream itself (no recursion, no object construction by tag),
so hostile files fail fast with a clear message: aliases, custom tags, duplicate keys, deep
nesting, several documents, non-UTF-8 bytes, characters the PDF cannot print (control characters
among them), oversized files and kind folders that are links are all refused.
"""

from __future__ import annotations

import dataclasses
import os
import re
import unicodedata
from difflib import get_close_matches
from functools import cached_property
from pathlib import Path

import yaml

from .problems import Problem, display_path

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 20
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\Z")  # \Z: $ would let a final newline through

_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
# The characters data may hold: tab, newline and what the PDF's fonts (templates/pdf/briefing.typ)
# print in every style: Latin, Greek and Cyrillic, symbols, Devanagari, Tamil, Malayalam, Chinese,
# Japanese and Korean, full-width forms (tests/test_hostile_paths.py checks them against the fonts).
# Control characters, emoji and other scripts are refused, in the file and in "\x01"-style escapes.
PRINTED = (
    "\t\n\x20-\x7e\xa0-\u052f\u0900-\u097f\u0b80-\u0bff\u0d00-\u0d7f\u1100-\u11ff\u1e00-\u20bf"
    "\u2100-\u2185\u2190-\u22ff\u2460-\u25ff\u2e80-\u2fdf\u3000-\u319f\u31f0-\u32ff\u3400-\u4db5"
    "\u4e00-\u9fef\ua8e0-\ua8ff\uac00-\ud7a3\ufe10-\ufe1f\ufe30-\ufe4f\uff00-\uffef"
)
_UNPRINTED = re.compile(f"[^{PRINTED}]")
_UNPRINTED_IN_FILE = re.compile(f"[^\r{PRINTED}]")  # a carriage return ends a line in YAML
_PLAIN_TAGS = {
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:null",
}


@dataclasses.dataclass
class Document:
    """One data file: its kind, id, parsed content and its text (for the line of any value)."""

    kind: str
    id: str
    file: str  # as shown to contributors, e.g. data/minerals/lithium.yaml
    data: dict
    text: str  # the file as read

    @cached_property
    def lines(self) -> dict:
        """path tuple -> 1-based line, read again from the text the first time a message needs
        one (few documents ever do: keeping the lines of all costs time and twice the memory)."""
        return parse_yaml(self.text)[1]

    def line_of(self, path: tuple) -> int:
        """The line of the value at path, or of its nearest enclosing value."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1


_NO_KEY = object()  # a mapping waiting for its next key
_ANCHORS = "YAML anchors and aliases (&name, *name) are not allowed; write the value out"
# Resolver.resolve looks only at the resolvers of a plain scalar's first character: text that
# starts with another (most words) is text without asking it.
_RESOLVED_FIRST = frozenset(_RESOLVER.yaml_implicit_resolvers)


class YamlProblem(Exception):
    def __init__(self, line: int, message: str):
        self.line, self.message = line, message


def _tag_problem(line: int, tag: str) -> YamlProblem:
    return YamlProblem(line, f"YAML tags such as '{tag}' are not allowed; write plain values")


def _character_message(character: str) -> str:
    code = ord(character)
    if code < 0x20 or 0x7F <= code < 0xA0:
        return f"control character U+{code:04X} is not allowed; delete it"
    name = unicodedata.name(character, "unnamed")
    return (
        f"character U+{code:04X} ({name}) cannot be printed: the PDF's fonts have Latin, Greek, Cyrillic, "
        "Devanagari, Tamil, Malayalam, Chinese, Japanese and Korean letters; write it in one of those or leave it out"
    )


def _scalar(event: yaml.ScalarEvent, line: int):
    if event.tag is not None and event.tag != "!":
        raise _tag_problem(line, event.tag)
    value = event.value
    if event.style == '"' and (unprinted := _UNPRINTED.search(value)):  # an escape such as "\x01"
        raise YamlProblem(line, _character_message(unprinted.group()))
    if not event.implicit[0] or value[:1] not in _RESOLVED_FIRST:
        return value  # quoted: always text; or plain text
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    if tag in _PLAIN_TAGS:
        return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, value))
    return value  # strings, and dates kept as written (YYYY-MM-DD)


def parse_yaml(text: str) -> tuple[object, dict]:
    """Parse one YAML document into plain dicts/lists/scalars and a path -> line map."""
    lines: dict = {}
    return _parse(text, lines), lines


def _parse(text: str, lines: dict | None):
    """The document's data; into lines (unless None) the line of each value's path.

    One pass over libyaml's events, the commonest (scalars) tested first; paths are made only
    for lines, and only for keys, list items and containers (a mapping's value has its key's line)."""
    stack: list = []  # [container, path, pending key (mappings)] of each open container
    root = None
    documents = 0
    parser = Loader(text)
    try:
        while True:
            event = parser.get_event()
            kind = type(event)
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
                continue
            line = event.start_mark.line + 1
            if kind is yaml.ScalarEvent:
                if event.anchor:
                    raise YamlProblem(line, _ANCHORS)
                value = _scalar(event, line)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if event.anchor:
                    raise YamlProblem(line, _ANCHORS)
                if event.tag is not None and event.tag != "!" and not event.implicit:
                    raise _tag_problem(line, event.tag)
                if len(stack) >= MAX_DEPTH:
                    raise YamlProblem(line, f"nested more than {MAX_DEPTH} levels deep")
                value = {} if kind is yaml.MappingStartEvent else []
            elif kind is yaml.AliasEvent:
                raise YamlProblem(line, _ANCHORS)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlProblem(line, "only one YAML document per file (remove the second '---')")
                continue
            elif kind is yaml.StreamEndEvent:
                return root
            else:
                continue
            if not stack:
                root, path = value, ()
                if lines is not None:
                    lines[()] = line
            else:
                top = stack[-1]
                container, path, key = top
                if key is None:  # a list
                    if lines is not None:
                        path = path + (len(container),)
                        lines[path] = line
                    container.append(value)
                elif key is _NO_KEY:
                    if type(value) is dict or type(value) is list:
                        raise YamlProblem(line, "a key must be plain text, not a list or mapping")
                    key = str(value)  # field names are text; `1:` or `yes:` become '1' and 'True'
                    if key in container:
                        raise YamlProblem(line, f"duplicate key '{key}': each field may appear once")
                    top[2] = key
                    if lines is not None:
                        lines[path + (key,)] = line
                    continue
                else:
                    container[key] = value
                    top[2] = _NO_KEY
                    if kind is yaml.ScalarEvent:
                        continue
                    if lines is not None:
                        path = path + (key,)
            if kind is not yaml.ScalarEvent:
                stack.append([value, path, _NO_KEY if kind is yaml.MappingStartEvent else None])
    finally:
        parser.dispose()


def _syntax_message(error: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    problem = error.problem or "invalid YAML"
    source_lines = text.splitlines()
    source_line = source_lines[mark.line] if mark and mark.line < len(source_lines) else ""
    if "\t" in source_line[: mark.column + 1 if mark else 0] or "'\\t'" in problem:
        return line, "tab character: YAML is indented with spaces, not tabs"
    if "nesting depth" in problem:  # libyaml's own limit, met while reading ahead
        return line, f"nested more than {MAX_DEPTH} levels deep"
    where = f" (column {mark.column + 1})" if mark else ""
    context = f" {error.context}" if error.context else ""
    return line, f"YAML syntax error{where}: {problem}{context}"


def read_mapping(path: Path, root: Path, expected: str) -> tuple[dict, dict, list[Problem]]:
    """A project file of one YAML mapping (schemas/source-hosts.yaml, schemas/dead-links.yaml):
    (mapping, lines, problems); an absent file is an empty mapping, anything else a problem."""
    if not path.is_file():
        return {}, {}, []
    file = display_path(path, root)
    try:
        data, lines = parse_yaml(path.read_text(encoding="utf-8"))
    except YamlProblem as problem:
        return {}, {}, [Problem(file, problem.line, "", problem.message)]
    if not isinstance(data, dict):
        return {}, {}, [Problem(file, 1, "", f"expected a mapping of {expected}")]
    return data, lines, []


def read_document(path: Path, kind: str, file: str, size: int | None = None) -> Document | Problem:
    """Read one data file (file: its path as contributors see it; size: its size, if known), or say
    precisely why it cannot be read."""
    size = path.stat().st_size if size is None else size
    if size > MAX_FILE_BYTES:
        return Problem(file, 1, "", f"file is {size:,} bytes; data files are limited to {MAX_FILE_BYTES:,} bytes")
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        return Problem(file, 1, "", "file starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Problem(file, line, "", f"not valid UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8")
    if unprinted := _UNPRINTED_IN_FILE.search(text):  # the YAML reader would refuse some, the PDF the rest
        return Problem(file, text.count("\n", 0, unprinted.start()) + 1, "", _character_message(unprinted.group()))
    try:
        data = _parse(text, None)  # lines only if a message needs them: Document.lines
    except YamlProblem as error:
        return Problem(file, error.line, "", error.message)
    except yaml.MarkedYAMLError as error:
        line, message = _syntax_message(error, text)
        return Problem(file, line, "", message)
    if data is None:
        return Problem(file, 1, "", "file is empty; expected fields such as 'id: ...' (see `atlas new`)")
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else "a single value"
        return Problem(file, 1, "", f"expected a mapping of fields (name: value) at the top, found {found}")
    return Document(kind=kind, id=path.stem, file=file, data=data, text=text)


@dataclasses.dataclass
class Loaded:
    """What is in data/: the readable documents, the problems, and every id that has a file.

    An id whose file is broken still exists, so references to it are not reported as well.
    """

    documents: list[Document]
    problems: list[Problem]
    ids: dict[str, set[str]]


def load(data_dir: Path, kinds: list[str], root: Path, kept: dict | None = None) -> Loaded:
    """Read every data/<kind>/*.yaml; report stray files and folders too.

    kept: the files of the last load, by path, size and modification time (documents are not
    changed after reading, so one can serve two loads); a file found there is not read again, and
    kept is left holding this load's files.
    """
    loaded = Loaded([], [], {kind: set() for kind in kinds})
    read: dict[tuple, Document | Problem] = {}
    if not data_dir.is_dir():
        loaded.problems.append(Problem(display_path(data_dir, root), 1, "", "data folder not found"))
        return loaded
    for entry in sorted(data_dir.iterdir()):
        if entry.name.startswith("."):
            continue
        if not entry.is_dir() or entry.name not in kinds:
            hint = get_close_matches(entry.name, kinds, n=1)
            known = f"did you mean '{hint[0]}'?" if hint else f"known kinds: {', '.join(kinds)}"
            loaded.problems.append(Problem(display_path(entry, root), 1, "", f"not a kind of data ({known})"))
            continue
        if entry.is_symlink() or not entry.resolve().is_relative_to(root.resolve()):
            loaded.problems.append(
                Problem(
                    display_path(entry, root),
                    1,
                    "",
                    "a kind folder must be a folder in the repository, not a link to one elsewhere; move its files here",
                )
            )
            continue
        folder = display_path(entry, root)  # once: a file read is no symlink, so its folder's path and its name
        with os.scandir(entry) as items:  # each knows its type without asking the disk
            items = sorted(items, key=lambda item: item.name)
        for item in items:
            if item.name.startswith("."):
                continue
            path = entry / item.name
            if path.suffix != ".yaml" or item.is_symlink() or not item.is_file():
                loaded.problems.append(
                    Problem(display_path(path, root), 1, "", "only regular .yaml files belong here (rename .yml to .yaml)")
                )
                continue
            if not ID_PATTERN.match(path.stem):
                loaded.problems.append(
                    Problem(
                        display_path(path, root),
                        1,
                        "",
                        "file name must be a lowercase id: letters a-z, digits and single hyphens, e.g. india-canada.yaml",
                    )
                )
                continue
            loaded.ids[entry.name].add(path.stem)
            stat = item.stat()
            key = (path, entry.name, root, stat.st_mtime_ns, stat.st_size)
            result = kept[key] if kept and key in kept else read_document(path, entry.name, f"{folder}/{path.name}", stat.st_size)
            read[key] = result
            (loaded.problems if isinstance(result, Problem) else loaded.documents).append(result)
    if kept is not None:
        kept.clear()
        kept.update(read)
    return loaded
