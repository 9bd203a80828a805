"""An incremental build merges and publishes only what changed (incremental.StagedRecord), and
that never shows: the published site is the one a build from nothing publishes, after an
edit, a new article, a deleted one, and after a build that stopped before publishing."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import run_generator
from generator import pipeline
from generator.bench import synthetic
from generator.bench.measure import same_site
from generator.cli import main as cli_main

COUNT = 40


def build(content: Path, out: Path) -> str:
    result = run_generator(content, "build", "--jobs", "2", "--docs", str(out / "docs"),
                           "--staging", str(out / "staging"), "--site", str(out / "site"))
    assert result.returncode == 0, result.stderr
    return result.stderr


def stage_line(stderr: str, stage: str) -> str:
    return next(line for line in stderr.splitlines() if re.match(rf"\[{stage}\] \d+ files", line))


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def lede_edit(content: Path, index: int = 3) -> Path:
    path = sorted(content.rglob("*.txt"))[index]
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[1] += " One more sentence about Lisbon."
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def new_article(content: Path) -> None:
    (content / "2021" / "new-story.md").write_text(
        "---\ntitle: Zorbanek Quillfeather visits Lisbon\ndate: '2021-03-02'\n---\n\n"
        "Zorbanek Quillfeather met officials in Lisbon on Monday.\n", encoding="utf-8")


def deleted_article(content: Path) -> None:
    sorted(content.rglob("*.md"))[5].unlink()


@pytest.fixture
def archive(tmp_path):
    content = synthetic.write_archive(tmp_path / "content", COUNT, seed=5).root
    first = build(content, tmp_path / "kept")
    assert "compared whole" in stage_line(first, "publish")  # nothing known about the site yet
    return content


@pytest.mark.parametrize("edit, whole", [(lede_edit, False), (new_article, False), (deleted_article, True)])
def test_an_incremental_build_publishes_what_a_build_from_nothing_publishes(archive, tmp_path, edit, whole):
    edit(archive)
    again = build(archive, tmp_path / "kept")
    merged, published = stage_line(again, "merge"), stage_line(again, "publish")
    # A removed page needs a full MkDocs build (its HTML would stay behind), compared whole.
    assert ("compared whole" in merged, "compared whole" in published) == (whole, whole), (merged, published)
    if not whole:  # the edited page, the feeds and listings naming it, 404 and sitemaps: not the site
        assert 0 < int(published.split()[1]) < 200, published
    build(archive, tmp_path / "fresh")
    assert same_site(tmp_path / "kept" / "site", tmp_path / "fresh" / "site")


def test_a_build_stopped_before_publishing_leaves_the_next_to_compare_everything(archive, tmp_path, monkeypatch):
    out = tmp_path / "kept"
    args = ["--content", str(archive), "build", "--jobs", "2", "--docs", str(out / "docs"),
            "--staging", str(out / "staging"), "--site", str(out / "site")]
    lede_edit(archive, 2)

    def stopped(*_args, **_kwargs):
        raise KeyboardInterrupt  # the maintainer's Ctrl-C, once MkDocs has written the staged site

    published = files_of(out / "site")
    monkeypatch.setattr(pipeline, "_publish", stopped)
    with pytest.raises(KeyboardInterrupt):
        cli_main(args)
    monkeypatch.undo()
    # The site shares its files with the staged site by hard links: the stopped build's
    # MkDocs rewrote the edited page and the listings, and none of that may show in site/.
    assert files_of(out / "site") == published
    lede_edit(archive, 7)  # another edit: the next build's MkDocs writes only that one
    again = build(archive, out)
    assert "compared whole" in stage_line(again, "publish")
    build(archive, tmp_path / "fresh")
    assert same_site(out / "site", tmp_path / "fresh" / "site")  # both edits, the first included


def test_pages_written_by_another_command_are_still_indexed_and_published(archive, tmp_path):
    """`build --pages-only` (and `make serve`) write the search documents and pages too: the
    next build must still re-index and publish what changed, not trust that it wrote it."""
    lede_edit(archive, 4)
    out = tmp_path / "kept"
    result = run_generator(archive, "build", "--pages-only", "--docs", str(out / "docs"),
                           "--staging", str(out / "staging"), "--site", str(out / "site"))
    assert result.returncode == 0, result.stderr
    build(archive, out)
    build(archive, tmp_path / "fresh")
    assert same_site(out / "site", tmp_path / "fresh" / "site")
