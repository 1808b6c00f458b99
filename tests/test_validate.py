"""What a contributor sees for each mistake: the exact message, its line, the exit status."""

from __future__ import annotations

import collections
import functools
import json
import operator

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from atlas.kinds import Kind, load_kinds
from atlas.load import load, read_document
from atlas.validate import check_schema, explain
from conftest import run_atlas

PARTNERSHIP = "data/partnerships/india-canada.yaml"


def edit(root, relative, old, new):
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(root):
    result = run_atlas(root, "validate")
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    return [line for line in result.stderr.splitlines() if line.startswith("data/")]


def test_valid_data_passes(mini):
    result = run_atlas(mini, "validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok: 1 partnerships, 2 minerals, 2 countries, 2 organizations, 1 policies, 2 sources"


CASES = {
    "misspelled mineral": (
        PARTNERSHIP,
        "minerals: [lithium, cobalt]",
        "minerals: [lithum, cobalt]",
        "data/partnerships/india-canada.yaml:13: minerals[0]: unknown mineral 'lithum' (did you mean 'lithium'?)",
    ),
    "missing source file": (
        PARTNERSHIP,
        "    status: under-consideration\n    sources: [example-news]\n",
        "    status: under-consideration\n    sources: [reuters-2026]\n",
        "data/partnerships/india-canada.yaml:39: timeline[1].sources[0]: unknown source 'reuters-2026' "
        "(no file data/sources/reuters-2026.yaml; add one or use an id from data/sources/)",
    ),
    "event without a source": (
        PARTNERSHIP,
        "    status: under-consideration\n    sources: [example-news]\n",
        "    status: under-consideration\n    sources: []\n",
        "data/partnerships/india-canada.yaml:39: timeline[1].sources: needs at least one item; add a source id from data/sources/",
    ),
    "impossible date": (
        PARTNERSHIP,
        "status_confirmed: 2026-02-10",
        "status_confirmed: 2026-02-30",
        "data/partnerships/india-canada.yaml:11: status_confirmed: '2026-02-30' is not a valid date; dates are YYYY-MM-DD from 1900 to 2099, e.g. 2026-02-10",
    ),
    "date in another format": (
        PARTNERSHIP,
        "status_confirmed: 2026-02-10",
        "status_confirmed: 10/02/2026",
        "data/partnerships/india-canada.yaml:11: status_confirmed: '10/02/2026' is not a valid date; dates are YYYY-MM-DD from 1900 to 2099, e.g. 2026-02-10",
    ),
    "unknown field": (
        PARTNERSHIP,
        "instrument: agreement",
        "instrument: agreement\nstatuss: signed",
        "data/partnerships/india-canada.yaml:10: statuss: unknown field 'statuss' (did you mean 'status'?); allowed fields: "
        "id, title, aliases, summary, countries, organizations, indian_bodies, policies, part_of, instrument, status, status_confirmed, "
        "evidence, minerals, stages, instruments, timeline, facts, for_review, sources, last_reviewed, last_searched",
    ),
    "value not in the list": (
        PARTNERSHIP,
        "status: under-consideration",
        "status: sigend",
        "data/partnerships/india-canada.yaml:10: status: 'sigend' is not allowed (did you mean 'signed'?); choose one of: "
        "requested, in-talks, under-consideration, signed, adopted, in-force, stalled, lapsed, superseded",
    ),
    "missing required field": (
        PARTNERSHIP,
        "evidence: reported\n",
        "",
        "data/partnerships/india-canada.yaml:2: missing required field 'evidence'",
    ),
    "id does not match file name": (
        PARTNERSHIP,
        "id: india-canada",
        "id: india-kanada",
        "data/partnerships/india-canada.yaml:2: id: id 'india-kanada' does not match the file name; "
        "use 'id: india-canada' or rename the file to india-kanada.yaml",
    ),
    "duplicate key": (
        PARTNERSHIP,
        "instrument: agreement",
        "instrument: agreement\ninstrument: mou",
        "data/partnerships/india-canada.yaml:10: duplicate key 'instrument': each field may appear once",
    ),
    "tab indentation": (
        PARTNERSHIP,
        "  - date: 2026-01-20",
        "\t- date: 2026-01-20",
        "data/partnerships/india-canada.yaml:27: tab character: YAML is indented with spaces, not tabs",
    ),
    "wrong type": (
        PARTNERSHIP,
        "minerals: [lithium, cobalt]",
        "minerals: lithium",
        "data/partnerships/india-canada.yaml:13: minerals: expected a list, found 'lithium'",
    ),
    "javascript URL": (
        "data/sources/example-news.yaml",
        "url: https://news.example.org/2026/02/10/talks",
        "url: javascript:alert(1)",
        "data/sources/example-news.yaml:6: url: 'javascript:alert(1)' is not in the expected form; use a full http:// or https:// address you have opened",
    ),
    "source without url or review note": (
        "data/sources/example-news.yaml",
        "url: https://news.example.org/2026/02/10/talks\n",
        "",
        "data/sources/example-news.yaml:1: missing required field 'for_review'; a source without url must say in for_review what to check",
    ),
    "reference loop": (
        "data/organizations/ministry-of-mines.yaml",
        "country: india",
        "country: india\nparents: [kabil]",
        "data/organizations/kabil.yaml:6: parents: references loop back to 'kabil': kabil -> ministry-of-mines -> kabil; remove one link",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_contributor_mistake(mini, case):
    relative, old, new, expected = CASES[case]
    edit(mini, relative, old, new)
    assert problems(mini) == [expected]


def test_all_problems_are_reported_at_once(mini):
    for case in ("misspelled mineral", "impossible date", "javascript URL"):
        relative, old, new, _ = CASES[case]
        edit(mini, relative, old, new)
    assert len(problems(mini)) == 3


def test_failed_validation_builds_nothing(mini):
    edit(mini, *CASES["misspelled mineral"][:3])
    result = run_atlas(mini, "build", "--out", "site")
    assert result.returncode == 1
    assert "unknown mineral 'lithum'" in result.stderr
    assert not (mini / "site").exists()
    assert not list(mini.glob(".site*"))


def test_github_annotations(mini):
    edit(mini, *CASES["misspelled mineral"][:3])
    result = run_atlas(mini, "validate", env={**__import__("os").environ, "GITHUB_ACTIONS": "true"})
    assert result.stdout.strip() == (
        "::error file=data/partnerships/india-canada.yaml,line=13::minerals[0]: unknown mineral 'lithum' (did you mean 'lithium'?)"
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_editor_schema_and_validator_agree(mini, case):
    """An editor using only schemas/*.json flags a file exactly when atlas's schema check does."""
    from test_contributor_tools import _editor_validator

    relative, old, new, _ = CASES[case]
    edit(mini, relative, old, new)
    kind = relative.split("/")[1]
    document = read_document(mini / relative, kind, relative)
    if not hasattr(document, "data"):
        pytest.skip("a YAML-level problem: editors report it as a syntax error")
    by_atlas = [p for p in check_schema(document, load_kinds(mini / "schemas")[kind]) if p.path != "id"]
    by_editor = list(_editor_validator(kind).iter_errors(__import__("json").loads(__import__("json").dumps(document.data))))
    assert bool(by_atlas) == bool(by_editor)


def test_a_broken_file_is_one_problem_not_a_cascade(mini):
    """lithium.yaml cannot be read, but it exists: pages referring to it are not reported too."""
    (mini / "data" / "minerals" / "lithium.yaml").write_text("id: lithium\nname: [unclosed\n", encoding="utf-8")
    assert problems(mini) == [
        "data/minerals/lithium.yaml:3: YAML syntax error (column 1): did not find expected ',' or ']' while parsing a flow sequence"
    ]


def test_mkdocs_build_fails_with_the_same_messages(mini):
    import subprocess
    import sys

    edit(mini, *CASES["misspelled mineral"][:3])
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(mini / "out")],
        cwd=mini,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert CASES["misspelled mineral"][3] in result.stderr
    assert "Traceback" not in result.stderr


WRONG = [None, True, 7, "", "x" * 5000, [], ["a", "a"], {}, {"k": 1}, "2026-02-30", "Not An Id", "javascript:alert(1)"]
DELETED = object()


def _made_wrong(data, wrong_values=WRONG):
    """The document with each value in turn made wrong in each way given (those above) or deleted,
    and with an unknown field in each mapping."""

    def places(value, path=()):
        yield path, value
        if isinstance(value, (dict, list)):
            for key, item in value.items() if isinstance(value, dict) else enumerate(value):
                yield from places(item, path + (key,))

    def changed(path, wrong):
        copy = json.loads(json.dumps(data))
        parent = functools.reduce(operator.getitem, path[:-1], copy)
        if wrong is DELETED:
            del parent[path[-1]]
        else:
            parent[path[-1]] = wrong
        return copy

    for path, value in places(data):
        if isinstance(value, dict):
            yield changed(path + ("extra",), 1)
        if path:
            yield from (changed(path, wrong) for wrong in [*wrong_values, DELETED])


def test_validators_give_the_errors_of_the_schemas_as_written(mini):
    """atlas.kinds puts each $ref's target in its place, so validating looks nothing up: every
    error, for every value of the mini data made wrong in many ways, is the one the schemas as
    written give (keyword, path, message, hint), and so is what contributors read."""
    kinds = load_kinds(mini / "schemas")
    documents = [json.loads(p.read_text(encoding="utf-8")) for p in (mini / "schemas").glob("*.json")]
    registry = Registry().with_resources((d["$id"], Resource.from_contents(d)) for d in documents)

    def errors(validator, data):
        return [
            (list(e.absolute_path), e.validator, e.message, e.schema.get("x-hint"), explain(e))
            for e in validator.iter_errors(data)
        ]

    checked = 0
    for document in load(mini / "data", list(kinds), mini).documents:
        kind = kinds[document.kind]
        assert "$ref" not in json.dumps(kind.validator.schema)
        as_written = Draft202012Validator(kind.schema, registry=registry, format_checker=kind.validator.format_checker)
        for data in _made_wrong(document.data):
            assert errors(kind.validator, data) == errors(as_written, data)
            checked += bool(errors(as_written, data))
    assert checked > 1000


# Values where the compiled validator and jsonschema could read data differently: regular
# expressions ($ before a final newline, what \s is), dates (leap days, year 0, other ISO forms),
# 1 / true / 1.0, big and not-a-number values, lengths counted in code points.
TRICKY = [
    "india-canada\n",
    "https://a.example/\n",
    "https://a.example/\x1c",
    "https://a.example/\x85",
    "https://a.example/\u00a0",
    "https://a.example/\ufeff",
    "2026-02-10\n",
    "\u0662\u0660\u0662\u0666-\u0660\u0662-\u0661\u0660",
    "2024-02-29",
    "2026-02-29",
    "0000-01-01",
    "20260210",
    "2026-W06-2",
    "official ",
    "Official",
    "\U0001f600" * 160,
    "\U0001f600" * 161,
    "\U0001f600" * 4001,
    1.0,
    0,
    False,
    2**70,
    float("nan"),
    float("inf"),
    [1, True],
    [1, 1.0],
    [0, False],
    [{"a": 1}, {"a": True}],
    ["a", "a "],
]


def test_the_compiled_validator_passes_exactly_what_jsonschema_passes(mini):
    """check_schema asks jsonschema for errors only in data the compiled validator does not pass:
    the two agree on every value of the mini data made wrong in many ways, including the ways
    their dialects could differ."""
    kinds = load_kinds(mini / "schemas")
    verdicts = collections.Counter()
    for document in load(mini / "data", list(kinds), mini).documents:
        kind = kinds[document.kind]
        for data in [document.data, *_made_wrong(document.data, WRONG + TRICKY)]:
            valid = next(kind.validator.iter_errors(data), None) is None
            assert kind.passes(data) == valid, data
            verdicts[valid] += 1
        assert not kind.passes({**document.data, "id": "\ud800"})  # no text for Rust: jsonschema decides
    assert verdicts[True] > 200 and verdicts[False] > 2000, verdicts


def _organizations_with(mini, change) -> Kind:
    """The mini project's organizations kind, its schema first changed by change(schema)."""
    path = mini / "schemas" / "organizations.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    change(schema)
    path.write_text(json.dumps(schema), encoding="utf-8")
    return load_kinds(mini / "schemas")["organizations"]


def test_a_ref_beside_all_of_is_followed_as_written(mini):
    """Such a $ref cannot be put in place exactly: that kind's schema is validated as written."""
    kind = _organizations_with(
        mini,
        lambda schema: schema["properties"].update(name={"$ref": "common.defs.json#/$defs/text", "allOf": [{"maxLength": 20}]}),
    )
    assert kind.validator.schema is kind.schema
    assert problems(mini) == ["data/organizations/kabil.yaml:2: name: is too long (27 characters; at most 20)"]


def test_a_ref_back_into_itself_is_followed_as_written(mini):
    """A schema that holds itself (a tree of nodes) cannot be put in place: it is validated as written."""

    def branch(schema):
        schema["$defs"] = {
            "branch": {"type": "object", "properties": {"name": {"type": "string"}, "parts": {"$ref": "#/$defs/branch"}}}
        }
        schema["properties"]["branch"] = {"$ref": "#/$defs/branch"}

    kind = _organizations_with(mini, branch)
    assert kind.validator.schema is kind.schema
    kabil = yaml.safe_load((mini / "data" / "organizations" / "kabil.yaml").read_text(encoding="utf-8"))
    found = [
        (list(error.absolute_path), error.message)
        for error in kind.validator.iter_errors({**kabil, "branch": {"parts": {"parts": {"name": 5}}}})
        if error.absolute_path[0] == "branch"
    ]
    assert found == [(["branch", "parts", "parts", "name"], "5 is not of type 'string'")]
