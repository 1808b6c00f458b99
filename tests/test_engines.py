"""A way off MkDocs 1.x: ProperDocs (a maintained fork) builds the site from the same mkdocs.yml,
hook included. Skipped where ProperDocs is not installed (`make test-engines` installs it)."""
from __future__ import annotations

import subprocess
import sys

import pytest

pytest.importorskip("properdocs")


def test_properdocs_builds_the_same_site_strictly(mini, tmp_path):
    site = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)],
                            cwd=mini, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "atlas: added" in result.stderr  # the hook ran
    page = (site / "partnerships" / "india-canada" / "index.html").read_text(encoding="utf-8")
    assert "India" in page and 'http-equiv="Content-Security-Policy"' in page
    assert (site / "api").is_dir() and (site / "search" / "search_index.json").is_file()
