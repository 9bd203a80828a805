"""The pull request's job summary, run as GitHub runs it, parsed as GitHub renders it.

The invented pull request (tests/prsample.py) adds an article with a warning, edits one,
adds a broken one, removes one, curates a topic and adds an article with a hostile title.
The summary is rendered with a CommonMark + GFM parser (markdown-it-py with linkify) and
read back with BeautifulSoup.
"""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from generator.prsummary import md_escape
from prsample import ADDED_PATH, BROKEN_PATH, HOSTILE_TITLE, TITLE_LINE, make_sample_pr, run_cli


def render(markdown: str) -> BeautifulSoup:
    return BeautifulSoup(MarkdownIt("gfm-like").render(markdown), "html.parser")


def sections(soup: BeautifulSoup) -> dict[str, list[str]]:
    """Each h3 heading's text with the texts of the list items under it (nested ones too)."""
    found = {}
    for heading in soup.find_all("h3"):
        items = heading.find_next_sibling("ul")
        found[heading.get_text()] = [li.get_text(" ", strip=True) for li in items.find_all("li")] if items else []
    return found


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    root = make_sample_pr(tmp_path_factory.mktemp("pr"), hostile=True)
    target = root.parent / "step-summary.md"
    target.write_text("Earlier step's summary.\n", encoding="utf-8")
    result = run_cli(root, "pr-summary", "--base", "HEAD", GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""  # on GitHub it goes to the step summary only
    text = target.read_text(encoding="utf-8")
    assert text.startswith("Earlier step's summary.\n## ")  # appended, not overwritten
    return text


def test_counts_what_the_pull_request_does(summary):
    soup = render(summary)
    assert soup.h2.get_text() == "What this pull request does to the archive"
    assert soup.h2.find_next_sibling("p").get_text().startswith("3 added, 1 changed, 1 removed; 1 error and ")


def test_an_added_article_shows_permalink_guesses_references_topics_and_problems(summary):
    added = sections(render(summary))["Added: Port reopens after floods"]
    assert f"File: content/{ADDED_PATH}" in added
    assert "Permalink: 2021/03/09/port-reopens-after-floods/" in added
    inferred = [item for item in added if item.startswith("title Port reopens after floods, from line")]
    assert inferred and inferred[0].startswith(f"title Port reopens after floods, from line {TITLE_LINE}: no 'title'")
    assert ("line 10, see also Floods close the river port: resolved to Floods close the river port "
            "at 2021/03/01/floods-close-the-river-port/ (by title)") in added
    assert "line 11, see also Dredging contract awarded: unresolved (not in the archive)" in added
    assert "Topics: Ines Okafor (new), River Port" in added
    assert "Referred to by: Market hall reopens after repairs (new link)" in added
    assert any(item.startswith(f"content/{ADDED_PATH}:{TITLE_LINE}: warning: no 'title'") for item in added)


def test_a_broken_article_is_named_with_its_error(summary):
    broken = sections(render(summary))[f"Not published (see its errors): content/{BROKEN_PATH}"]
    assert broken == [f"content/{BROKEN_PATH}:1: error : front matter opened with '---' is never closed"]


def test_an_edited_article_shows_that_its_permalink_moves(summary):
    changed = sections(render(summary))["Changed: Market hall reopens after repairs"]
    assert ("Permalink: 2021/02/20/market-hall-reopens-after-repairs/ (moved from 2021/02/20/market-hall-reopens/: "
            "links to the old address will break)") in changed
    assert "Inferred: nothing (title and date are given)" in changed
    assert "line 4, see also Old bridge to be demolished: unresolved (not in the archive)" in changed
    assert ("line 5, see more Port reopens after floods: resolved to Port reopens after floods "
            "at 2021/03/09/port-reopens-after-floods/ (by title)") in changed


def test_a_removed_article_names_who_referred_to_it(summary):
    removed = sections(render(summary))["Removed: Old bridge to be demolished"]
    assert "Was at: 2020/11/02/old-bridge-to-be-demolished/" in removed
    assert "Referred to by (those links become unresolved): Market hall reopens" in removed


def test_new_topic_pages_are_listed(summary):
    assert sections(render(summary))["New topic pages"] == ["Ines Okafor (person, curated) at topics/ines-okafor/"]


def test_a_hostile_title_is_shown_as_text_and_injects_nothing(summary):
    soup = render(summary)
    assert f"Added: {HOSTILE_TITLE}" in sections(soup)
    for tag in ("a", "img", "em", "code", "script", "del"):
        assert soup.find(tag) is None, tag
    assert {strong.get_text() for strong in soup.find_all("strong")} == {"error", "unresolved"}  # the summary's own
    assert "evil.example" not in "".join(str(a) for a in soup.find_all(href=True))


def test_escaping_leaves_plain_text_as_it_reads():
    for text in ("Port reopens after floods", "A [b](c) <d> *e* _f_ `g` $h$ www.i.j k@l.m &amp; | n |", "x\ny"):
        rendered = render(md_escape(text))
        assert rendered.get_text().strip() == " ".join(text.split())
        assert rendered.find(lambda tag: tag.name not in ("p",)) is None


def test_without_github_it_prints_and_an_unknown_revision_is_an_error(tmp_path):
    root = make_sample_pr(tmp_path / "pr")
    printed = run_cli(root, "pr-summary", "--base", "HEAD")
    assert printed.returncode == 0 and printed.stdout.startswith("## What this pull request does")
    missing = run_cli(root, "pr-summary", "--base", "no-such-revision")
    assert missing.returncode == 1 and "error: git could not show " in missing.stderr and "no-such-revision" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_an_added_article_that_clashes_with_another_is_never_left_out(tmp_path):
    """Same file name and date as an archived article: an error or a renamed id, it must be listed."""
    from conftest import REPO
    from generator.config import read_mkdocs
    from generator.prsummary import pr_summary

    root = make_sample_pr(tmp_path / "pr")
    copy = root / "content" / "2022" / "2021-03-01-floods.md"
    copy.parent.mkdir()
    copy.write_text("---\ntitle: Floods close the river port\ndate: 2021-03-01\n---\n\nAgain.\n", encoding="utf-8")
    found = sections(render(pr_summary(root / "content", "HEAD", read_mkdocs(REPO / "mkdocs.yml")[0])))
    listed = [(heading, items) for heading, items in found.items()
              if any("content/2022/2021-03-01-floods.md" in item for item in items) or heading.endswith("2022/2021-03-01-floods.md")]
    assert listed, found.keys()


def test_a_base_without_a_content_folder_makes_everything_added(tmp_path):
    from conftest import REPO
    from generator.config import read_mkdocs
    from generator.prsummary import pr_summary
    from prsample import BASE, _git, write

    root = tmp_path / "repo"
    root.mkdir()
    (root / "README.md").write_text("An archive to be.\n", encoding="utf-8")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "no content yet")
    write(root / "content", BASE)
    text = pr_summary(root / "content", "HEAD", read_mkdocs(REPO / "mkdocs.yml")[0])
    assert text.splitlines()[2].startswith("3 added, 0 changed, 0 removed")  # three articles and topics.yml
