"""Property: whatever text a contributor writes, it is refused with a `file:line:` message or
stays text: only printable characters reach the outputs, no title closes a BibTeX field, and no
file name or message breaks a GitHub annotation out of its line."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from atlas.cite import bibtex
from atlas.load import PRINTED, Document, read_document
from atlas.problems import Problem
from test_hostile_paths import _fields

ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=40)  # every code point but lone surrogates
TRICKY = st.text(st.sampled_from("{}\\%$#&_~^ x,\n\r:\x01\u3000中😀"), max_size=30)


@settings(max_examples=200, deadline=None)
@given(title=st.one_of(ANY_TEXT, TRICKY))
def test_any_title_escaped_in_yaml_is_refused_or_printable(tmp_path_factory, title):
    path = tmp_path_factory.mktemp("text") / "testium.yaml"
    # a double-quoted YAML string, as JSON writes it: every character possible, escapes included
    path.write_text(f"id: testium\nname: {json.dumps(title)}\n", encoding="utf-8")
    result = read_document(path, "minerals", "data/minerals/testium.yaml")
    if isinstance(result, Problem):
        assert result.file == "data/minerals/testium.yaml" and result.line == 2 and result.message
    else:
        assert isinstance(result, Document) and re.fullmatch(f"[{PRINTED}]*", result.data["name"])


@settings(max_examples=300, deadline=None)
@given(title=st.one_of(ANY_TEXT, TRICKY), version=TRICKY)
def test_no_text_closes_a_bibtex_field(title, version):
    fields = _fields(bibtex("Atlas", title, "https://example.org/a/", "2026-03-02", version, "minerals/tin/"))
    assert list(fields) == ["author", "title", "year", "version", "note", "howpublished"]
    assert fields["year"] == "2026" and fields["howpublished"] == r"\url{https://example.org/a/}"


@settings(max_examples=300, deadline=None)
@given(file=st.one_of(ANY_TEXT, TRICKY), message=st.one_of(ANY_TEXT, TRICKY))
def test_an_annotation_is_one_line_whose_properties_say_the_file(file, message):
    annotation = Problem(file, 3, "", message).github_annotation()
    assert "\n" not in annotation and "\r" not in annotation
    properties, _, _ = annotation.removeprefix("::error ").partition("::")
    values = dict(item.split("=", 1) for item in properties.split(","))
    assert list(values) == ["file", "line"] and values["line"] == "3"
    unescaped = re.sub("%(25|0D|0A|3A|2C)", lambda m: bytes.fromhex(m.group(1)).decode(), values["file"])
    assert unescaped == file
