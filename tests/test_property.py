"""Property: whatever a careless edit does to a real data file, the validator answers cleanly,
and so do the history and `atlas diff` once it is committed.

Hypothesis mutates real files (lines deleted, duplicated or swapped, text inserted, the file
cut short, values replaced by other YAML) and the validator must either accept the data or
report problems as `file:line: ...` lines, never raise anything else. Committed one after the
other (with random subjects), the edits are read back by the history, which records them or
skips the file with a note, and summarised by `atlas diff`, whose headings stay its own.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atlas.diff import diff
from atlas.history import read_history
from atlas.problems import DataError
from atlas.project import Project
from conftest import REPO, copy_project

pytestmark = pytest.mark.slow  # sixty generated edits of the real data, each validated
FILES = sorted((REPO / "data").glob("*/*.yaml"))[::7]  # a spread over every kind
PROBLEM = re.compile(r"^data/[^:]+:\d+: .+")
SKIPPED = re.compile(r"data/[^:]+: unreadable at [0-9a-f]{7} \(.+\); skipped")
HEADING = re.compile(
    r"## Data changes: .+|### (Not compared \(`atlas validate` says why\)|Status transitions|Instruments and commitments|New sources|Added|Removed"
    r"|Changed fields|Pages affected \(\d+\))"
)
YAML_BITS = [
    "",
    ":",
    "- ",
    "  ",
    "\t",
    "[",
    "]",
    "{",
    "}",
    "&a",
    "*a",
    "!!str",
    "---",
    "#",
    "'",
    '"',
    "|",
    ">",
    "null",
    "true",
    "2026-13-45",
    "1e999",
    "~",
    "? ",
    "\\",
    "\x00",
    "é",
    "\u202e",
    "http://x",
    "javascript:x",
]


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
        Project(project).build()
    except DataError as error:
        assert error.problems
        for problem in error.problems:
            assert PROBLEM.match(str(problem)), str(problem)
    finally:
        path.write_text(text, encoding="utf-8")


def _git(root, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=E", "-c", "user.email=e@example.org", *args], cwd=root, check=True, capture_output=True
    )


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """A git repository holding the sampled files, committed once."""
    data = tmp_path_factory.mktemp("sample") / "data"
    for file in FILES:
        (data / file.parent.name).mkdir(parents=True, exist_ok=True)
        shutil.copy(file, data / file.parent.name / file.name)
    root = copy_project(tmp_path_factory.mktemp("history") / "project", data)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "import")
    return root


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_commits_are_read_by_the_history_and_the_diff_cleanly(repo, data):
    original = data.draw(st.sampled_from(FILES))
    path = repo / original.relative_to(REPO)  # from the original each time: the last edit of another file stays
    path.write_text(mutate(original.read_text(encoding="utf-8"), data), encoding="utf-8", errors="surrogatepass")
    subject = data.draw(st.text(st.characters(blacklist_characters="\x00"), max_size=12))
    _git(repo, "commit", "-qa", "--allow-empty", "--allow-empty-message", "-m", subject)
    project = Project(repo)
    history = read_history(repo, project.kinds())
    assert history.available and not history.note
    assert all(SKIPPED.fullmatch(note) for note in history.skipped), history.skipped
    assert not any(set(change.commit.subject) & set(map(chr, range(0x20))) for change in history.changes)
    summary = diff(project.root, project.kinds(), "HEAD~1", "HEAD")
    assert all(HEADING.fullmatch(line) for line in summary.splitlines() if line.startswith("#")), summary
