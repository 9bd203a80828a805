"""Search the built site in a real browser: Debian's chromium driven by Playwright.

A few invented articles are built with the CLI, served on 127.0.0.1 under a sub-path (as a
site hosted in a folder would be), and searched from the header box. The page must fetch
nothing of Pagefind until the box is used, results must link to the right article, and the
year filter must narrow them.
"""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from conftest import build_site, mkdocs_config
from generator.bench.browser import CHROMIUM, INPUT, RESULT, Log, chromium, serve

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing: run `make browser` (make test installs it)")

WORD = "Quorvantine"  # an invented word, only in the two articles below
ARTICLES = {
    "2021/glass-bridge.md": ("Glass bridge opens over the Velmar canal", "2021-05-04",
                             f"The {WORD} works finished the bridge in spring."),
    "2023/glass-bridge-repairs.md": ("Glass bridge closes for repairs", "2023-02-10",
                                     f"Engineers from {WORD} found cracks in two panels."),
    "2023/lantern-festival.md": ("Lantern festival returns to Ostravel", "2023-09-01",
                                 "Thousands of paper lanterns were floated on the river."),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("search")
    content = root / "content"
    for path, (title, day, text) in ARTICLES.items():
        file = content / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(textwrap.dedent(f"""\
            ---
            title: {title}
            date: {day}
            source: Test Fixture Wire
            ---

            {text} This is an invented test article.

            ## Details

            Nothing in this article happened.
            """), encoding="utf-8")
    # One article per search shard, so the two hits below come from two merged bundles.
    built = build_site(content, root, mkdocs_config(root, search_shard_articles=1))
    assert built.result.returncode == 0, built.result.stderr
    manifest = json.loads((built.site / "pagefind" / "shards.json").read_text())
    assert manifest == ["2023", "2021"]
    return built


def _article_url(site, title: str) -> str:
    return next(a["url"] for a in site.export()["articles"] if a["title"] == title)


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def _pagefind(requests: list[tuple[str, int]]) -> list[str]:
    return [path for path, _ in requests if "/pagefind/" in path]


def test_search_finds_the_article_and_links_to_it(site, browser):
    log = Log()
    # Served from the folder above the site: the site lives under the sub-path /site/.
    with serve(site.root, log) as base:
        home = base + "site/"
        page = browser.new_page()
        page.goto(home + _article_url(site, "Lantern festival returns to Ostravel"))
        page.wait_for_load_state("networkidle")
        assert _pagefind(log.since(0)) == [], "a page load must not fetch anything of Pagefind"

        page.click(INPUT)
        page.wait_for_timeout(300)
        chunks = [p for p in _pagefind(log.since(0)) if "/index/" in p or "/fragment/" in p]
        assert chunks == [], "no index chunk before anything is typed"

        page.keyboard.type(WORD)
        page.wait_for_selector(RESULT)
        page.wait_for_timeout(300)
        results = page.locator(RESULT)
        titles = sorted(results.locator("h1").all_inner_texts())
        assert titles == ["Glass bridge closes for repairs", "Glass bridge opens over the Velmar canal"]
        assert all(p.startswith("/site/pagefind/") for p in _pagefind(log.since(0)))

        target = page.locator(RESULT, has_text="Glass bridge closes for repairs")
        target.click()
        page.wait_for_load_state("load")
        assert page.url == home + _article_url(site, "Glass bridge closes for repairs")
        assert page.locator("article h1").inner_text() == "Glass bridge closes for repairs"
        page.close()


def test_year_filter_narrows_results(site, browser):
    with serve(site.site) as base:
        page = browser.new_page()
        page.goto(base)
        page.click(INPUT)
        page.keyboard.type(WORD)
        page.wait_for_selector(RESULT)
        page.click("[data-archive-search-filters] summary")
        page.wait_for_selector('[data-filter="year"] option[value="2021"]', state="attached")
        page.select_option('[data-filter="year"]', "2021")
        page.wait_for_function("document.querySelectorAll('.archive-search__result').length === 1")
        assert page.locator(RESULT).locator("h1").all_inner_texts() == ["Glass bridge opens over the Velmar canal"]
        page.close()
