"""An article's page lists at most `LISTED_ON_PAGE` of the articles that refer to it and of its
story's other files; all of them are on paginated pages under its URL, so no page grows with
the archive however often a piece is cited or a story re-sent. Checked by parsing the pages."""
from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

from generator.config import Config
from generator.incremental import Layout
from generator.pages.article import LISTED_ON_PAGE
from generator.pipeline import generate
from generator.timing import Timer

LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\(([^)\s]+)\)")
STORY = " ".join(f"Harbour crews worked through night {n} to repair the flood barrier before the storm." for n in range(12))
PER_PAGE = Config().per_page
REFERRERS, COPIES = 2 * PER_PAGE + 13, LISTED_ON_PAGE + 4  # three pages of them; one


def _archive(content: Path) -> None:
    """Test data: one background piece cited by every other article, and one story re-sent."""
    content.mkdir()
    (content / "background.md").write_text("---\ntitle: How the flood barrier works\ndate: 2020-01-01\n---\n\nGates and pumps.\n",
                                           encoding="utf-8")
    for n in range(REFERRERS):
        (content / f"r{n:03}.md").write_text(
            f"---\ntitle: Storm report number {n}\ndate: 2020-02-{n % 28 + 1:02}\n---\n\nThe storm {n} passed"
            f" {'quietly' if n % 2 else 'slowly'} at hour {n}.\n\nSee also : How the flood barrier works\n", encoding="utf-8")
    for n in range(COPIES + 1):
        (content / f"wire{n:02}.txt").write_text(f"Barrier repaired\n\n{STORY} Update {n}.\n", encoding="utf-8")


def _links(text: str, source: str) -> list[tuple[str, str]]:
    return [(label, posixpath.normpath(posixpath.join(posixpath.dirname(source), href))) for label, href in LINK.findall(text)]


def _section(text: str, heading: str) -> str:
    return text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def test_a_much_cited_article_and_a_much_refiled_story_list_a_few_and_link_all(tmp_path):
    _archive(tmp_path / "content")
    docs = tmp_path / "out" / "docs"
    result = generate(tmp_path / "content", Layout(docs, tmp_path / "out" / "staging", tmp_path / "out" / "site"),
                      Config(workers=1), Timer(stream=None))
    assert not result.failed
    exported = json.loads((docs / "archive.json").read_text(encoding="utf-8"))
    by_title = {a["title"]: a for a in exported["articles"]}
    background = by_title["How the flood barrier works"]["url"]
    source = background + "index.md"
    page = (docs / source).read_text(encoding="utf-8")
    cited = _section(page, "Referenced by")
    assert len(re.findall(r"^- ", cited, re.MULTILINE)) == LISTED_ON_PAGE
    every = [(label, target) for label, target in _links(cited, source) if label.startswith("All ")]
    assert every == [(f"All {REFERRERS} articles that refer to it", background + "referenced-by/index.md")]
    listed, pages = [], sorted(docs.glob(background + "referenced-by/**/index.md"))
    assert [p.relative_to(docs).as_posix() for p in pages] == [background + "referenced-by/index.md",
                                                               background + "referenced-by/page/2/index.md",
                                                               background + "referenced-by/page/3/index.md"]
    for path in pages:
        text, at = path.read_text(encoding="utf-8"), path.relative_to(docs).as_posix()
        assert ("How the flood barrier works", source) in _links(text, at)  # back to the article
        listed += [target for label, target in _links(text, at) if label.startswith("Storm report")]
        assert all((docs / target).is_file() for _, target in _links(text, at))
    assert len(listed) == len(set(listed)) == REFERRERS
    story = by_title["Barrier repaired"]["url"]
    refiled = _section((docs / story / "index.md").read_text(encoding="utf-8"), "Also filed as")
    assert len(re.findall(r"^- ", refiled, re.MULTILINE)) == LISTED_ON_PAGE
    whole = (docs / story / "also-filed" / "index.md").read_text(encoding="utf-8")
    files = [label for label, _ in _links(whole, story + "also-filed/index.md") if label.startswith("wire")]
    assert len(files) == COPIES and f"All {COPIES} other files" in refiled


def test_a_few_are_listed_in_full_without_a_page_of_their_own(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text("---\ntitle: Barrier opens\ndate: 2020-01-01\n---\n\nText.\n", encoding="utf-8")
    (content / "b.md").write_text("---\ntitle: Barrier closes\ndate: 2020-01-02\n---\n\nOther.\n\nSee also : Barrier opens\n",
                                  encoding="utf-8")
    docs = tmp_path / "out" / "docs"
    assert not generate(content, Layout(docs, tmp_path / "s", tmp_path / "site"), Config(workers=1), Timer(stream=None)).failed
    assert not list(docs.rglob("referenced-by")) and not list(docs.rglob("also-filed"))
