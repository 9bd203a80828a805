"""The second publisher: Zensical (Material's successor) builds the same docs folder.

Material for MkDocs reaches end of life in 2027 and Zensical reads `mkdocs.yml`. These tests
build the end-to-end archive's pages once, publish them with both MkDocs and Zensical 0.0.73
(its own virtualenv, `make zensical`), and compare the two sites page by page by parsing them:
the same pages, the same titles and headings, links to the same targets, every link landing on
a page Zensical wrote. The hostile fixtures show that Zensical loads `generator.safe_markdown`,
so nothing from an article becomes live HTML there either.
"""
from __future__ import annotations

import json
import os
import posixpath
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import CONTENT, FIXTURES, REPO, copy_seed, run_generator

ZENSICAL = REPO / ".venv-zensical" / "bin" / "zensical"
pytestmark = pytest.mark.skipif(not ZENSICAL.exists(), reason="Zensical not installed: run `make zensical`")


def publish(content: Path, root: Path, publishers: tuple[str, ...]) -> dict[str, Path]:
    """Generate `content`'s pages into root/docs, then build them with each publisher.

    Zensical 0.0.73 panics on an absolute `docs_dir`, so the configuration sits beside the
    docs folder and names it relatively."""
    generated = run_generator(content, "build", "--pages-only", "--docs", str(root / "docs"))
    assert generated.returncode == 0, generated.stderr
    env = {**os.environ, "PYTHONPATH": str(REPO)}  # generator.safe_markdown, as mkdocs.yml lists it
    sites = {}
    for name in publishers:
        config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
        config.update(docs_dir="docs", site_dir=f"{name}-site")
        config["theme"]["custom_dir"] = str(REPO / "site-theme")
        path = root / f"{name}.yml"
        path.write_text(yaml.safe_dump(config), encoding="utf-8")
        command = ([str(ZENSICAL), "build", "--strict", "--clean", "-f", path.name] if name == "zensical"
                   else [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", path.name])
        built = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
        assert built.returncode == 0, built.stdout + built.stderr
        sites[name] = root / f"{name}-site"
    return sites


@pytest.fixture(scope="module")
def e2e(tmp_path_factory):
    root = tmp_path_factory.mktemp("zensical-e2e")
    content = root / "content"
    copy_seed(content / "2023")
    for fixture in (FIXTURES / "e2e").iterdir():
        shutil.copy(fixture, content / fixture.name)
    shutil.copy(CONTENT / "topics.yml", content / "topics.yml")
    return root, publish(content, root, ("mkdocs", "zensical"))


def pages(site: Path) -> dict[str, BeautifulSoup]:
    return {p.relative_to(site).as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
            for p in sorted(site.rglob("*.html"))}


def link_targets(page_path: str, soup: BeautifulSoup) -> list[str]:
    """The site files that the content's links point at. Zensical spells relative links from
    the site root (`../../topics/x/`) where MkDocs takes the shortest way (`../x/`)."""
    targets = []
    for anchor in soup.select(".md-content a[href]"):
        href = anchor["href"].split("#")[0]
        if not href or "://" in href or href.startswith("mailto:"):
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), href))
        targets.append(target + "/index.html" if href.endswith("/") else target)
    return targets


def text(soup: BeautifulSoup, selector: str) -> str | None:
    element = soup.select_one(selector)
    return element.get_text(strip=True) if element else None


def test_every_generated_page_is_published(e2e):
    root, sites = e2e
    expected = {p.relative_to(root / "docs").with_suffix(".html").as_posix()
                for p in (root / "docs").rglob("*.md")}
    published = set(pages(sites["zensical"]))
    assert len(expected) >= 50 and expected <= published
    assert published - expected == {"404.html"}
    assert set(pages(sites["mkdocs"])) == published


def test_titles_headings_and_links_match_mkdocs(e2e):
    _, sites = e2e
    mkdocs, zensical = pages(sites["mkdocs"]), pages(sites["zensical"])
    linked = 0
    for path, soup in zensical.items():
        reference = mkdocs[path]
        if path == "404.html":  # Zensical 0.0.73 renders its own 404, not site-theme/404.html (README)
            continue
        assert soup.title.get_text() == reference.title.get_text(), path
        assert text(soup, ".md-content h1") == text(reference, ".md-content h1"), path
        targets = link_targets(path, soup)
        assert targets == link_targets(path, reference), path
        missing = [t for t in targets if not (sites["zensical"] / t).is_file()]
        assert not missing, (path, missing)
        linked += len(targets)
    assert linked > 300, "the pages link to each other"


def test_article_pages_keep_the_theme_overrides(e2e):
    _, sites = e2e
    site = sites["zensical"]
    articles = json.loads((site / "archive.json").read_text(encoding="utf-8"))["articles"]
    assert len(articles) == 3
    chipped = 0
    for article in articles:
        path = article["url"] + "index.html"
        page = BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")
        header = page.select_one("article.archive-article")
        assert header is not None, "site-theme/ (custom_dir) overrides Material's content partial"
        assert header.find("h1").get_text(strip=True) == article["title"]
        assert page.find("time")["datetime"] == article["date"]
        chips = page.select(".archive-topics a.archive-chip")
        chipped += len(chips)
        for chip in chips:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), chip["href"]))
            assert (site / target / "index.html").is_file(), chip
    assert chipped >= 7, "the seed article alone names seven people"


def test_zensical_loads_the_sanitiser(tmp_path):
    sites = publish(FIXTURES / "hostile", tmp_path, ("zensical",))
    published = pages(sites["zensical"])
    shown = False
    for path, soup in published.items():
        content = soup.select_one(".md-content")
        for element in content.find_all(True):
            for name, value in element.attrs.items():
                assert not name.lower().startswith("on"), (path, element)
                if name in ("href", "src"):
                    assert not str(value).strip().lower().startswith(("javascript:", "data:")), (path, element)
        assert not content.find_all(("script", "iframe", "svg", "style")), path
        shown = shown or "<script>alert(1)</script>" in content.get_text()
    assert shown, "raw HTML in an article is shown as text"
