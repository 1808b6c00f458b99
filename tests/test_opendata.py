"""Open data: the JSON API against its OpenAPI description, the Frictionless data package, the
CSVs, the codebook and the Atom feeds of the real build."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from xml.etree import ElementTree as ET

import pytest
from jsonschema import Draft202012Validator

from atlas import codebook
from atlas.project import Project
from conftest import REPO

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")
GRAPH = Project(REPO).build().graph


def _operation(openapi: dict, path: str) -> str:
    """The response schema name of the OpenAPI path that matches a file."""
    for template, item in openapi["paths"].items():
        if re.fullmatch(re.escape(template).replace(r"\{id\}", "[a-z0-9-]+"), path):
            return item["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    raise AssertionError(f"{path} is not described by openapi.json")


@pytest.mark.slow
def test_every_json_file_matches_the_openapi_description(built):
    from openapi_spec_validator import validate

    api = built / "api" / "v1"
    openapi = json.loads((api / "openapi.json").read_text(encoding="utf-8"))
    validate(openapi)
    checked = 0
    for path in sorted(api.rglob("*.json")):
        if path.name in ("openapi.json", "datapackage.json"):
            continue
        schema = {"$ref": _operation(openapi, "/" + path.relative_to(built).as_posix()), "components": openapi["components"]}
        errors = [
            f"{path.relative_to(built)}: {e.json_path}: {e.message}"
            for e in Draft202012Validator(schema).iter_errors(json.loads(path.read_text(encoding="utf-8")))
        ]
        assert not errors, errors[:5]
        checked += 1
    assert checked == len(GRAPH.index) + len(GRAPH.kinds) + 1  # and index.json


@pytest.mark.slow
def test_entity_json_has_every_key_names_and_backlinks(built):
    record = json.loads((built / "api/v1/partnerships/india-canada.json").read_text(encoding="utf-8"))
    schema_fields = list(GRAPH.kinds["partnerships"].schema["properties"])
    assert sorted(record["data"]) == sorted(schema_fields)  # absent keys are there, as [] or null
    assert all(
        set(event) == {"date", "id", "instrument", "event", "evidence", "status", "sources"}
        for event in record["data"]["timeline"]
    )
    chile = json.loads((built / "api/v1/partnerships/india-chile.json").read_text(encoding="utf-8"))["data"]
    mou = next(i for i in chile["instruments"] if i["type"] == "mou")
    assert mou["minerals"] == ["copper"] and mou["commitments"][0]["delivery"]
    openapi = json.loads((built / "api/v1/openapi.json").read_text(encoding="utf-8"))
    assert "instruments" in openapi["components"]["schemas"]["PartnershipData"]["properties"]
    canada = next(ref for ref in record["references"]["countries"] if ref["id"] == "canada")
    assert canada["title"] == "Canada" and canada["url"].endswith("/countries/canada/")
    assert record["citations"][0]["number"] == 1 and record["citations"][0]["title"]
    mineral = json.loads((built / "api/v1/minerals/lithium.json").read_text(encoding="utf-8"))
    assert "india-canada" in [ref["id"] for ref in mineral["backlinks"]["partnerships"]]
    assert mineral["data"]["facts"] is not None and set(mineral["backlinks"]) == set(GRAPH.kinds)


@pytest.mark.slow
def test_kind_indexes_carry_the_fields_to_filter_on_and_citations_their_source_kind(built):
    api = built / "api" / "v1"
    index = json.loads((api / "index.json").read_text(encoding="utf-8"))
    assert {k["kind"]: k["count"] for k in index["kinds"]} == {name: len(GRAPH.by_kind[name]) for name in GRAPH.kinds}
    items = json.loads((api / "partnerships.json").read_text(encoding="utf-8"))["items"]
    in_force_lithium = [i["id"] for i in items if i["data"]["status"] == "in-force" and "lithium" in i["data"]["minerals"]]
    assert in_force_lithium == sorted(
        p.id for p in GRAPH.by_kind["partnerships"] if p.data["status"] == "in-force" and "lithium" in p.data["minerals"]
    )
    for item in items:
        partnership = GRAPH.get("partnerships", item["id"])
        for field in ("evidence", "countries", "organizations", "status_confirmed", "stages"):
            assert item["data"][field] == partnership.data.get(field, [] if field in ("countries", "organizations") else None)
        assert item["regions"], item["id"]  # every partnership has a region, India–EU too
    record = json.loads((api / "partnerships/india-canada.json").read_text(encoding="utf-8"))
    assert [c["source_kind"] for c in record["citations"]] == [
        s.data["kind"] for s in GRAPH.get("partnerships", "india-canada").citations
    ]


@pytest.mark.slow
def test_data_package_is_valid_frictionless(built):
    from frictionless import Package, system

    with system.use_context(trusted=True):
        report = Package(str(built / "api/v1/datapackage.json")).validate()
    assert report.valid, report.flatten(["type", "note"])[:10]
    package = json.loads((built / "api/v1/datapackage.json").read_text(encoding="utf-8"))
    partnerships = next(r for r in package["resources"] if r["name"] == "partnerships-minerals")
    assert partnerships["schema"]["foreignKeys"][1]["reference"]["resource"] == "minerals"
    assert package["version"] and package["resources"][0]["schema"]["primaryKey"] == ["id"]


def _table(built, name: str) -> list[dict]:
    raw = (built / f"api/v1/{name}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{name}.csv has no UTF-8 BOM"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


@pytest.mark.slow
def test_csvs_have_names_pages_and_a_bom(built):
    rows = {row["id"]: row for row in _table(built, "partnerships")}
    canada = rows["india-canada"]
    ids, names = canada["indian_bodies"].split("; "), canada["indian_bodies_names"].split("; ")
    assert len(ids) == len(names) and GRAPH.get("organizations", ids[0]).title == names[0]
    assert canada["page_url"].endswith("/partnerships/india-canada/") and canada["data_version"]
    own = _table(built, "partnerships/india-canada")
    assert own == [canada]  # this entity as CSV: the same row
    assert "’" in (built / "api/v1/sources.csv").read_bytes().decode("utf-8-sig")


@pytest.mark.slow
def test_events_csv_has_every_event_with_sources(built):
    events = _table(built, "events")
    expected = sum(len(e.data.get("timeline", [])) for e in GRAPH.all())
    assert len(events) == expected
    first = events[0]
    assert first["date"] and first["event"] and first["evidence"] in ("official", "attributed", "reported")
    urls = first["source_urls"].split("; ")
    assert len(urls) == len(first["source_ids"].split("; "))
    assert len(_table(built, "facts")) == sum(len(e.data.get("facts", [])) for e in GRAPH.all())


@pytest.mark.slow
def test_instruments_and_commitments_csv_hold_every_one_with_their_keys(built):
    instruments, commitments = _table(built, "instruments"), _table(built, "commitments")
    stored = [(p.id, i) for p in GRAPH.by_kind["partnerships"] for i in p.data.get("instruments", [])]
    assert sorted((r["partnership_id"], r["id"]) for r in instruments) == sorted((p, i["id"]) for p, i in stored)
    assert len(commitments) == sum(len(i.get("commitments", [])) for _, i in stored)
    keys = {(r["partnership_id"], r["id"]) for r in instruments}
    assert all((r["partnership_id"], r["instrument_id"]) in keys for r in commitments)
    chile = {r["id"]: r for r in instruments if r["partnership_id"] == "india-chile"}
    assert chile["hcl-codelco-mou"]["since"] == chile["hcl-codelco-mou"]["date_signed"] == "2025-04-01"
    package = json.loads((built / "api/v1/datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == "commitments")
    assert resource["schema"]["foreignKeys"][1]["reference"] == {"resource": "instruments", "fields": ["partnership_id", "id"]}
    delivery = next(f for f in resource["schema"]["fields"] if f["name"] == "delivery")
    assert "delivered" in delivery["constraints"]["enum"]


def test_every_schema_field_is_described():
    missing = codebook.undescribed(Project(REPO).kinds())
    assert not missing, f"add a description to these fields in schemas/: {missing}"


@pytest.mark.slow
def test_codebook_page_lists_every_field(built):
    page = html.unescape((built / "codebook" / "index.html").read_text(encoding="utf-8"))
    for name, kind in GRAPH.kinds.items():
        for field in codebook.fields(kind):
            assert f"<code>{field.path}</code>" in page, f"{name}: {field.path} is missing from the codebook"
    assert (built / "schemas" / "partnerships.schema.json").is_file()


def check_atom(text: str) -> ET.Element:
    """Parse a feed and check what RFC 4287 requires of it; return the root."""
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == f"{ATOM}feed"
    for element in [root, *root.findall(f"{ATOM}entry")]:
        for required in ("id", "title", "updated"):
            assert len(element.findall(f"{ATOM}{required}")) == 1, f"<{element.tag}> needs one <{required}>"
        assert RFC3339.match(element.find(f"{ATOM}updated").text)
    assert root.find(f"{ATOM}author/{ATOM}name").text
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    ids = [entry.find(f"{ATOM}id").text for entry in root.findall(f"{ATOM}entry")]
    assert len(ids) == len(set(ids))
    return root


@pytest.mark.slow
def test_feeds_are_valid_atom(built):
    feeds = sorted((built / "feeds").rglob("*.xml"))
    assert len(feeds) == len(GRAPH.index) + 2  # and the atlas feed and the status feed
    for path in feeds:
        check_atom(path.read_text(encoding="utf-8"))


@pytest.mark.slow
def test_data_version_everywhere_and_dataset_metadata(built):
    from pypdf import PdfReader

    version = json.loads((built / "api/v1/datapackage.json").read_text(encoding="utf-8"))["version"]
    assert version == "unversioned"  # the shared build is a copy without git history (see test_history.py)
    assert f"data version {version}" in PdfReader(built / "atlas.pdf").pages[0].extract_text()
    assert f"Data version {version}." in (built / "about" / "index.html").read_text(encoding="utf-8")
    assert json.loads((built / "api/v1/minerals/lithium.json").read_text(encoding="utf-8"))["data_version"] == version
    assert {row["data_version"] for row in _table(built, "minerals")} == {version}
    home = (built / "index.html").read_text(encoding="utf-8")
    dataset = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', home, re.S).group(1))
    assert dataset["@type"] == "Dataset" and dataset["version"] == version
    assert all((built / d["contentUrl"].split("/atlas/", 1)[1]).is_file() for d in dataset["distribution"])
    page = (built / "partnerships" / "india-canada" / "index.html").read_text(encoding="utf-8")
    for download in (
        "api/v1/partnerships/india-canada.json",
        "api/v1/partnerships/india-canada.csv",
        "feeds/partnerships/india-canada.xml",
    ):
        assert f'href="../../{download}"' in page
    assert 'href="../api/v1/partnerships.csv"' in (built / "partnerships" / "index.html").read_text(encoding="utf-8")
