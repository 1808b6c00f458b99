"""A way off MkDocs 1.x: ProperDocs (a maintained fork) builds the site from the same mkdocs.yml,
hook included. Skipped where ProperDocs is not installed (`make test-engines` installs it)."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

pytest.importorskip("properdocs")


def _build(engine: str, root, site) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    return subprocess.run([sys.executable, "-m", engine, "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)],
                          cwd=root, capture_output=True, text=True, timeout=300, env=env)


def test_properdocs_builds_the_same_site_as_mkdocs(mini, tmp_path):
    result = _build("properdocs", mini, tmp_path / "properdocs")
    assert result.returncode == 0, result.stderr
    assert "atlas: added" in result.stderr  # the hook ran
    assert _build("mkdocs", mini, tmp_path / "mkdocs").returncode == 0
    generator = re.compile(rb'<meta name="generator" content="[^"]*">')
    sites = [{p.relative_to(site).as_posix(): generator.sub(b"", p.read_bytes()) for p in sorted(site.rglob("*")) if p.is_file()}
             for site in (tmp_path / "mkdocs", tmp_path / "properdocs")]
    assert sites[0].keys() == sites[1].keys() and len(sites[0]) > 50
    # the same bytes but for the generator's name
    assert [path for path in sites[0] if sites[0][path] != sites[1][path]] == []
    page = sites[1]["partnerships/india-canada/index.html"].decode("utf-8")
    assert "India" in page and 'http-equiv="Content-Security-Policy"' in page
