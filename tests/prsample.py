"""An invented pull request on an invented archive, in a temporary git repository.

The base commit holds three articles and a topics.yml; the working tree then adds an article
with a warning (no title in its front matter), edits another (retitled in its sidecar, so its
permalink moves), adds a broken one (front matter never closed), removes a third and curates
a new topic. `hostile=True` adds an article whose title tries to inject Markdown and HTML.
None of this is news: it exists only for the tests and the sample summary.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HOSTILE_TITLE = "[click me](https://evil.example/x) <img src=x onerror=alert(1)> **loud** www.evil.example &amp; `code`"

BASE = {
    "topics.yml": "topics:\n  - id: river-port\n    name: River Port\n    kind: place\n    aliases: [river port]\n",
    "2021/2021-03-01-floods.md": (
        "---\ntitle: Floods close the river port\ndate: 2021-03-01\nsource: Example Wire\n---\n\n"
        "Heavy rain closed the River Port on Monday, and barges waited downstream.\n"
    ),
    "2021/market-hall.txt": (
        "The market hall reopened on Saturday after repairs to its roof.\n"
        "Traders said the river port closure had slowed deliveries.\n"
        "See also : Floods close the river port\n"
        "See also : Old bridge to be demolished\n"
    ),
    "2021/market-hall.yml": "title: Market hall reopens\ndate: 2021-02-20\n",
    "2020/old-bridge.md": (
        "---\ntitle: Old bridge to be demolished\ndate: 2020-11-02\n---\n\n"
        "The council voted to demolish the old bridge next spring.\n"
    ),
}

ADDED = (
    "---\ndate: 2021-03-09\nsource: Example Wire\n---\n\n"
    "# Port reopens after floods\n\n"
    "The River Port reopened on Tuesday, harbour master Ines Okafor said.\n\n"
    "See also : Floods close the river port\n"
    "See also : Dredging contract awarded\n"
)
ADDED_PATH = "2021/2021-03-09-port.md"
TITLE_LINE = 6  # the '# ' heading the title is taken from
BROKEN_PATH = "2021/broken.md"
TOPICS_HEAD = BASE["topics.yml"] + "  - id: ines-okafor\n    name: Ines Okafor\n    kind: person\n    aliases: [Okafor]\n"


def _git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def write(content: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def make_sample_pr(root: Path, hostile: bool = False) -> Path:
    """The repository root; its `content/` is the pull request's side, HEAD the base."""
    content = root / "content"
    write(content, BASE)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    write(content, {
        ADDED_PATH: ADDED,
        BROKEN_PATH: "---\ntitle: Unclosed front matter\n\nThe text never starts.\n",
        "2021/market-hall.txt": BASE["2021/market-hall.txt"].replace("its roof", "its roof and stalls")
        + "See more : Port reopens after floods\n",
        "2021/market-hall.yml": "title: Market hall reopens after repairs\ndate: 2021-02-20\n",
        "topics.yml": TOPICS_HEAD,
    })
    if hostile:
        title = HOSTILE_TITLE.replace("'", "''")
        write(content, {"2021/hostile.md": f"---\ntitle: '{title}'\ndate: 2021-03-10\n---\n\nA paragraph.\n"})
    (content / "2020/old-bridge.md").unlink()
    return root


def run_cli(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """`python -m generator --content content ...` from the sample repository's root."""
    command = [sys.executable, "-m", "generator", "--content", "content", "--mkdocs", str(REPO / "mkdocs.yml"), *args]
    environ = {**os.environ, "PYTHONPATH": str(REPO), **env}
    environ.pop("GITHUB_STEP_SUMMARY", None) if "GITHUB_STEP_SUMMARY" not in env else None
    return subprocess.run(command, cwd=root, capture_output=True, text=True, env=environ)


if __name__ == "__main__":  # print the sample job summary: python tests/prsample.py /tmp/folder
    target = Path(sys.argv[1])
    target.mkdir(parents=True)
    sys.stdout.write(run_cli(make_sample_pr(target), "pr-summary", "--base", "HEAD").stdout)
