"""Hostile input on the newer paths (issue 19): crafted files that cost validation minutes, text
the PDF cannot typeset, dates in the future, control characters, forged BibTeX, symlinked kind
folders, a final newline in a pattern and GitHub annotations. Each ends in a clear `file:line:`
message or in output whose structure the data cannot change."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import time
import unicodedata
from pathlib import Path

import pytest

from atlas.cite import bibtex
from atlas.load import PRINTED
from atlas.problems import DataError, Problem
from atlas.project import Project
from conftest import REPO, copy_project, run_atlas

PARTNERSHIP = "data/partnerships/india-canada.yaml"
# more letters than SequenceMatcher's autojunk ever sets aside in 4,000 characters: its slowest case
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789αβγδεζηθικλμνξοπρστυφχψω" + "".join(
    map(chr, range(0x905, 0x923))
)


def _long_event(rng: random.Random) -> str:
    """Text of 4,000 characters (the limit), different in each event: never a copy of another."""
    return "".join(rng.choice(LETTERS) for _ in range(3999)) + "."


def _validated(root: Path) -> tuple[float, list[str]]:
    """Seconds to load and validate the project at root, and the problems found."""
    started = time.perf_counter()
    try:
        Project(root).build()
        problems = []
    except DataError as error:
        problems = [str(problem) for problem in error.problems]
    return time.perf_counter() - started, problems


SHARED_SOURCES = [f"shared-{number}" for number in range(12)]
DATES = ["2026-01-10", "2026-01-20", "2026-01-30", "2026-02-10"]


def test_events_told_on_shared_dates_from_shared_sources_validate_fast(mini):
    """8 partnerships with an event of 4,000 characters on each of 4 dates, every event citing the
    same 12 sources: valid (no text is a copy, no partnership links to another), and about 190 KiB."""
    for source in SHARED_SOURCES:
        (mini / "data" / "sources" / f"{source}.yaml").write_text(
            f"id: {source}\ntitle: A round-up\npublisher: A publisher\nkind: news\n"
            f"date: 2026-01-05\nurl: https://news.example.org/{source}\naccessed: 2026-11-25\n",
            encoding="utf-8",
        )
    template = (mini / PARTNERSHIP).read_text(encoding="utf-8")
    head = template[: template.index("timeline:")]
    rng = random.Random(19)
    for number in range(8):
        events = "".join(
            f"  - date: {date}\n"
            + ("    instrument: canada-agreement\n" if date == DATES[-1] else "")
            + f"    event: {_long_event(rng)}\n    evidence: reported\n"
            + ("    status: under-consideration\n" if date == DATES[-1] else "")
            + f"    sources: [{', '.join(SHARED_SOURCES)}]\n"
            for date in DATES
        )
        text = head.replace("id: india-canada", f"id: crafted-{number}") + "timeline:\n" + events
        text += "sources: [example-news, example-statement]\nlast_reviewed: 2026-11-25\nlast_searched: 2026-11-25\n"
        (mini / "data" / "partnerships" / f"crafted-{number}.yaml").write_text(text, encoding="utf-8")
    size = sum(p.stat().st_size for p in (mini / "data" / "partnerships").glob("crafted-*.yaml"))
    assert size > 190 * 1024
    seconds, problems = _validated(mini)
    assert problems == [] and seconds < 2, f"took {seconds:.1f} s"


def test_a_file_citing_5000_unknown_sources_is_refused_fast(tmp_path):
    root = copy_project(tmp_path / "project")
    known = sorted(path.stem for path in (root / "data" / "sources").glob("*.yaml"))
    ids = [f"{known[number % len(known)][:40]}-{number}" for number in range(5000)]  # each near a real id
    (root / "data" / "minerals" / "testium.yaml").write_text(
        "id: testium\nname: Test\ngroup: battery-minerals\ncritical_list_2023: true\nsummary: S.\nuses: [U]\n"
        f"sources: [{', '.join(ids)}]\nlast_reviewed: 2026-11-25\n",
        encoding="utf-8",
    )
    seconds, problems = _validated(root)
    assert seconds < 2, f"took {seconds:.1f} s"
    assert len(problems) == 5000 and all(p.startswith("data/minerals/testium.yaml:7: sources[") for p in problems)
    assert sum("did you mean" in problem for problem in problems) == 3  # the first three


def _refused(root: Path) -> list[str]:
    problems = _validated(root)[1]
    assert problems, "accepted"
    return problems


def _set_title(root: Path, title: str) -> None:
    path = root / PARTNERSHIP
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"\ntitle: .*\n", lambda _: f"\ntitle: {title}\n", text), encoding="utf-8")


# Names as a partner writes them: Chinese, Japanese and Korean, full-width Latin, Devanagari
WRITTEN = {
    "cjk": "中印关键矿产合作 日本との協力 한국 협력",
    "full-width": "ＩＮＤＩＡ–ＪＡＰＡＮ　（ＪＯＧＭＥＣ）",
    "devanagari": "भारत–कनाडा महत्वपूर्ण खनिज सहयोग",
}


@pytest.mark.parametrize("case", sorted(WRITTEN))
def test_names_in_cjk_full_width_and_devanagari_are_typeset_in_the_pdf(mini, case):
    """Before, one CJK or full-width character failed the PDF/UA check ("the text could not be displayed")."""
    _set_title(mini, WRITTEN[case])
    result = run_atlas(mini, "pdf", "--out", "atlas.pdf")
    assert result.returncode == 0, result.stderr
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(mini / "atlas.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert " ".join(WRITTEN[case].split()) in " ".join(text.split())  # an ideographic space is read as a space


UNPRINTED = {
    "emoji": ("\U0001f600", "U+1F600 (GRINNING FACE)"),
    "Arabic": ("\u0639", "U+0639 (ARABIC LETTER AIN)"),
    "a private-use character": ("\ue000", "U+E000 (unnamed)"),
}


@pytest.mark.parametrize("case", sorted(UNPRINTED))
def test_a_character_no_font_prints_is_refused_with_its_name(mini, case):
    character, named = UNPRINTED[case]
    _set_title(mini, f"India{character}Canada")
    assert _refused(mini) == [
        f"{PARTNERSHIP}:3: character {named} cannot be printed: the PDF's fonts have Latin, "
        "Greek, Cyrillic, Devanagari, Tamil, Malayalam, Chinese, Japanese and Korean letters; "
        "write it in one of those or leave it out"
    ]


def _charset(font_file: str) -> set[int]:
    """The characters a font file has glyphs for, as fontconfig reads it."""
    ranges = subprocess.run(
        ["fc-query", "-i", "0", "--format", "%{charset}", font_file], capture_output=True, text=True, check=True
    ).stdout.split()
    return {
        code
        for item in ranges
        for start, _, end in [item.partition("-")]
        for code in range(int(start, 16), int(end or start, 16) + 1)
    }


def test_every_character_data_may_hold_has_a_glyph_in_every_style_the_pdf_uses():
    """PRINTED (atlas/load.py) against the fonts templates/pdf/briefing.typ names, in the regular
    and bold styles (an italic falls back to the regular where a family has none)."""
    families = re.search(r"font: \((.*?)\)", (REPO / "templates/pdf/briefing.typ").read_text(encoding="utf-8")).group(1)
    families = re.findall(r'"([^"]+)"', families)
    printed = {code for code in range(0x110000) if re.fullmatch(f"[{PRINTED}]", chr(code))} - {0x09, 0x0A}
    for style in ("Regular", "Bold"):
        covered = set()
        for family in families:
            files = subprocess.run(
                ["fc-match", "-s", "--format", "%{family[0]}|%{file}\n", f"{family}:style={style}"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.splitlines()
            own = [line.split("|", 1)[1] for line in files if line.split("|", 1)[0] == family]
            assert own, f"font {family} is not installed (make setup installs it)"
            covered |= _charset(own[0])
        missing = sorted(code for code in printed - covered if unicodedata.category(chr(code)) != "Cn")
        assert not missing, f"{style}: no glyph for " + ", ".join(f"U+{code:04X}" for code in missing[:20])


CONTROL = {
    "start of heading": ('"India\\x01Canada"', "U+0001"),
    "carriage return": ('"India\\rCanada"', "U+000D"),
    "escape": ('"India\\eCanada"', "U+001B"),
    "null": ('"India\\0Canada"', "U+0000"),
}


@pytest.mark.parametrize("case", sorted(CONTROL))
def test_a_control_character_written_as_an_escape_is_refused(mini, case):
    """The YAML reader refuses control characters in the file, but not those a double-quoted escape writes."""
    escape, code = CONTROL[case]
    _set_title(mini, escape)
    assert _refused(mini) == [f"{PARTNERSHIP}:3: control character {code} is not allowed; delete it"]


def test_a_tab_escape_is_still_text(mini):
    _set_title(mini, '"India\\tCanada Cooperation"')
    assert Project(mini).build().graph


@pytest.mark.parametrize("field", ["title: ", "publisher: "])
def test_a_one_line_field_refuses_a_line_break(mini, field):
    """A title or a publisher is printed on one line everywhere (the PR diff, feeds, CSV, BibTeX):
    a line break in it is refused, not carried into their structure (issue 19, item 3)."""
    path = mini / "data" / "sources" / "example-news.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("\n" + field) + 1
    end = text.index("\n", start)
    path.write_text(text[:start] + field + '"A\\n## heading\\n<!--"' + text[end:], encoding="utf-8")
    line = text[:start].count("\n") + 1
    assert _refused(mini) == [
        f"data/sources/example-news.yaml:{line}: {field.rstrip(': ')}: 'A\\n## heading\\n<!--' is not in "
        "the expected form; write it on one line, without line breaks"
    ]


FUTURE = {
    "accessed after 2106": (
        "data/sources/example-news.yaml",
        "accessed: 2026-11-25",
        "accessed: 2107-01-01",
        "accessed: '2107-01-01' is not in the expected form; dates are YYYY-MM-DD from 1900 to 2099, e.g. 2026-02-10",
    ),
    "accessed next year": (
        "data/sources/example-news.yaml",
        "accessed: 2026-11-25",
        "accessed: 2027-06-01",
        "accessed: 2027-06-01 is after 2026-11-25, the newest last_reviewed in the data; give "
        "the date it happened, or set last_reviewed to today on the pages you checked",
    ),
    "an event in the future": (
        PARTNERSHIP,
        "  - date: 2026-01-20",
        "  - date: 2030-01-20",
        "timeline[0].date: 2030-01-20 is after 2026-11-25, the newest last_reviewed in "
        "the data; give the date it happened, or set last_reviewed to today on the pages "
        "you checked",
    ),
}


@pytest.mark.parametrize("case", sorted(FUTURE))
def test_a_date_in_the_future_is_refused(mini, case):
    """Before, an accessed date after 2106 crashed the build in gzip, and one a year ahead marked
    every page "not reviewed for over a year"."""
    file, old, new, message = FUTURE[case]
    path = mini / file
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    assert _refused(mini) == [f"{file}:{line}: {message}"]


def _fields(entry: str) -> dict[str, str]:
    """A BibTeX entry's fields read as BibTeX reads them: a braced value ends at the brace that
    balances its opening one, and a backslash does not stop a brace from counting."""
    assert entry.startswith("@misc{") and entry.endswith("}")
    body, fields, position = entry[len("@misc{") : -1], {}, 0
    position = body.index(",") + 1  # after the key
    while match := re.compile(r"\s*(\w+)\s*=\s*\{").match(body, position):
        depth, end = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(body[end], 0)
            end += 1
        fields[match.group(1)] = body[match.end() : end - 1]
        position = end
        assert body[position : position + 1] in (",", "\n", ""), f"text after the field {match.group(1)}"
        position += 1
    assert not body[position:].strip(), f"left over: {body[position:]!r}"
    return fields


@pytest.mark.parametrize(
    "title",
    [
        "X}, howpublished = {evil}",
        r"X\}, howpublished = {evil",
        "{{{ unbalanced",
        "}}} unbalanced",
        r"back\slash\ and \\} and {\}",
    ],
)
def test_no_title_can_close_a_bibtex_field(title):
    entry = bibtex("Atlas", title, "https://example.org/a/", "2026-03-02", "v1.0", "minerals/tin/")
    fields = _fields(entry)
    assert list(fields) == ["author", "title", "year", "version", "note", "howpublished"]
    assert fields["howpublished"] == r"\url{https://example.org/a/}"
    assert "{" not in fields["title"].replace("{}", "") and "}" not in fields["title"].replace("{}", "")


def test_bibtex_url_braces_cannot_close_the_field():
    fields = _fields(bibtex("Atlas", "T", "https://example.org/}x={", "2026-03-02", "v1.0", "a/"))
    assert fields["howpublished"] == r"\url{https://example.org/%7Dx=%7B}"


def test_a_kind_folder_linked_to_elsewhere_is_refused(mini, tmp_path):
    """Before, data/policies linked to a folder outside the repository published its files, with
    the build machine's absolute path in the edit link."""
    elsewhere = tmp_path / "elsewhere"
    (mini / "data" / "policies").rename(elsewhere)
    (mini / "data" / "policies").symlink_to(elsewhere, target_is_directory=True)
    problems = _refused(mini)
    assert (
        "data/policies:1: a kind folder must be a folder in the repository, not a link to one elsewhere; move its files here"
    ) in problems
    assert not any(str(tmp_path / "elsewhere") in problem for problem in problems)


def test_a_kind_folder_linked_inside_the_repository_is_refused_too(mini):
    (mini / "data" / "policies").rename(mini / "policies")
    (mini / "data" / "policies").symlink_to(mini / "policies", target_is_directory=True)
    assert any(
        problem.startswith("data/policies:1: a kind folder must be a folder in the repository") for problem in _refused(mini)
    )


def test_a_url_with_a_final_newline_is_refused(mini):
    """Python's $ matches before a final newline; the pattern ends at the end of the text instead."""
    path = mini / "data" / "sources" / "example-news.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"\nurl: .*\n", lambda _: '\nurl: "https://example.org/\\n"\n', text), encoding="utf-8")
    line = text[: text.index("\nurl:")].count("\n") + 2
    assert _refused(mini) == [
        f"data/sources/example-news.yaml:{line}: url: 'https://example.org/\\n' is not in the "
        "expected form; use a full http:// or https:// address you have opened"
    ]


def test_editors_and_both_validators_read_the_patterns_alike():
    """The schemas' patterns in Python's re (jsonschema and, as kinds.py rewrites them, the compiled
    validator) and in ECMA-262, the dialect of JSON Schema editors: the same answers."""
    definitions = json.loads((REPO / "schemas" / "common.defs.json").read_text(encoding="utf-8"))["$defs"]
    cases = {
        "id": ["india-canada", "india-canada\n"],
        "date": ["2026-02-10", "2026-02-10\n", "2107-01-01"],
        "url": ["https://example.org/", "https://example.org/\n"],
    }
    script = (
        "const [pattern, ...values] = JSON.parse(process.argv[1]);"
        "console.log(JSON.stringify(values.map(v => new RegExp(pattern, 'u').test(v))))"
    )
    for name, values in cases.items():
        pattern = definitions[name]["pattern"]
        python = [bool(re.search(pattern, value)) for value in values]
        ecma = json.loads(
            subprocess.run(
                ["node", "-e", script, json.dumps([pattern, *values])], capture_output=True, text=True, check=True
            ).stdout
        )
        assert python == ecma == [True] + [False] * (len(values) - 1), name


def test_github_annotation_properties_are_escaped():
    problem = Problem("data/minerals/a,b\nc:d%.yaml", 1, "", "line one\nline two: 100%")
    assert problem.github_annotation() == ("::error file=data/minerals/a%2Cb%0Ac%3Ad%25.yaml,line=1::line one%0Aline two: 100%25")


def test_a_file_name_with_a_newline_and_a_comma_gives_one_annotation_line(mini):
    (mini / "data" / "minerals" / "a,b\nc.yaml").write_text("id: x\n", encoding="utf-8")
    result = run_atlas(mini, "validate", env={**os.environ, "GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    message = "file name must be a lowercase id: letters a-z, digits and single hyphens, e.g. india-canada.yaml"
    annotations = [line for line in result.stdout.splitlines() + result.stderr.splitlines() if line.startswith("::")]
    assert annotations == [f"::error file=data/minerals/a%2Cb%0Ac.yaml,line=1::{message}"]
    assert result.stderr.splitlines()[0] == f"data/minerals/a,b\\x0ac.yaml:1: {message}"
