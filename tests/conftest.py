"""Shared fixtures: project copies to break on purpose, and one real build of the real data."""
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
PROJECT_FILES = ["mkdocs.yml", "schemas", "templates", "docs", "hooks", "CONTRIBUTING.md"]


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
