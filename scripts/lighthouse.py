#!/usr/bin/env python3
"""Lighthouse's four scores and the total blocking time for a few pages of the built site, desktop and mobile.

The site is served gzip-compressed, as a host would, and Lighthouse (pinned in package.json,
installed by `make lighthouse`) drives Debian's Chromium.

Usage:  python scripts/lighthouse.py SITE_DIR [PATH ...]   (default paths: home, a partnership, the explorer, the matrix, the map)
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = shutil.which("chromium") or shutil.which("google-chrome") or "/usr/bin/chromium"
PATHS = ["/", "/partnerships/india-canada/", "/explorer/", "/matrix/", "/map/"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".csv", ".txt")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text ones gzip-compressed when the browser accepts it."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (path.suffix in COMPRESSIBLE and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Bytes(body)

    def log_message(self, *args):
        pass


class _Bytes:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def scores(url: str, preset: str) -> dict[str, int]:
    """The four scores, and "tbt": the total blocking time in ms."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            f"--output-path={report}",
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-path={CHROMIUM}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ]
        if preset == "desktop":
            command.append("--preset=desktop")
        subprocess.run(command, check=True)
        result = json.loads(report.read_text())
    return {
        **{name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES},
        "tbt": round(result["audits"]["total-blocking-time"]["numericValue"]),
    }


def main() -> None:
    site, paths = Path(sys.argv[1]), sys.argv[2:] or PATHS
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    print("| Page | Preset | " + " | ".join(CATEGORIES) + " | TBT (ms) |")
    print("| --- | --- |" + " --- |" * (len(CATEGORIES) + 1))
    for path in paths:
        for preset in ("desktop", "mobile"):
            result = scores(base + path, preset)
            print(f"| {path} | {preset} | " + " | ".join(str(result[name]) for name in [*CATEGORIES, "tbt"]) + " |", flush=True)
    server.shutdown()


if __name__ == "__main__":
    main()
