"""Property: whatever a careless edit does to a real data file, the validator answers cleanly.

Hypothesis mutates real files (lines deleted, duplicated or swapped, text inserted, the file
cut short, values replaced by other YAML) and the validator must either accept the data or
report problems as `file:line: ...` lines, never raise anything else.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atlas.problems import DataError
from atlas.project import Project
from conftest import REPO, copy_project

FILES = sorted((REPO / "data").glob("*/*.yaml"))[::7]  # a spread over every kind
PROBLEM = re.compile(r"^data/[^:]+:\d+: .+")
YAML_BITS = ["", ":", "- ", "  ", "\t", "[", "]", "{", "}", "&a", "*a", "!!str", "---", "#", "'", '"', "|", ">",
             "null", "true", "2026-13-45", "1e999", "~", "? ", "\\", "\x00", "é", "\u202e", "http://x", "javascript:x"]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("property") / "project")


def mutate(text: str, data) -> str:
    lines = text.split("\n")
    action = data.draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "truncate", "replace"]))
    i = data.draw(st.integers(0, len(lines) - 1))
    j = data.draw(st.integers(0, len(lines) - 1))
    if action == "delete":
        del lines[i]
    elif action == "duplicate":
        lines.insert(i, lines[i])
    elif action == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif action == "insert":
        column = data.draw(st.integers(0, len(lines[i])))
        bit = data.draw(st.sampled_from(YAML_BITS) | st.text(max_size=8))
        lines[i] = lines[i][:column] + bit + lines[i][column:]
    elif action == "truncate":
        return text[: data.draw(st.integers(0, len(text)))]
    else:
        key = lines[i].split(":", 1)[0]
        lines[i] = f"{key}: {data.draw(st.sampled_from(YAML_BITS))}"
    return "\n".join(lines)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_real_data_is_accepted_or_cleanly_rejected(project, data):
    original = data.draw(st.sampled_from(FILES))
    path = project / original.relative_to(REPO)
    text = original.read_text(encoding="utf-8")
    path.write_text(mutate(text, data), encoding="utf-8", errors="surrogatepass")
    try:
        Project(project).build().graph
    except DataError as error:
        assert error.problems
        for problem in error.problems:
            assert PROBLEM.match(str(problem)), str(problem)
    finally:
        path.write_text(text, encoding="utf-8")
