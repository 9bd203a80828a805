"""Shared test helpers: the repository's paths, the seed article, and a site builder."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"
SEED = CONTENT / "000_165e4b519f61ba16.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = REPO.parent / "shared"


def run_generator(content: Path, *args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    """The CLI as a maintainer runs it (`python -m generator`), from the repository root."""
    command = [sys.executable, "-m", "generator", "--content", str(content), *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True)


class BuiltSite:
    """A site built from a content folder into a temporary place, with parsing helpers."""

    def __init__(self, root: Path, result: subprocess.CompletedProcess):
        self.root, self.result = root, result
        self.site, self.docs = root / "site", root / "docs"

    def export(self) -> dict:
        return json.loads((self.site / "archive.json").read_text(encoding="utf-8"))

    def html(self, url: str):
        from bs4 import BeautifulSoup

        return BeautifulSoup((self.site / url / "index.html").read_text(encoding="utf-8"), "html.parser")

    def article_text(self, url: str) -> str:
        """The words of the page's article, as a reader reads them (one space between any two)."""
        return " ".join(self.html(url).select_one("article").get_text(" ", strip=True).split())


def build_site(content: Path, root: Path, mkdocs: Path | None = None) -> BuiltSite:
    options = ["--mkdocs", str(mkdocs)] if mkdocs else []
    result = run_generator(content, *options, "build", "--docs", str(root / "docs"), "--staging",
                           str(root / "staging"), "--site", str(root / "site"))
    return BuiltSite(root, result)


def mkdocs_config(folder: Path, **archive) -> Path:
    """The repository's mkdocs.yml with some `extra.archive` settings changed, in `folder`."""
    import yaml

    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(REPO / "site-theme")
    config["extra"]["archive"].update(archive)
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def e2e_content(root: Path) -> Path:
    """The end-to-end archive: the seed article, the e2e fixtures and the real topics.yml."""
    content = root / "content"
    copy_seed(content / "2023")
    for fixture in (FIXTURES / "e2e").iterdir():
        shutil.copy(fixture, content / fixture.name)
    shutil.copy(CONTENT / "topics.yml", content / "topics.yml")
    return content


def copy_seed(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(SEED, folder / SEED.name))


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED.read_bytes()


@pytest.fixture(scope="session")
def reader_site(tmp_path_factory):
    """The invented reader's site (fixtures/reader/), built once for every browser test."""
    from reader_site import build_reader_site

    return build_reader_site(tmp_path_factory.mktemp("reader"))


@pytest.fixture(scope="session")
def browser():
    """One Debian chromium for every browser test (Playwright; never a downloaded browser)."""
    from generator.bench.browser import CHROMIUM, chromium

    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: run `make browser` (make test installs it)")
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="session")
def reader_base(reader_site):
    """The reader's site served on 127.0.0.1 at the root; yields the base URL."""
    from generator.bench.browser import serve

    with serve(reader_site.site) as base:
        yield base
