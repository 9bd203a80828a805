"""The see-also index pages, checked by parsing their links and front matter, and by MkDocs --strict."""
from __future__ import annotations

import posixpath
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date

import pytest
import yaml

from conftest import FIXTURES, SEED
from generator.config import Config
from generator.model import Archive as Model, Article, Reference, Resolution, Section
from generator.pages.common import page_path
from generator.enrich import derive
from generator.pages import render
from generator.pages.seealso import REFERRERS_SHOWN, seealso_pages
from generator.readers import read_archive, read_one
from generator.readers.base import SourceFile
from generator.references import backlinks, resolve_references
from generator.slugs import permalink

LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\(([^)\s]+)\)")


class Archive:
    """The model's Archive with what enrichment derives from it (the see-also targets)."""

    @staticmethod
    def of(articles, **parts):
        return derive(Model.of(articles, **parts))


def render_seealso_pages(archive, config):
    return render(seealso_pages(archive, config))


def build_archive(articles, config=Config()) -> Archive:
    resolutions, _ = resolve_references(articles, config)
    return Archive.of(articles, resolutions=resolutions, backlinks=backlinks(articles, resolutions))


@pytest.fixture(scope="module")
def archive() -> Archive:
    articles, _ = read_archive(FIXTURES / "references" / "content")
    seed, _ = read_one(SourceFile(SEED.name, SEED.read_bytes()))
    return build_archive(articles + [seed])


def links(text: str, source: str) -> list[tuple[str, str]]:
    """(label, docs path the link points to) for every Markdown link on a page."""
    return [(label, posixpath.normpath(posixpath.join(posixpath.dirname(source), href)))
            for label, href in LINK.findall(text)]


def entries(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("- ")]


def test_every_link_points_to_a_page_that_exists(archive):
    pages = render_seealso_pages(archive, Config(per_page=3))
    known = set(pages) | {page_path(a.url) for a in archive.articles}
    for source, text in pages.items():
        targets = links(text, source)
        assert targets, source
        assert [t for _, t in targets if t not in known] == [], source


def test_front_matter_titles_and_page_sizes_are_bounded(archive):
    pages = render_seealso_pages(archive, Config(per_page=3))
    for source, text in pages.items():
        meta = yaml.safe_load(text.split("---\n")[1])
        assert meta["title"].startswith(("See also", "Wanted stories"))
        if source != "see-also/index.md":  # the overview lists letters: at most 27
            assert len(entries(text)) <= 3, source
    assert "see-also/wanted/page/2/index.md" in pages and "see-also/w/page/2/index.md" in pages


def test_resolved_targets_link_to_their_article_with_their_referrers(archive):
    pages = render_seealso_pages(archive, Config())
    letter_u = pages["see-also/u/index.md"]
    nasams = next(line for line in entries(letter_u) if "NASAMS" in line)
    found = links(nasams, "see-also/u/index.md")
    assert found[0] == ("US buys six more NASAMS air-defense systems for Ukraine",
                        page_path(archive.by_id["t-nasams"].url))
    seed = archive.by_id[SEED.stem]
    assert [t for _, t in found[1:]] == [page_path(seed.url)]
    assert all("wanted" not in line for line in entries(letter_u) if "NASAMS" in line)


def test_wanted_stories_are_ranked_by_demand(archive):
    pages = render_seealso_pages(archive, Config())
    wanted = entries(pages["see-also/wanted/index.md"])
    first = wanted[0].casefold()
    assert first.startswith("- **1.** volcano erupts on remote island · *wanted: not in the archive yet* · referenced by 3:")
    assert len(links(wanted[0], "see-also/wanted/index.md")) == 3
    listed = {line.split("** ", 1)[1].split(" · ")[0] for line in wanted}
    assert {"Zoo welcomes twin panda cubs", "Weekly market report"} <= listed
    assert "US buys six more NASAMS air-defense systems for Ukraine" not in listed
    letter_v = pages["see-also/v/index.md"]
    assert "Remote Island · *wanted: not in the archive yet*" in letter_v


def test_unresolved_look_alikes_are_linked_for_pinning(archive):
    source = "see-also/wanted/index.md"
    line = next(e for e in entries(render_seealso_pages(archive, Config())[source]) if "Weekly market" in e)
    near = {t for _, t in links(line, source)}
    assert {page_path(archive.by_id[i].url) for i in ("t-market-1", "t-market-2")} <= near
    assert "pin it under see\\_also" in line


def test_overview_counts_and_letters(archive):
    pages = render_seealso_pages(archive, Config())
    overview = pages["see-also/index.md"]
    total = sum(len(a.references) for a in archive.articles)
    said = re.search(r"\*\*(\d+)\*\* see-also references in the archive: \*\*(\d+)\*\* to an article it holds, "
                     r"\*\*(\d+)\*\* to a story it does not\. Between them they name \*\*(\d+)\*\* targets", overview)
    resolved = sum(r.target_id in archive.by_id for rs in archive.resolutions.values() for r in rs)
    assert said and [int(n) for n in said.groups()] == [total, resolved, total - resolved, len(archive.targets)]
    assert 0 < resolved < total  # the fixture has both kinds
    letters = {t for _, t in links(overview, "see-also/index.md") if t.count("/") == 2} - {"see-also/wanted/index.md"}
    assert letters == {p for p in pages if p.count("/") == 2 and "wanted" not in p}


def _article(ident: str, day: date, targets=()) -> Article:
    refs = tuple(Reference("see also", t, n) for n, t in enumerate(targets, start=2))
    return Article(ident, f"Story {ident}", day, f"{ident}.md", "markdown", (Section(None, 1, ()),),
                   refs, url=f"{day:%Y/%m/%d}/{ident}/")


def test_a_popular_target_names_a_bounded_number_of_referrers():
    articles = [_article("target", date(2020, 1, 1))]
    articles += [_article(f"r{i:03d}", date(2021, 1, 1), ["Story target", "Missing <b>story</b> *x*"])
                 for i in range(200)]
    pages = render_seealso_pages(build_archive(articles), Config())
    line = next(e for e in entries(pages["see-also/s/index.md"]) if "Story target" in e)
    assert len(links(line, "see-also/s/index.md")) == REFERRERS_SHOWN + 2  # target, referrers, its page
    assert f"and {200 - REFERRERS_SHOWN} more" in line
    wanted = pages["see-also/wanted/index.md"]
    assert "<b>" not in wanted and "Missing &lt;b&gt;story&lt;/b&gt; \\*x\\*" in wanted


def test_no_page_grows_past_150_kb_even_with_long_titles():
    """Worst case per entry: long titles, many referrers and look-alikes, default page length."""
    long = "Long headline about a council decision " * 5  # ~200 characters
    articles = [_article(f"a{i:03d}", date(2022, 1, 1 + i % 28)) for i in range(300)]
    articles = [replace(a, title=f"{long}{i}", url=permalink(a.date, f"{long}{i}")) for i, a in enumerate(articles)]
    refs = tuple(Reference("see also", f"{long} missing {i}", 2) for i in range(60))
    look_alikes = tuple(a.id for a in articles[:10])
    referrers = [replace(a, references=refs) for a in articles[100:]]
    resolutions = {a.id: tuple(Resolution(None, "unresolved", 80.0, look_alikes) for _ in refs) for a in referrers}
    archive = Archive.of(articles[:100] + referrers, resolutions=resolutions)
    pages = render_seealso_pages(archive, Config())
    assert len(entries(pages["see-also/wanted/index.md"])) == Config().per_page
    largest = max(len(text.encode()) for text in pages.values())
    print(f"\nlargest see-also page with 200-character titles: {largest / 1024:.0f} KB")
    assert largest < 150 * 1024


def test_empty_archive_still_has_an_overview_and_a_wanted_page():
    pages = render_seealso_pages(Archive.of([]), Config())
    assert set(pages) == {"see-also/index.md", "see-also/wanted/index.md"}


def test_mkdocs_strict_build_accepts_the_pages(archive, tmp_path):
    docs = tmp_path / "docs"
    pages = render_seealso_pages(archive, Config(per_page=4))
    pages.update({page_path(a.url): f"# {a.id}\n" for a in archive.articles})
    pages["index.md"] = "# Home\n"
    for path, text in pages.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\ndocs_dir: docs\nsite_dir: site\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "see-also" / "wanted" / "index.html").exists()
