"""`make serve`: editing a data file, a template or the theme rebuilds the live preview; a data
error is reported and the preview recovers once it is fixed. Served as `make serve` does, with
`--dirty`: only the pages an edit changed are rebuilt (the hook stages the generated files)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

pytestmark = pytest.mark.slow  # the preview server, rebuilding


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            body = urllib.request.urlopen(url, timeout=5).read().decode("utf-8")
            if text in body:
                return body
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{text!r} did not appear at {url} within {seconds}s")


@pytest.fixture
def preview(mini):
    port = _free_port()
    log = (mini.parent / "serve.log").open("w", encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=mini,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        base = urlsplit(yaml.safe_load((mini / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]).path
        yield mini, f"http://127.0.0.1:{port}{base.rstrip('/')}"
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_makefile_serves_dirty_as_tested():
    assert "mkdocs serve --dirty" in (Path(__file__).parent.parent / "Makefile").read_text(encoding="utf-8")


def test_a_staged_file_is_rewritten_only_when_its_content_changes(tmp_path):
    from atlas.staging import Staging

    staging = Staging(tmp_path / "site" / ".atlas-staging")
    first = Path(staging.path("minerals/lithium.md", "one"))
    os.utime(first, ns=(0, 0))
    assert Path(staging.path("minerals/lithium.md", "one")).stat().st_mtime_ns == 0  # MkDocs skips it
    assert Path(staging.path("minerals/lithium.md", "two")).read_text(encoding="utf-8") == "two"
    assert first.stat().st_mtime_ns > 0  # newer than the page built from it: MkDocs rebuilds it


def test_editing_data_and_templates_rebuilds_the_preview(preview):
    root, url = preview
    _wait_for(f"{url}/minerals/lithium/", "Lithium is a light metal")
    data = root / "data" / "minerals" / "lithium.yaml"
    data.write_text(
        data.read_text(encoding="utf-8").replace("Lithium is a light metal", "Lithium is an edited metal"), encoding="utf-8"
    )
    _wait_for(f"{url}/minerals/lithium/", "Lithium is an edited metal")
    template = root / "templates" / "kinds" / "minerals.md.j2"
    template.write_text(template.read_text(encoding="utf-8").replace("## Uses", "## Main uses"), encoding="utf-8")
    _wait_for(f"{url}/minerals/lithium/", "Main uses")


def test_requests_outside_the_preview_do_not_abort_its_rebuild(preview):
    """An old tab polling /partnerships/india-canada/ (no /atlas/ prefix) gets 404s while the data
    is edited; strict mode must not count them as build warnings and keep the old site."""
    root, url = preview
    _wait_for(f"{url}/minerals/lithium/", "Lithium is a light metal")
    outside = url.replace(urlsplit(url).path, "") + "/partnerships/india-canada/"
    stop = threading.Event()

    def old_tab():
        while not stop.is_set():
            try:
                urllib.request.urlopen(outside, timeout=5)
            except OSError:
                pass  # 404: the page lives under the prefix
            time.sleep(0.05)

    tab = threading.Thread(target=old_tab, daemon=True)
    tab.start()
    try:
        data, said = root / "data" / "minerals" / "lithium.yaml", "Lithium is a light metal"
        for n in range(3):  # several rebuilds, each with requests from the old tab during it
            text = data.read_text(encoding="utf-8")
            data.write_text(text.replace(said, f"Lithium is a metal edited {n} times"), encoding="utf-8")
            said = f"Lithium is a metal edited {n} times"
            _wait_for(f"{url}/minerals/lithium/", said, seconds=30)
    finally:
        stop.set()
        tab.join()


def test_a_data_error_is_reported_and_the_preview_recovers(preview):
    root, url = preview
    _wait_for(f"{url}/minerals/lithium/", "Lithium is a light metal")
    data = root / "data" / "minerals" / "lithium.yaml"
    original = data.read_text(encoding="utf-8")
    data.write_text(
        original.replace("Lithium is a light metal", "Lithium is a broken metal") + "not: [closed\n", encoding="utf-8"
    )
    log = root.parent / "serve.log"
    deadline = time.monotonic() + 60
    while "the data has problems" not in log.read_text(encoding="utf-8") and time.monotonic() < deadline:
        time.sleep(0.5)
    said = log.read_text(encoding="utf-8")
    assert "the data has problems; nothing was built" in said
    assert "data/minerals/lithium.yaml:" in said  # where, as file:line
    data.write_text(original.replace("Lithium is a light metal", "Lithium is a mended metal"), encoding="utf-8")
    _wait_for(f"{url}/minerals/lithium/", "Lithium is a mended metal")


def test_a_change_to_the_theme_rebuilds_every_page(preview):
    """The pages' Markdown does not change, so the preview must start afresh to show it."""
    root, url = preview
    _wait_for(f"{url}/minerals/lithium/", "Lithium is a light metal")
    _edit(
        root / "overrides" / "main.html",
        '{% extends "base.html" %}',
        '{% extends "base.html" %}\n{% block announce %}Theme edited{% endblock %}',
    )
    _wait_for(f"{url}/minerals/lithium/", "Theme edited")
    _wait_for(f"{url}/", "Theme edited")
