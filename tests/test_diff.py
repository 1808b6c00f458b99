"""`atlas diff` writes data, not markup: a pull request's text cannot change the structure of the
comment reviewers read (headings, lists, table rows, an HTML comment hiding the rest)."""

from __future__ import annotations

import re
import subprocess

from atlas.diff import diff
from atlas.project import Project

PAYLOAD = "Real title\n## Injected heading\n<!-- hide the rest\n| a | b |\n`` ` ``"
HEADINGS = {
    "## Data changes: HEAD&#126;1 → HEAD",
    "### Not compared (`atlas validate` says why)",
    "### Status transitions",
    "### Instruments and commitments",
    "### New sources",
    "### Changed fields",
    "### Pages affected (12)",
}


def _git(root, *args):
    subprocess.run(
        ["git", "-c", "user.name=C", "-c", "user.email=c@example.org", *args], cwd=root, check=True, capture_output=True
    )


def test_data_cannot_change_the_structure_of_the_comment(mini):
    _git(mini, "init", "-q")
    _git(mini, "add", "-A")
    _git(mini, "commit", "-qm", "base")
    quoted = PAYLOAD.replace("\n", "\\n")
    (mini / "data/sources/hostile.yaml").write_text(
        f'id: hostile\ntitle: "{quoted}"\npublisher: "<b>x</b>\\n# h"\nkind: official\ndate: 2026-03-02\n'
        f'url: "https://gov.example.org/x\\n## url"\naccessed: 2026-11-25\n',
        encoding="utf-8",
    )
    partnership = mini / "data/partnerships/india-canada.yaml"
    text = partnership.read_text(encoding="utf-8").replace("status: under-consideration", f'status: "{quoted}"')
    partnership.write_text(re.sub("\nsummary: .*", f'\nsummary: "{quoted}"', text), encoding="utf-8")
    (mini / "data/minerals/x\n## file <!--.yaml").write_text("[not, a, mapping]\n", encoding="utf-8")
    _git(mini, "add", "-A")
    _git(mini, "commit", "-qm", "hostile")

    summary = diff(mini, Project(mini).kinds(), "HEAD~1", "HEAD")
    lines = summary.splitlines()
    assert {line for line in lines if line.startswith("#")} == HEADINGS
    assert "<!--" not in summary and "<b>" not in summary and "``" not in summary.replace("`atlas validate`", "")
    assert not [
        line
        for line in lines
        if re.match(r"\s*(<|\||- |\d+\. )", line) and "Injected" in line and not line.startswith(("- ", "| "))
    ]
    rows = [line for line in lines if line.startswith("| ")]
    assert len(rows) == 6 and all(row.count("|") == 5 for row in rows)  # header, rule, summary, status, instruments, timeline
    assert "Real title &#35;&#35; Injected heading &#60;&#33;-- hide the rest &#124; a &#124; b &#124;" in summary
    assert "data/minerals/x &#35;&#35; file &#60;&#33;--.yaml: not a mapping of fields (in HEAD)" in summary
    assert "2026-03-02) https://gov.example.org/x &#35;&#35; url" in summary  # not an address (a newline): text
