"""Shared fixtures: project copies to break on purpose, one real build of the real data, a real browser."""
from __future__ import annotations

import functools
import http.server
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
    return subprocess.run([sys.executable, "-m", "atlas", *args], cwd=root, capture_output=True,
                          text=True, timeout=300, env=env)


@pytest.fixture
def mini(tmp_path) -> Path:
    """A small valid project, quick to validate and build."""
    return copy_project(tmp_path / "project", MINI_DATA)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The real data built once, exactly as `make site` does: returns the site folder."""
    root = copy_project(tmp_path_factory.mktemp("real") / "project")
    result = run_atlas(root, "build", "--out", "site")
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="session")
def site_url(built):
    """The built site served over http://127.0.0.1 (the search needs a real server)."""
    handler = functools.partial(_QuietHandler, directory=str(built))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


CHROMIUM = shutil.which("chromium") or shutil.which("google-chrome") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


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
