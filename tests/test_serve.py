"""`make serve`: editing a data file or a template rebuilds the live preview."""
from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.request
from urllib.parse import urlsplit

import pytest
import yaml


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
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=mini, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = urlsplit(yaml.safe_load((mini / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]).path
        yield mini, f"http://127.0.0.1:{port}{base.rstrip('/')}"
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_editing_data_and_templates_rebuilds_the_preview(preview):
    root, url = preview
    _wait_for(f"{url}/minerals/lithium/", "Lithium is a light metal")
    data = root / "data" / "minerals" / "lithium.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("Lithium is a light metal", "Lithium is an edited metal"),
                    encoding="utf-8")
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
