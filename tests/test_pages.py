"""What the generated pages say, read from `atlas render` (the generator alone, without MkDocs)."""

from __future__ import annotations

import pytest

from conftest import run_atlas

REPORTED = '<span class="atlas-mark atlas-evidence atlas-evidence-reported">reported</span>'
UNDER_CONSIDERATION = (
    '<span class="atlas-mark atlas-status atlas-status-under-consideration" data-lifecycle="2"><span aria-hidden="true">◐</span> '
    "under consideration</span>"
)


@pytest.fixture
def pages(mini, tmp_path):
    result = run_atlas(mini, "render", "--out", str(tmp_path / "pages"))
    assert result.returncode == 0, result.stderr
    return tmp_path / "pages"


def read(pages, path):
    return (pages / path).read_text(encoding="utf-8")


def test_render_writes_every_page_without_mkdocs(pages):
    written = sorted(p.relative_to(pages).as_posix() for p in pages.rglob("*.md"))
    assert written == sorted(
        [
            "api/v1/index.md",
            "changes.md",
            "charts.md",
            "codebook.md",
            "compare.md",
            "explorer.md",
            "glossary.md",
            "index.md",
            "map.md",
            "matrix.md",
            "promises.md",
            "review.md",
            "tags.md",
            "timeline.md",
            *(f"{kind}/index.md" for kind in ("countries", "minerals", "organizations", "partnerships", "policies", "sources")),
            "countries/canada.md",
            "countries/india.md",
            "minerals/cobalt.md",
            "minerals/lithium.md",
            "organizations/kabil.md",
            "organizations/ministry-of-mines.md",
            "partnerships/india-canada.md",
            "policies/national-critical-mineral-mission.md",
            "sources/example-news.md",
            "sources/example-statement.md",
        ]
    )


def test_sources_are_numbered_and_cited_where_used(pages):
    page = read(pages, "partnerships/india-canada.md")  # numbered in the order the data first cites them: the instrument's first
    assert (
        '| <span class="date">2026-01-20</span> | Both countries agreed to formalise cooperation on critical minerals. '
        '<sup class="atlas-cites">[<a href="#source-2" id="cite-2-1" aria-label="Source 2">2</a>]</sup> |'
    ) in page
    assert (
        '2. <span id="source-2"></span>[Example joint statement](https://pib.gov.in/PressReleasePage.aspx?PRID=1) · Example Ministry, 2026-01-20'
        in page
    )
    # each mark has its way back from the source list
    assert '<a class="atlas-back" href="#cite-2-1" aria-label="Back to citation 1 of source 2">↩</a>' in page
    assert '1. <span id="source-1"></span>[Example news report on talks]' in page


def test_reported_pages_and_stale_pages_are_flagged(pages):
    assert '!!! warning "Reported, not officially confirmed"' in read(pages, "partnerships/india-canada.md")
    assert "!!! warning" not in read(pages, "minerals/lithium.md")
    cobalt = read(pages, "minerals/cobalt.md")  # last reviewed 2024-01-01, data current to 2026-11-25
    assert '!!! note "Not reviewed for over a year"' in cobalt
    assert "- [Cobalt](minerals/cobalt.md) (last reviewed 2024-01-01)" in read(pages, "review.md")


def test_backlinks_group_by_kind_with_counts(pages):
    lithium = read(pages, "minerals/lithium.md")
    assert (
        "## Partnerships (1)\n\n- [India–Canada critical minerals cooperation](../partnerships/india-canada.md) · "
        f"{UNDER_CONSIDERATION} {REPORTED}"
    ) in lithium
    assert "## Policies (1)" in lithium
    assert "- **Partnerships:** [India–Canada critical minerals cooperation](../partnerships/india-canada.md)" in read(
        pages, "sources/example-news.md"
    )


def test_overview_pages(pages):
    home = read(pages, "index.md")
    assert "| [Partnerships](partnerships/index.md) | 1 |" in home
    assert '| <a href="explorer/?status=under-consideration">under consideration</a> | 1 |' in home
    timeline = read(pages, "timeline.md")
    assert timeline.index("2026-02-10") < timeline.index("2026-01-20") < timeline.index("2025-01-29")


def test_home_and_timeline_mark_every_event_with_its_evidence(pages):
    home, timeline = read(pages, "index.md"), read(pages, "timeline.md")
    assert (
        f'<td>An agreement was reported to be under active consideration. {UNDER_CONSIDERATION}</td><td data-label="Evidence">{REPORTED}</td>'
        in home
    )
    row = timeline[timeline.index('<span class="atlas-row" data-year="2026" data-evidence="reported"') :]
    assert row[: row.index("\n")].count(REPORTED) == 1
    assert timeline.count('<span class="atlas-row"') == home.count('<span class="atlas-row"></span><span class="date">')


def test_matrix_marks_name_the_partnership_and_status(pages):
    matrix = read(pages, "matrix.md")
    assert (
        '<a class="atlas-cell atlas-color-under-consideration" href="../partnerships/india-canada/">'
        '<span aria-hidden="true">◐</span><span class="atlas-sr">India–Canada critical minerals cooperation: '
        "agreement, under consideration since 2026-02-10; evidence reported</span></a>"
    ) in matrix
    assert matrix.index('<th scope="row"><a href="../countries/canada/">Canada</a></th>') < matrix.index("atlas-cell")


def test_explorer_rows_carry_their_filter_values(pages):
    explorer = read(pages, "explorer.md")
    assert (
        '<td><span class="atlas-row" data-mineral="lithium cobalt" data-stage="exploration processing" '
        'data-status="under-consideration lithium/under-consideration cobalt/under-consideration" data-evidence="reported" data-region="north-america" '
        'data-partner="canada" data-scope="bilateral" data-year="2026"></span><a href="../partnerships/india-canada/">'
    ) in explorer
    assert '<input type="checkbox" name="status" value="under-consideration"> under consideration</label>' in explorer
    assert '<fieldset data-facet="status" data-paired="mineral">' in explorer  # status per mineral once minerals are chosen
    assert '<form class="atlas-filters" hidden>' in explorer


def test_kind_index_and_country_pages_carry_marks_and_minerals(pages):
    index = read(pages, "partnerships/index.md")
    assert "| Partnership | Countries | Status | Instrument | Since |" in index  # the date the status was established
    assert (
        f"| [India–Canada critical minerals cooperation](india-canada.md) {REPORTED} | [Canada](../countries/canada.md) | "
        f"{UNDER_CONSIDERATION} | agreement | 2026-02-10 |"
    ) in index
    assert (
        f"- **Minerals in its partnerships with India:** [Cobalt](../minerals/cobalt.md) ({UNDER_CONSIDERATION}), "
        f"[Lithium](../minerals/lithium.md) ({UNDER_CONSIDERATION})" in read(pages, "countries/canada.md")
    )
    lithium = read(pages, "minerals/lithium.md")
    assert '<a href="../../countries/canada/"><path class="atlas-fill-under-consideration"' in lithium
