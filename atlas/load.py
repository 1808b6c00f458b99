"""Step 1, load: read every data file safely, keeping the line of every value.

The reader walks libyaml's event stream itself (no recursion, no object construction by tag),
so hostile files fail fast with a clear message: aliases, custom tags, duplicate keys, deep
nesting, several documents, non-UTF-8 bytes and oversized files are all refused.
"""
from __future__ import annotations

import dataclasses
import re
from difflib import get_close_matches
from pathlib import Path

import yaml

from .problems import Problem, display_path

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 20
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_PLAIN_TAGS = {
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:null",
}


@dataclasses.dataclass
class Document:
    """One data file: its kind, id, parsed content and the line of every value."""

    kind: str
    id: str
    file: str          # as shown to contributors, e.g. data/minerals/lithium.yaml
    data: dict
    lines: dict        # path tuple -> 1-based line

    def line_of(self, path: tuple) -> int:
        """The line of the value at path, or of its nearest enclosing value."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1


_NO_KEY = object()  # a mapping waiting for its next key


class YamlProblem(Exception):
    def __init__(self, line: int, message: str):
        self.line, self.message = line, message


def _scalar(event: yaml.ScalarEvent):
    if event.tag not in (None, "!"):
        raise YamlProblem(event.start_mark.line + 1,
                          f"YAML tags such as '{event.tag}' are not allowed; write plain values")
    if not event.implicit[0]:
        return event.value  # quoted: always text
    tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, (True, False))
    if tag in _PLAIN_TAGS:
        return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, event.value))
    return event.value  # strings, and dates kept as written (YYYY-MM-DD)


def parse_yaml(text: str) -> tuple[object, dict]:
    """Parse one YAML document into plain dicts/lists/scalars and a path -> line map."""
    lines: dict = {}
    stack: list = []   # [container, path, pending_key]
    root = None
    documents = 0

    def add(value, line: int):
        nonlocal root
        if not stack:
            root = value
            lines[()] = line
            return ()
        container, path, key = stack[-1]
        if isinstance(container, list):
            path = path + (len(container),)
            container.append(value)
        else:
            if key is _NO_KEY:
                if isinstance(value, (dict, list)):
                    raise YamlProblem(line, "a key must be plain text, not a list or mapping")
                key = str(value)  # field names are text; `1:` or `yes:` become '1' and 'True'
                if key in container:
                    raise YamlProblem(line, f"duplicate key '{key}': each field may appear once")
                stack[-1][2] = key
                lines[path + (key,)] = line
                return None
            path = path + (key,)
            container[key] = value
            stack[-1][2] = _NO_KEY
        lines.setdefault(path, line)
        return path

    for event in yaml.parse(text, Loader=Loader):
        line = event.start_mark.line + 1 if event.start_mark else 1
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise YamlProblem(line, "only one YAML document per file (remove the second '---')")
        elif isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise YamlProblem(line, "YAML anchors and aliases (&name, *name) are not allowed; write the value out")
        elif isinstance(event, yaml.ScalarEvent):
            add(_scalar(event), line)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if event.tag not in (None, "!") and not event.implicit:
                raise YamlProblem(line, f"YAML tags such as '{event.tag}' are not allowed; write plain values")
            if len(stack) >= MAX_DEPTH:
                raise YamlProblem(line, f"nested more than {MAX_DEPTH} levels deep")
            container = {} if isinstance(event, yaml.MappingStartEvent) else []
            path = add(container, line)
            stack.append([container, path, _NO_KEY])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
    return root, lines


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


def read_document(path: Path, kind: str, file: str) -> Document | Problem:
    """Read one data file (file: its path as contributors see it), or say precisely why it cannot be read."""
    size = path.stat().st_size
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
    try:
        data, lines = parse_yaml(text)
    except YamlProblem as error:
        return Problem(file, error.line, "", error.message)
    except yaml.MarkedYAMLError as error:
        line, message = _syntax_message(error, text)
        return Problem(file, line, "", message)
    except yaml.reader.ReaderError as error:  # a control character the reader refuses
        line = text[: error.position].count("\n") + 1
        return Problem(file, line, "", f"control character U+{error.character:04X} is not allowed; delete it")
    if data is None:
        return Problem(file, 1, "", "file is empty; expected fields such as 'id: ...' (see `atlas new`)")
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else "a single value"
        return Problem(file, 1, "", f"expected a mapping of fields (name: value) at the top, found {found}")
    return Document(kind=kind, id=path.stem, file=file, data=data, lines=lines)


@dataclasses.dataclass
class Loaded:
    """What is in data/: the readable documents, the problems, and every id that has a file.

    An id whose file is broken still exists, so references to it are not reported as well.
    """

    documents: list[Document]
    problems: list[Problem]
    ids: dict[str, set[str]]


def load(data_dir: Path, kinds: list[str], root: Path) -> Loaded:
    """Read every data/<kind>/*.yaml; report stray files and folders too."""
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
        folder = display_path(entry, root)  # once: a file read is no symlink, so its folder's path and its name
        for path in sorted(entry.iterdir()):
            if path.name.startswith("."):
                continue
            if path.suffix != ".yaml" or path.is_symlink() or not path.is_file():
                loaded.problems.append(Problem(display_path(path, root), 1, "", "only regular .yaml files belong here (rename .yml to .yaml)"))
                continue
            if not ID_PATTERN.match(path.stem):
                loaded.problems.append(Problem(display_path(path, root), 1, "", "file name must be a lowercase id: letters a-z, digits and single hyphens, e.g. india-canada.yaml"))
                continue
            loaded.ids[entry.name].add(path.stem)
            stat = path.stat()
            key = (path, entry.name, root, stat.st_mtime_ns, stat.st_size)
            result = _LAST_READ[key] if key in _LAST_READ else read_document(path, entry.name, f"{folder}/{path.name}")
            read[key] = result
            (loaded.problems if isinstance(result, Problem) else loaded.documents).append(result)
    _LAST_READ.clear()
    _LAST_READ.update(read)
    return loaded


# Each file of the last load, by its path, size and modification time: `mkdocs serve` loads the
# data again on every save, and reads again only the files that changed. Documents are not
# changed after reading, so the same one can serve two loads.
_LAST_READ: dict[tuple, Document | Problem] = {}
