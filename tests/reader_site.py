"""The reader's site for the browser tests and `make screenshots`: one built site, its pages.

The invented articles in fixtures/reader/ are built once with the CLI (one search bundle per
year, so search merges bundles as on a large archive) and served on 127.0.0.1. The pages a
reader meets are named here once, so the accessibility, phone, print and screenshot checks all
look at the same ones.
"""
from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES, REPO, BuiltSite, build_site, mkdocs_config

READER = FIXTURES / "reader"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
SCHEMES = ("light", "dark")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
QUERY = "Quorvantine"  # named in two of the fixture articles
LONG_TITLE = "An extraordinarily long headline"  # how the hostile-long title starts
SERIOUS = ("serious", "critical")


def build_reader_site(root: Path) -> BuiltSite:
    built = build_site(READER, root, mkdocs_config(root, search_shard_articles=1))
    assert built.result.returncode == 0, built.result.stderr
    return built


def article_url(site: BuiltSite, starts: str) -> str:
    return next(a["url"] for a in site.export()["articles"] if a["title"].startswith(starts))


def reader_pages(site: BuiltSite) -> dict[str, str]:
    """Name -> URL relative to the site root of every page kind a reader meets."""
    return {
        "home": "",
        "article": article_url(site, "Glass bridge closes for repairs"),
        "long-article": article_url(site, LONG_TITLE),
        "topic": "topics/mira-talvenko/",
        "timeline": "timeline/",
        "see-also": "see-also/",
        "404": "404.html",
    }


# Settled: the status line counts the final query's results and all of them (up to a page) are
# shown; an earlier keystroke's results may flash by before.
SETTLED = """query => document.querySelector("[data-archive-search-input]").value === query
    && /^\\d+ matching article/.test(document.querySelector("[data-archive-search-meta]").textContent)
    && document.querySelectorAll(".md-search-result__item:not([hidden]) .archive-search__result").length
       === Math.min(10, parseInt(document.querySelector("[data-archive-search-meta]").textContent))"""


# Every running CSS transition and finite animation, finished (infinite ones are left running).
SETTLE_ANIMATIONS = """() => Promise.all(document.getAnimations()
    .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
    .map(a => a.finished.catch(() => null)))"""


def open_search(page, query: str = QUERY) -> None:
    """Type a query into the header box and wait until its results are shown."""
    page.click("[data-archive-search-input]")
    page.keyboard.type(query)
    wait_for_results(page, query)


def wait_for_results(page, query: str = QUERY) -> None:
    page.wait_for_function(SETTLED, arg=query)


def run_axe(page) -> list[dict]:
    """axe-core's violations on the page once its transitions have ended: [{id, impact, help,
    nodes: [target]}]. Mid-fade (the search overlay opening) colours are blends, and axe
    measured their contrast as a failure in one CI run of several."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    page.evaluate(SETTLE_ANIMATIONS)
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                             nodes: v.nodes.map(n => n.target.join(" "))}));
    }""")
    return sorted(found, key=lambda v: v["id"])


def serious(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in SERIOUS]
