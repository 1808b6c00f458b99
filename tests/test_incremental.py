"""Loading again in the same process (`mkdocs serve` does on every save) reads only the files that
changed, and gives what a fresh load would: edits, new errors and schema changes all show."""

from __future__ import annotations

import json

import pytest

import atlas.load
from atlas.problems import DataError
from atlas.project import Project

LITHIUM = "data/minerals/lithium.yaml"


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_second_load_reads_only_the_file_that_changed(mini, monkeypatch):
    first = Project(mini).build().graph
    read = []
    real = atlas.load.read_document
    monkeypatch.setattr(atlas.load, "read_document", lambda path, *args: read.append(path) or real(path, *args))
    _edit(mini / LITHIUM, "Lithium is a light metal", "Lithium is a light, edited metal")
    second = Project(mini).build().graph
    assert read == [mini / LITHIUM]
    assert second.get("minerals", "lithium").data["summary"].startswith("Lithium is a light, edited metal")
    assert second.get("minerals", "cobalt").data == first.get("minerals", "cobalt").data
    assert Project(mini).build().graph is second  # nothing changed: the same graph
    assert read == [mini / LITHIUM]


def test_an_error_made_and_mended_between_loads_is_reported_then_gone(mini):
    Project(mini).build()
    _edit(mini / LITHIUM, "group: battery-minerals", "group: batteries")
    with pytest.raises(DataError) as error:
        Project(mini).build()
    assert f"{LITHIUM}:4:" in str(error.value) and "batteries" in str(error.value)
    _edit(mini / LITHIUM, "group: batteries", "group: battery-minerals")
    assert Project(mini).build().graph.get("minerals", "lithium").data["group"] == "battery-minerals"


def test_a_schema_change_validates_the_unchanged_files_again(mini):
    Project(mini).build()
    schema = mini / "schemas" / "minerals.schema.json"
    declared = json.loads(schema.read_text(encoding="utf-8"))
    declared["required"].append("aliases")
    schema.write_text(json.dumps(declared), encoding="utf-8")
    with pytest.raises(DataError) as error:
        Project(mini).build()
    assert "data/minerals/lithium.yaml:1:" in str(error.value) and "data/minerals/cobalt.yaml:1:" in str(error.value)
    assert "missing required field 'aliases'" in str(error.value)


def test_entity_data_is_read_only_so_no_page_changes_the_next_build(mini):
    lithium = Project(mini).build().graph.get("minerals", "lithium")
    with pytest.raises(TypeError):
        lithium.data["summary"] = "changed by a template"
    with pytest.raises(TypeError):
        lithium.data["uses"].append("changed by a view")
    assert json.loads(json.dumps(lithium.data)) == lithium.data  # still reads as plain data
    assert isinstance(lithium.data, dict) and isinstance(lithium.data["uses"], list)
