"""Shared fixtures: project copies to break on purpose, one real build of the real data, a real browser.

Tests that use the browser are marked `browser` here, those that use the real data's build `slow`
(other slow modules mark themselves); `make test-fast` leaves both out. `make test` runs the
tests in parallel under pytest-xdist.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MINI_DATA = REPO / "tests" / "fixtures" / "mini"
PROJECT_FILES = ["mkdocs.yml", "schemas", "templates", "docs", "hooks", "overrides", "CONTRIBUTING.md"]


def copy_project(target: Path, data: Path = REPO / "data") -> Path:
    """A working copy of the project (code-free: the atlas package is installed) with the given data."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, target / name)
    shutil.copytree(data, target / "data")
    return target


def run_atlas(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real `atlas` command in a project folder, as a contributor would."""
    return subprocess.run([sys.executable, "-m", "atlas", *args], cwd=root, capture_output=True, text=True, timeout=300, env=env)


@pytest.fixture
def mini(tmp_path) -> Path:
    """A small valid project, quick to validate and build."""
    return copy_project(tmp_path / "project", MINI_DATA)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The real data built once, exactly as `make site` does: returns the site folder. Under
    pytest-xdist the workers share one build in the run's temporary folder: the first builds it
    while holding a lock, the others wait for it."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # each worker has its own folder in the run's
    root = shared / "real" / "project"
    with open(shared / "real.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (root / "site").is_dir():
            shutil.rmtree(root, ignore_errors=True)  # a build that failed for another worker is tried again
            result = run_atlas(copy_project(root), "build", "--out", "site")
            assert result.returncode == 0, result.stderr
    return root / "site"


@contextlib.contextmanager
def served(folder: Path):
    """The folder served over http://127.0.0.1 (the search needs a real server): yields its URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def site_url(built):
    """The built site, served."""
    with served(built) as url:
        yield url


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


CHROMIUM = shutil.which("chromium") or shutil.which("google-chrome") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (which never downloads a browser)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page that fails the test on any script error or failed load reported in the console."""
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield page
    context.close()
    assert not errors, errors


def pytest_collection_modifyitems(items):
    """Mark each test by what it needs: the browser, or the real data built (session fixtures)."""
    for item in items:
        if "browser" in item.fixturenames:
            item.add_marker(pytest.mark.browser)
        if "built" in item.fixturenames:
            item.add_marker(pytest.mark.slow)
