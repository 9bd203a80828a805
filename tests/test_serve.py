"""`make serve`: the preview shows a new article without a restart."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import REPO, copy_seed


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _mentions(cmdline: Path, text: str) -> bool:
    try:
        return text in cmdline.read_bytes().decode("utf-8", "replace")
    except OSError:
        return False


def wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if page and text in page:
            return True
        time.sleep(0.5)
    return False


def test_serve_regenerates_when_content_changes(tmp_path):
    content = tmp_path / "content"
    copy_seed(content)
    port = free_port()
    command = [sys.executable, "-m", "generator", "--content", str(content), "serve",
               "--docs", str(tmp_path / "docs"), "--dev-addr", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        month = f"http://127.0.0.1:{port}/timeline/2023/11/"
        assert wait_for(month, "President Zelensky calls for unity", 60), "the preview starts"
        (content / "added.md").write_text("---\ntitle: Preview test article\ndate: 2023-11-20\n---\n"
                                          "TEST FIXTURE: added while the preview runs.\n")
        assert wait_for(month, "Preview test article", 60), "the new article appears without a restart"
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert not [p for p in Path("/proc").glob("[0-9]*/cmdline") if _mentions(p, str(tmp_path))], "no server left"
    assert not (REPO / "build" / "docs" / "2023" / "11" / "20").exists(), "serve wrote where it was told"
