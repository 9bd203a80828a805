"""Pages whose inputs did not change are not rendered again, and that never shows: after any
edit, a build that reused pages writes exactly the files a build from nothing writes."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.bench import synthetic
from generator.config import Config
from generator.incremental import Kept, Layout, Made, StaleFile
from generator.model import TOPIC_KINDS
from generator.pipeline import generate
from generator.timing import Timer
from generator.writer import write_tree

COUNT = 60


def build(content: Path, out: Path):
    result = generate(content, Layout(out / "docs", out / "staging", out / "site"), Config(workers=1), Timer(stream=None))
    assert not result.failed, [str(d) for d in result.checked.diagnostics if d.is_error]
    return result.written


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def files(content: Path, suffix: str) -> list[Path]:
    return sorted(p for p in content.rglob(f"*{suffix}"))


def append_to_lede(content: Path) -> None:
    path = files(content, ".txt")[3]
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[1] += " One more sentence about Lisbon."
    path.write_text("\n".join(lines), encoding="utf-8")


def retitle_a_referenced_article(content: Path) -> None:
    """Pages that name it (see also lines, backlinks, related lists, topic pages) change too."""
    texts = "\n".join(p.read_text(encoding="utf-8") for p in content.rglob("*.*"))
    for path in files(content, ".md"):
        title = re.search(r"^title: (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)[1]
        if f"See also : {title}" in texts or f"See more : {title}" in texts:
            path.write_text(path.read_text(encoding="utf-8").replace(f"title: {title}", "title: A renamed story"), encoding="utf-8")
            return
    raise AssertionError("the synthetic archive should reference some Markdown article by title")


def add_an_article_with_a_new_topic(content: Path) -> None:
    """A new person everywhere: new topic surfaces, a new topic page, new companions."""
    for index, path in enumerate(files(content, ".md")[:3]):
        path.with_name(f"new-{index}.md").write_text(
            f"---\ntitle: Zorbanek Quillfeather visits number {index}\ndate: '2021-03-0{index + 1}'\n---\n\n"
            "Zorbanek Quillfeather met officials in Lisbon on Monday. Zorbanek Quillfeather said the talks went well.\n",
            encoding="utf-8")


def delete_one(content: Path) -> None:
    files(content, ".md")[5].unlink()


@pytest.mark.parametrize("edit", [append_to_lede, retitle_a_referenced_article, add_an_article_with_a_new_topic, delete_one])
def test_a_build_that_reuses_pages_equals_a_build_from_nothing(tmp_path, edit):
    content = synthetic.write_archive(tmp_path / "content", COUNT, seed=3).root
    first = build(content, tmp_path / "kept")
    assert first.made > 2 * COUNT and first.kept == 0
    unchanged = build(content, tmp_path / "kept")
    assert (unchanged.made, unchanged.kept) == (0, first.made)
    edit(content)
    again = build(content, tmp_path / "kept")
    fresh = build(content, tmp_path / "fresh")
    assert 0 < again.made < fresh.made and again.kept > fresh.made / 2
    assert tree(tmp_path / "kept" / "docs") == tree(tmp_path / "fresh" / "docs")
    assert tree(tmp_path / "kept" / "search") == tree(tmp_path / "fresh" / "search")


def test_a_page_changed_by_hand_is_made_again(tmp_path):
    content = synthetic.write_archive(tmp_path / "content", 20, seed=3).root
    build(content, tmp_path / "out")
    page = next(p for p in (tmp_path / "out" / "docs" / "topics").glob("*/index.md") if p.parent.name not in TOPIC_KINDS)
    original = page.read_bytes()
    page.write_bytes(b"vandalised")
    assert build(content, tmp_path / "out").made == 1
    assert page.read_bytes() == original


def test_the_writer_refuses_to_keep_a_file_it_cannot_vouch_for(tmp_path):
    root = tmp_path / "docs"
    write_tree(root, {"a.md": Made("alpha", b"f1")})
    write_tree(root, {"a.md": Kept(b"f1")})  # kept: the manifest says it was made from f1
    assert (root / "a.md").read_text() == "alpha"
    with pytest.raises(StaleFile):
        write_tree(root, {"a.md": Kept(b"f2")})
    (root / "a.md").write_text("touched")
    with pytest.raises(StaleFile):
        write_tree(root, {"a.md": Kept(b"f1")})
