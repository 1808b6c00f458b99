"""Issue 22: 'official' means a party's own host, compared as a browser resolves it; every source
is dated or says why not; freshness is shown; open questions sit on the review page and lower the
label they contradict; sources carry archived copies and the weekly link check marks dead ones."""

from __future__ import annotations

import http.server
import threading
import time

import pytest

from atlas.linkcheck import check, check_all, dead_file, report
from atlas.rules import browser_host
from conftest import run_atlas
from test_pages import read
from test_validate import PARTNERSHIP, edit, problems

STATEMENT = "data/sources/example-statement.yaml"
NEWS = "data/sources/example-news.yaml"
PIB = "url: https://pib.gov.in/PressReleasePage.aspx?PRID=1"
NOT_ASCII = "is not plain ASCII: full-width letters, an ideographic full stop, a soft hyphen or letters of another script can imitate a listed host"
NOT_A_PARTY = (
    "'official' is for a party's own publication, and {} is not on the list of party hosts (schemas/source-hosts.yaml); "
    "a copy of an official text elsewhere is 'secondary' (name the original in reproduces), or list the host in a pull "
    "request that says whose it is"
)
AS_NEWS = (
    "pages on thehindu.com are 'news' sources (schemas/source-hosts.yaml), but this says 'official'; "
    "correct the kind, or the host's class in a pull request that says why"
)

# Each way of dressing up a host, and the one message that refuses it as an official source.
BYPASSES = {
    "trailing dot": ("https://www.thehindu.com./news/a", f"data/sources/example-statement.yaml:4: kind: {AS_NEWS}"),
    "capitals": ("https://WWW.TheHindu.COM/news/a", f"data/sources/example-statement.yaml:4: kind: {AS_NEWS}"),
    "percent-encoding": ("https://www%2Ethehindu%2Ecom/news/a", f"data/sources/example-statement.yaml:4: kind: {AS_NEWS}"),
    "full-width letters": (
        "https://ｐｉｂ.gov.in/a",
        f"data/sources/example-statement.yaml:6: url: the host 'ｐｉｂ.gov.in' {NOT_ASCII} "
        "(a browser opens 'pib.gov.in'); write the host in plain ASCII",
    ),
    "ideographic full stop": (
        "https://pib。gov。in/a",
        f"data/sources/example-statement.yaml:6: url: the host 'pib。gov。in' {NOT_ASCII} "
        "(a browser opens 'pib.gov.in'); write the host in plain ASCII",
    ),
    "soft hyphen": (
        "https://pi\u00adb.gov.in/a",
        f"data/sources/example-statement.yaml:6: url: the host 'pi\\xadb.gov.in' {NOT_ASCII} "
        "(a browser opens 'pib.gov.in'); write the host in plain ASCII",
    ),
    "Cyrillic letter": (
        "https://pib.g\u043ev.in/a",
        f"data/sources/example-statement.yaml:6: url: the host 'pib.g\u043ev.in' {NOT_ASCII} "
        "(a browser opens 'pib.xn--gv-fmc.in'); write the host in plain ASCII",
    ),
    "punycode": (
        "https://pib.xn--gv-fmc.in/a",
        f"data/sources/example-statement.yaml:6: url: the host 'pib.xn--gv-fmc.in' {NOT_ASCII} "
        "(a browser opens 'pib.xn--gv-fmc.in'); write the host in plain ASCII",
    ),
    "user info": (
        "https://pib.gov.in@example.org/a",
        "data/sources/example-statement.yaml:6: url: has user info before '@' "
        "(a browser opens 'example.org', the host after it); give the address without it",
    ),
    "look-alike suffix": (
        "https://pib.gov.in.example.org/a",
        "data/sources/example-statement.yaml:4: kind: " + NOT_A_PARTY.format("pib.gov.in.example.org"),
    ),
    "a copy on a tracker site": (
        "https://pibtracker.com/release/1",
        "data/sources/example-statement.yaml:4: kind: pages on pibtracker.com are "
        "'secondary' sources (schemas/source-hosts.yaml), but this says 'official'; correct the kind, or the host's "
        "class in a pull request that says why",
    ),
}


@pytest.mark.parametrize("case", sorted(BYPASSES))
def test_an_official_source_off_a_party_host_is_refused(mini, case):
    url, expected = BYPASSES[case]
    edit(mini, STATEMENT, PIB, f"url: {url}")
    assert problems(mini) == [expected]


def test_hosts_compare_as_a_browser_resolves_them():
    assert browser_host("https://PIB.gov.in./PressReleasePage.aspx") == "pib.gov.in"
    assert browser_host("https://pib%2Egov%2Ein:443/a") == "pib.gov.in"
    with pytest.raises(ValueError, match="user info"):
        browser_host("https://pib.gov.in:x@example.org/")
    with pytest.raises(ValueError, match="not a host name"):
        browser_host("https://pib.gov.in%2Fexample.org/")


def test_a_newswire_release_is_official_only_with_its_author(mini):
    edit(mini, STATEMENT, PIB, "url: https://www.newswire.ca/news-releases/example-1.html")
    assert problems(mini) == [
        "data/sources/example-statement.yaml:4: kind: newswire.ca is a newswire: its releases are 'official' only when the "
        "source names the party that issued this one in issued_by; add issued_by, or make this 'secondary'"
    ]
    edit(mini, STATEMENT, "kind: official", "kind: official\nissued_by: Prime Minister of Canada")
    assert run_atlas(mini, "validate").returncode == 0


def test_a_source_gives_its_date_or_says_why_none_is_known(mini):
    edit(mini, NEWS, "date: 2026-02-10\n", "")
    assert problems(mini) == [
        "data/sources/example-news.yaml:1: missing required field 'undated'; "
        "a source without a date must say in undated why none is known"
    ]
    edit(mini, NEWS, "kind: news\n", "kind: news\nundated: The page shows no date.\n")
    assert run_atlas(mini, "validate").returncode == 0


def test_an_archived_copy_must_be_a_snapshot(mini):
    edit(mini, NEWS, "accessed:", "archived_url: https://example.org/copy\naccessed:")
    assert problems(mini) == [
        "data/sources/example-news.yaml:7: archived_url: 'https://example.org/copy' is not in the expected form; give a "
        "Wayback Machine (https://web.archive.org/web/2026.../) or archive.today (https://archive.ph/...) snapshot you have opened"
    ]


@pytest.fixture
def project(mini):
    """The mini project with an official headline that an open question contradicts, an archived
    copy, a link the weekly check found gone, and a partnership not searched for news lately."""
    edit(mini, PARTNERSHIP, "evidence: reported\n", "evidence: official\n")
    edit(
        mini,
        PARTNERSHIP,
        "sources: [example-news, example-statement]",
        "for_review:\n  - Who signed for Canada?\n  - question: The statement's own page was not found.\n    lowers: evidence\n"
        "sources: [example-news, example-statement]",
    )
    edit(mini, PARTNERSHIP, "last_searched: 2026-11-25", "last_searched: 2026-08-26")
    edit(
        mini,
        NEWS,
        "accessed:",
        "archived_url: https://web.archive.org/web/20260211000000/https://news.example.org/2026/02/10/talks\naccessed:",
    )
    (mini / "schemas" / "dead-links.yaml").write_text(
        'example-news: "404 Not Found"\nexample-statement: "410 Gone"\n', encoding="utf-8"
    )
    return mini


@pytest.fixture
def pages(project, tmp_path):
    result = run_atlas(project, "render", "--out", str(tmp_path / "pages"))
    assert result.returncode == 0, result.stderr
    return tmp_path / "pages"


def test_an_open_question_lowers_the_label_it_contradicts(pages, project, tmp_path):
    page = read(pages, "partnerships/india-canada.md")
    assert "- **Evidence:** attributed (lowered from official until an open question is resolved)" in page
    assert '!!! info "Evidence lowered by an open question"' in page
    assert "Attributed, no official document seen" not in page
    assert "[Open questions &#40;2&#41;](../review.md#partnerships-india-canada)" in page  # '(' escaped: "Open questions (2)"
    assert "!!! question" not in page and "Who signed for Canada?" not in page
    assert 'data-evidence="attributed"' in read(pages, "explorer.md")
    review = read(pages, "review.md")
    section = review[review.index("### India–Canada critical minerals cooperation { #partnerships-india-canada }") :]
    assert "- Who signed for Canada?\n- The statement's own page was not found. *(lowers evidence)*" in section
    # resolved: the question removed, the recorded level shows again
    edit(project, PARTNERSHIP, "  - question: The statement's own page was not found.\n    lowers: evidence\n", "")
    assert run_atlas(project, "render", "--out", str(tmp_path / "after")).returncode == 0
    assert "- **Evidence:** official\n" in read(tmp_path / "after", "partnerships/india-canada.md")


def test_freshness_is_shown_from_the_data_never_the_clock(pages):
    home = read(pages, "index.md")
    assert "latest event recorded **2026-02-10**; last full review **2024-01-01**" in home
    assert "last reviewed 2026-11-25 · last searched for news 2026-08-26</small>" in read(pages, "partnerships/india-canada.md")
    review = read(pages, "review.md")  # 2026-08-26 is 91 days before the data's as-of date, 2026-11-25
    assert "- [India–Canada critical minerals cooperation](partnerships/india-canada.md) (last searched 2026-08-26)" in review


def test_ninety_days_is_still_searched(project, tmp_path):
    edit(project, PARTNERSHIP, "last_searched: 2026-08-26", "last_searched: 2026-08-27")
    assert run_atlas(project, "render", "--out", str(tmp_path / "p")).returncode == 0
    assert "Every partnership was searched for news within 90 days of 2026-11-25" in read(tmp_path / "p", "review.md")


def test_dead_links_are_marked_and_point_to_the_archived_copy(pages):
    page = read(pages, "partnerships/india-canada.md")
    assert (
        "[Example news report on talks](https://news.example.org/2026/02/10/talks) · **link dead** (404 Not Found) · "
        "[archived copy](https://web.archive.org/web/20260211000000/https://news.example.org/2026/02/10/talks) · Example News"
    ) in page
    assert "· **link dead** (410 Gone; no archived copy recorded) · Example Ministry" in page
    assert "· **link dead** (404 Not Found) · [archived copy]" in read(pages, "sources/example-news.md")


def test_a_broken_dead_links_file_names_its_line(mini):
    (mini / "schemas" / "dead-links.yaml").write_text("- example-news\n", encoding="utf-8")
    result = run_atlas(mini, "validate")
    assert result.returncode == 1
    assert "schemas/dead-links.yaml:1: expected a mapping of source id: what its address answered" in result.stderr


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/slow":
            time.sleep(3)
        code = {"/ok": 200, "/moved": 301, "/gone": 410, "/slow": 200}.get(self.path, 404)
        self.send_response(code)
        if code == 301:
            self.send_header("Location", "/ok")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_the_link_check_tells_gone_from_moved_and_silent(server):
    urls = {
        "a-ok": f"{server}/ok",
        "b-moved": f"{server}/moved",
        "c-missing": f"{server}/missing",
        "d-gone": f"{server}/gone",
        "e-slow": f"{server}/slow",
    }
    started = time.monotonic()
    results = check_all(urls, timeout=0.5)
    assert time.monotonic() - started < 3  # the slow answer is cut off at the timeout
    assert {i: (r.status, r.dead, r.answered) for i, r in results.items()} == {
        "a-ok": (200, False, True),
        "b-moved": (200, False, True),
        "c-missing": (404, True, False),
        "d-gone": (410, True, False),
        "e-slow": (None, False, False),
    }
    assert results["e-slow"].note == "no answer within 0.5 s"
    assert dead_file(results).endswith('c-missing: "404 Not Found"\nd-gone: "410 Gone"\n')
    body = report(results, {"d-gone": "https://web.archive.org/web/2026/x"})
    assert "5 source addresses: 2 gone, 1 did not answer" in body
    assert f"- `d-gone` {server}/gone: 410 Gone; archived copy https://web.archive.org/web/2026/x" in body
    assert f"- `c-missing` {server}/missing: 404 Not Found; no archived copy recorded" in body
    assert f"- `e-slow` {server}/slow: no answer within 0.5 s" in body


def test_a_refused_connection_is_no_answer():
    result = check("http://127.0.0.1:9/", timeout=0.5)
    assert (result.status, result.dead) == (None, False)
