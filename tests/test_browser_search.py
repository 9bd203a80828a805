"""Search the built site in a real browser: Debian's chromium driven by Playwright.

The invented articles of fixtures/reader/ (built once for all browser tests) are served on
127.0.0.1 under a sub-path (as a site hosted in a folder would be) and searched from the
header box. The page must fetch
nothing of Pagefind until the box is used, results must link to the right article, and the
year filter must narrow them.
"""
from __future__ import annotations

import json
import pytest

from generator.bench.browser import CHROMIUM, INPUT, RESULT, Log, serve

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing: run `make browser` (make test installs it)")

WORD = "Quorvantine"  # an invented word, only in two articles of fixtures/reader/


@pytest.fixture(scope="module")
def site(reader_site):
    # One article per search shard, so the two hits below come from two merged bundles.
    manifest = json.loads((reader_site.site / "pagefind" / "shards.json").read_text())
    assert manifest == ["2023", "2021"]
    return reader_site


def _article_url(site, title: str) -> str:
    return next(a["url"] for a in site.export()["articles"] if a["title"] == title)


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
