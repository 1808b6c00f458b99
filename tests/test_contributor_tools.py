"""`atlas new`, `atlas diff`, a seventh kind, and the schemas editors use."""

from __future__ import annotations

import json
import subprocess

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from atlas.kinds import load_kinds, resolve
from atlas.new import is_placeholder
from conftest import REPO, run_atlas


def _fill(value, schema, resolver, ids):
    """Replace every TODO with a valid value of the kind the schema asks for (as a contributor would)."""
    schema, resolver = resolve(schema, resolver)
    if isinstance(value, dict):
        return {k: _fill(v, schema["properties"][k], resolver, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, schema["items"], resolver, ids) for v in value]
    if not is_placeholder(value):
        return value
    if "x-ref" in schema:  # the last id: for sources, the mini data's official statement
        return ids[schema["x-ref"]][-1]
    if "enum" in schema:
        return schema["enum"][0]
    if "oneOf" in schema:  # e.g. unquantified, or an amount
        return schema["oneOf"][0]["const"]
    if schema.get("pattern", "").startswith("^[a-z0-9]"):  # one id for the instrument, its event and commitment
        return "filled-in"
    if schema.get("format") == "date":
        return "2026-01-15"
    if schema.get("format") == "uri":
        return "https://example.org/page"
    kind = schema.get("type")  # a list of types (an open question: text or record) gets text
    return (
        {"boolean": True, "number": 1}.get(kind, "Filled in by a contributor.")
        if isinstance(kind, str)
        else "Filled in by a contributor."
    )


def test_new_file_is_rejected_until_every_placeholder_is_filled(mini):
    result = run_atlas(mini, "new", "partnerships", "india-testland")
    assert result.returncode == 0, result.stderr
    path = mini / "data" / "partnerships" / "india-testland.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/partnerships.schema.json\n")
    assert "; required; one of: talks, mou, agreement" in text  # after the field's description

    result = run_atlas(mini, "validate")
    assert result.returncode == 1
    messages = [line for line in result.stderr.splitlines() if line.startswith("data/")]
    assert messages and all("replace the placeholder TODO" in m for m in messages)
    assert "data/partnerships/india-testland.yaml:7: title: replace the placeholder TODO" in result.stderr

    kind = load_kinds(mini / "schemas")["partnerships"]
    ids = {
        k: sorted(p.stem for p in (mini / "data" / k).glob("*.yaml") if p != path)
        for k in ("countries", "organizations", "partnerships", "policies", "minerals", "sources")
    }
    filled = _fill(yaml.safe_load(text), kind.schema, kind.resolver, ids)
    path.write_text(yaml.safe_dump(filled, sort_keys=False), encoding="utf-8")
    result = run_atlas(mini, "validate")
    assert result.returncode == 0, result.stderr


def test_new_refuses_unknown_kinds_bad_ids_and_existing_files(mini):
    assert "unknown kind 'mineral'" in run_atlas(mini, "new", "mineral", "x").stderr
    assert "not a valid id" in run_atlas(mini, "new", "minerals", "Bad Id").stderr
    result = run_atlas(mini, "new", "minerals", "lithium")
    assert result.returncode == 2 and "already exists" in result.stderr


def _git(root, *args):
    subprocess.run(
        ["git", "-c", "user.name=Contributor", "-c", "user.email=c@example.org", *args], cwd=root, check=True, capture_output=True
    )


def test_diff_reports_status_transition_new_source_and_affected_pages(mini):
    _git(mini, "init", "-q")
    _git(mini, "add", "-A")
    _git(mini, "commit", "-qm", "base")
    partnership = mini / "data" / "partnerships" / "india-canada.yaml"
    text = partnership.read_text(encoding="utf-8")
    text = text.replace("status: under-consideration", "status: signed").replace(
        "sources: [example-news, example-statement]", "sources: [example-news, example-statement, signing-release]"
    )
    partnership.write_text(text, encoding="utf-8")
    (mini / "data" / "sources" / "signing-release.yaml").write_text(
        "id: signing-release\ntitle: Memorandum signed\npublisher: Example Ministry\nkind: official\n"
        "date: 2026-03-02\nurl: https://gov.example.org/mou\naccessed: 2026-11-25\n",
        encoding="utf-8",
    )
    _git(mini, "add", "-A")
    _git(mini, "commit", "-qm", "signed")

    result = run_atlas(mini, "diff", "HEAD~1", "HEAD")
    assert result.returncode == 0, result.stderr
    summary = result.stdout
    assert "1 added, 0 removed, 1 changed." in summary
    assert (
        "- **India–Canada critical minerals cooperation** (partnerships/india-canada): under-consideration → **signed**"
        in summary
    )
    assert "- Memorandum signed (Example Ministry, 2026-03-02) <https://gov.example.org/mou>" in summary
    assert "| partnerships/india-canada | status | under-consideration | signed |" in summary
    assert "/partnerships/india-canada/" in summary and "/countries/canada/" in summary and "/sources/signing-release/" in summary
    assert run_atlas(mini, "diff", "HEAD").stdout.endswith("No changes to the data.\n")


COMPANY_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://critical-minerals-atlas.example/schemas/companies.schema.json",
    "title": "Company",
    "description": "A company active in critical minerals.",
    "x-atlas": {"label": "Companies", "title_field": "name", "columns": ["country"], "tags": ["minerals"]},
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "name", "country", "minerals", "sources", "last_reviewed"],
    "properties": {
        "id": {"$ref": "common.defs.json#/$defs/id"},
        "name": {"type": "string"},
        "country": {"type": "string", "x-ref": "countries"},
        "minerals": {"type": "array", "items": {"type": "string", "x-ref": "minerals"}},
        "sources": {"$ref": "common.defs.json#/$defs/sources"},
        "last_reviewed": {"$ref": "common.defs.json#/$defs/date"},
    },
}
COMPANY_TEMPLATE = """# {{ e.title }}

**Country:** {{ link(e.refs.country[0]) }}

{{ m.refs_list(e, [("minerals", "Minerals")]) }}
{{ m.sources(e) }}
"""


def test_a_seventh_kind_needs_only_a_schema_a_template_and_data(mini):
    (mini / "schemas" / "companies.schema.json").write_text(json.dumps(COMPANY_SCHEMA), encoding="utf-8")
    (mini / "templates" / "kinds" / "companies.md.j2").write_text(COMPANY_TEMPLATE, encoding="utf-8")
    (mini / "data" / "companies").mkdir()
    for company, mineral in (("maple-lithium", "lithium"), ("northern-cobalt", "cobalt")):
        (mini / "data" / "companies" / f"{company}.yaml").write_text(
            f"id: {company}\nname: {company.replace('-', ' ').title()}\ncountry: canada\nminerals: [{mineral}]\n"
            "sources: [example-news]\nlast_reviewed: 2026-11-25\n",
            encoding="utf-8",
        )
    result = run_atlas(mini, "build", "--out", "site")
    assert result.returncode == 0, result.stderr
    site = mini / "site"
    company = (site / "companies" / "maple-lithium" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../minerals/lithium/"' in company and 'href="../../countries/canada/"' in company
    lithium = (site / "minerals" / "lithium" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../companies/maple-lithium/"' in lithium  # the backlink
    canada = (site / "countries" / "canada" / "index.html").read_text(encoding="utf-8")
    assert "Companies (2)" in canada
    assert "Maple Lithium" in (site / "companies" / "index.html").read_text(encoding="utf-8")
    assert "Maple Lithium" in (site / "sources" / "example-news" / "index.html").read_text(encoding="utf-8")


def _editor_validator(kind: str) -> Draft202012Validator:
    """What an editor does with the schema file alone: plain JSON Schema, no atlas code."""
    documents = [json.loads(p.read_text(encoding="utf-8")) for p in (REPO / "schemas").glob("*.json")]
    registry = Registry().with_resources((d["$id"], Resource.from_contents(d)) for d in documents)
    schema = json.loads((REPO / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


def test_every_data_file_names_its_schema_and_the_schema_accepts_it():
    for kind_dir in sorted(p for p in (REPO / "data").iterdir() if p.is_dir()):
        validator = _editor_validator(kind_dir.name)
        for path in sorted(kind_dir.glob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            assert text.startswith(f"# yaml-language-server: $schema=../../schemas/{kind_dir.name}.schema.json\n"), path
            data = json.loads(json.dumps(yaml.safe_load(text), default=str))
            assert not list(validator.iter_errors(data)), path
