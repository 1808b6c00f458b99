"""Hostile and broken input: every case ends in one clear `file:line:` message and exit 1, fast.

Each case writes one file into a copy of the small fixture project. The expected outcome is
the line and the message a contributor sees.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from atlas.problems import DataError
from atlas.project import Project
from conftest import run_atlas

SOURCE = "id: {id}\ntitle: A title\npublisher: A publisher\nkind: news\nurl: {url}\naccessed: 2026-11-25\nundated: Not shown.\n"
MINERAL = (
    "id: {id}\nname: Test\ngroup: battery-minerals\ncritical_list_2023: true\nsummary: S.\n"
    "uses: [U]\nsources: [example-news]\nlast_reviewed: 2026-11-25\n"
)


def mineral(**fields) -> str:
    """A valid mineral file with some fields replaced (or added at the end)."""
    data = dict(line.split(": ", 1) for line in MINERAL.format(id="testium").splitlines())
    data.update(fields)
    return "".join(f"{key}: {value}\n" for key, value in data.items())


LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)

# name: (file under data/, content, expected line, expected message, after "file:line: ")
CASES = {
    "syntax error": (
        "minerals/testium.yaml",
        "id: testium\nname: [unclosed\n",
        3,
        "YAML syntax error (column 1): did not find expected ',' or ']' while parsing a flow sequence",
    ),
    "tab indentation": (
        "minerals/testium.yaml",
        "id: testium\nuses:\n\t- x\n",
        3,
        "tab character: YAML is indented with spaces, not tabs",
    ),
    "duplicate key": (
        "minerals/testium.yaml",
        mineral() + "name: Again\n",
        9,
        "duplicate key 'name': each field may appear once",
    ),
    "not UTF-8": (
        "minerals/testium.yaml",
        b"id: testium\nname: Caf\xe9\n",
        2,
        "not valid UTF-8 (byte 0xe9); save the file as UTF-8",
    ),
    "byte-order mark": (
        "minerals/testium.yaml",
        "\ufeff" + mineral(),
        1,
        "file starts with a byte-order mark (BOM); save it as UTF-8 without BOM",
    ),
    "empty file": ("minerals/testium.yaml", "", 1, "file is empty; expected fields such as 'id: ...' (see `atlas new`)"),
    "only a comment": (
        "minerals/testium.yaml",
        "# nothing here\n",
        1,
        "file is empty; expected fields such as 'id: ...' (see `atlas new`)",
    ),
    "a list at the top": (
        "minerals/testium.yaml",
        "- id: testium\n",
        1,
        "expected a mapping of fields (name: value) at the top, found a list",
    ),
    "a scalar at the top": (
        "minerals/testium.yaml",
        "just some text\n",
        1,
        "expected a mapping of fields (name: value) at the top, found a single value",
    ),
    "number for text": ("minerals/testium.yaml", mineral(name="123"), 2, "name: expected text, found 123"),
    "text for a boolean": (
        "minerals/testium.yaml",
        mineral(critical_list_2023='"yes"'),
        4,
        "critical_list_2023: expected true or false, found 'yes'",
    ),
    "text for a list": ("minerals/testium.yaml", mineral(uses="batteries"), 6, "uses: expected a list, found 'batteries'"),
    "mapping for a list": ("minerals/testium.yaml", mineral(uses="{a: b}"), 6, "uses: expected a list, found a mapping"),
    "list for text": ("minerals/testium.yaml", mineral(summary="[a, b]"), 5, "summary: expected text, found a list"),
    "null for text": ("minerals/testium.yaml", mineral(summary="null"), 5, "summary: expected text, found None"),
    "text too long": (
        "minerals/testium.yaml",
        mineral(summary="x" * 5000),
        5,
        "summary: is too long (5000 characters; at most 4000)",
    ),
    "unknown key": (
        "minerals/testium.yaml",
        mineral() + "colour: grey\n",
        9,
        "colour: unknown field 'colour'; allowed fields: id, name, aliases, symbol, group, critical_list_2023, summary, "
        "uses, facts, for_review, sources, last_reviewed",
    ),
    "id does not match the file": (
        "minerals/testium.yaml",
        MINERAL.format(id="other"),
        1,
        "id: id 'other' does not match the file name; use 'id: testium' or rename the file to other.yaml",
    ),
    "id with ..": (
        "minerals/testium.yaml",
        MINERAL.format(id="../etc/passwd"),
        1,
        "id: '../etc/passwd' is not in the expected form; ids are lowercase letters, digits and single hyphens, e.g. india-canada",
    ),
    "file name with capitals": (
        "minerals/Testium.yaml",
        MINERAL.format(id="Testium"),
        1,
        "file name must be a lowercase id: letters a-z, digits and single hyphens, e.g. india-canada.yaml",
    ),
    "file name with a space": (
        "minerals/test ium.yaml",
        MINERAL.format(id="test ium"),
        1,
        "file name must be a lowercase id: letters a-z, digits and single hyphens, e.g. india-canada.yaml",
    ),
    "file name with a look-alike letter": (
        "minerals/test\u0456um.yaml",
        MINERAL.format(id="test\u0456um"),
        1,
        "file name must be a lowercase id: letters a-z, digits and single hyphens, e.g. india-canada.yaml",
    ),
    "reference with a path": (
        "minerals/testium.yaml",
        mineral(sources="[../../etc/passwd]"),
        7,
        "sources[0]: unknown source '../../etc/passwd' (no file data/sources/../../etc/passwd.yaml; "
        "add one or use an id from data/sources/)",
    ),
    "impossible date": (
        "minerals/testium.yaml",
        mineral(last_reviewed="2026-02-30"),
        8,
        "last_reviewed: '2026-02-30' is not a valid date; dates are YYYY-MM-DD from 1900 to 2099, e.g. 2026-02-10",
    ),
    "date and time": (
        "minerals/testium.yaml",
        mineral(last_reviewed="2026-02-03T10:00:00"),
        8,
        "last_reviewed: '2026-02-03T10:00:00' is not a valid date; dates are YYYY-MM-DD from 1900 to 2099, e.g. 2026-02-10",
    ),
    "javascript URL": (
        "sources/bad.yaml",
        SOURCE.format(id="bad", url="javascript:alert(1)"),
        5,
        "url: 'javascript:alert(1)' is not in the expected form; use a full http:// or https:// address you have opened",
    ),
    "data URL": (
        "sources/bad.yaml",
        SOURCE.format(id="bad", url="data:text/html;base64,PHNjcmlwdD4="),
        5,
        "url: 'data:text/html;base64,PHNjcmlwdD4=' is not in the expected form; use a full http:// or https:// address you have opened",
    ),
    "relative URL": (
        "sources/bad.yaml",
        SOURCE.format(id="bad", url="/etc/passwd"),
        5,
        "url: '/etc/passwd' is not in the expected form; use a full http:// or https:// address you have opened",
    ),
    "URL with a quote": (
        "sources/bad.yaml",
        SOURCE.format(id="bad", url="'https://x.org/\"onmouseover=alert(1)'"),
        5,
        "url: 'https://x.org/\"onmouseover=alert(1)' is not in the expected form; use a full http:// or https:// address you have opened",
    ),
    "billion laughs": (
        "minerals/testium.yaml",
        LAUGHS,
        1,
        "YAML anchors and aliases (&name, *name) are not allowed; write the value out",
    ),
    "deep nesting": (
        "minerals/testium.yaml",
        "id: testium\nname: " + "[" * 5000 + "]" * 5000 + "\n",
        2,
        "nested more than 20 levels deep",
    ),
    "python object tag": (
        "minerals/testium.yaml",
        "id: testium\nname: !!python/object/apply:os.system [echo hacked]\n",
        2,
        "YAML tags such as 'tag:yaml.org,2002:python/object/apply:os.system' are not allowed; write plain values",
    ),
    "custom tag on a mapping": (
        "minerals/testium.yaml",
        "id: testium\nname: !thing {a: 1}\n",
        2,
        "YAML tags such as '!thing' are not allowed; write plain values",
    ),
    "two documents": (
        "minerals/testium.yaml",
        mineral() + "---\nid: other\n",
        9,
        "only one YAML document per file (remove the second '---')",
    ),
    "a mapping as a key": (
        "minerals/testium.yaml",
        "id: testium\n? {a: 1}\n: x\n",
        2,
        "a key must be plain text, not a list or mapping",
    ),
    "control character": (
        "minerals/testium.yaml",
        "id: testium\nname: bad\x07bell\n",
        2,
        "control character U+0007 is not allowed; delete it",
    ),
    "wrong extension": ("minerals/testium.yml", mineral(), 1, "only regular .yaml files belong here (rename .yml to .yaml)"),
    "unknown kind folder": ("mineral/testium.yaml", mineral(), 1, "not a kind of data (did you mean 'minerals'?)"),
}
HUGE = 50 * 1024 * 1024


def write_case(root: Path, relative: str, content) -> Path:
    path = root / "data" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.write_bytes if isinstance(content, bytes) else lambda c: path.write_text(c, encoding="utf-8"))(content)
    return path


def expected_file(relative: str) -> str:
    return "data/mineral" if relative.startswith("mineral/") else f"data/{relative}"


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_file_gets_one_clear_message_fast(mini, case):
    relative, content, line, message = CASES[case]
    write_case(mini, relative, content)
    started = time.perf_counter()
    with pytest.raises(DataError) as raised:
        Project(mini).build()
    elapsed = time.perf_counter() - started
    assert [str(p) for p in raised.value.problems] == [f"{expected_file(relative)}:{line}: {message}"]
    assert elapsed < 0.5, f"{case} took {elapsed:.2f}s"


def test_a_50_mb_file_is_refused_without_reading_it(mini):
    path = mini / "data" / "minerals" / "huge.yaml"
    with path.open("wb") as stream:
        stream.write(b"id: huge\nname: ")
        stream.write(b"x" * HUGE)
    started = time.perf_counter()
    with pytest.raises(DataError) as raised:
        Project(mini).build()
    assert time.perf_counter() - started < 0.5
    assert [str(p) for p in raised.value.problems] == [
        f"data/minerals/huge.yaml:1: file is {path.stat().st_size:,} bytes; data files are limited to 262,144 bytes"
    ]


@pytest.mark.parametrize("case", ["billion laughs", "python object tag", "not UTF-8", "deep nesting", "byte-order mark"])
def test_the_command_exits_1_without_a_traceback(mini, case):
    relative, content, line, message = CASES[case]
    write_case(mini, relative, content)
    result = run_atlas(mini, "validate")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == f"data/{relative}:{line}: {message}"
