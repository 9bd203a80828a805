"""Ids and permalinks of a whole archive: unique by construction, stable as files come and go."""
from __future__ import annotations

from pathlib import Path

from conftest import SEED, build_site
from generator.readers import read_archive


def _story(folder: Path, rel: str, title: str, day: str = "2020-03-03", extra: str = "") -> None:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title}\ndate: {day}\n{extra}---\nInvented text of {rel}.\n", encoding="utf-8")


def test_numbered_files_in_category_folders_get_distinct_ids(tmp_path):
    for section in ("business", "sport"):
        for n in range(1, 4):
            _story(tmp_path, f"{section}/{n:03d}.md", f"{section} story {n}")
    (tmp_path / SEED.name).write_bytes(SEED.read_bytes())
    articles, problems = read_archive(tmp_path)
    assert not [p for p in problems if p.is_error]
    ids = {a.id for a in articles}
    assert {"business/001", "sport/001", "sport/003", SEED.stem} <= ids and len(ids) == 7


def test_explicit_id_wins_and_an_explicit_clash_names_both_files(tmp_path):
    _story(tmp_path, "a/one.md", "One", extra="id: chosen\n")
    _story(tmp_path, "b/two.md", "Two", extra="id: chosen\n")
    _story(tmp_path, "c/three.md", "Three", extra="id: own-id\n")
    articles, problems = read_archive(tmp_path)
    assert "own-id" in {a.id for a in articles}
    [clash] = [p for p in problems if p.is_error]
    assert clash.path == "b/two.md" and "a/one.md" in clash.message and "b/two.md" in clash.message


def test_same_stem_in_two_formats_is_an_error_naming_both(tmp_path):
    _story(tmp_path, "x.md", "Markdown one")
    (tmp_path / "x.txt").write_text("Text one\nInvented body text here.\n", encoding="utf-8")
    _, problems = read_archive(tmp_path)
    [clash] = [p for p in problems if p.is_error]
    assert "x.md" in clash.message and "x.txt" in clash.message


def test_ids_and_permalinks_do_not_move_when_other_files_come_and_go(tmp_path):
    _story(tmp_path, "news/story.md", "Stable story")
    _story(tmp_path, "news/twin-b.md", "Twin title")
    before = {a.path: (a.id, a.url) for a in read_archive(tmp_path)[0]}
    _story(tmp_path, "news/aaa.md", "Other story")
    _story(tmp_path, "news/story.txt.md", "Another", day="2021-01-01")
    _story(tmp_path, "older/news/story.md", "Stable story", day="2019-01-01")
    after = {a.path: (a.id, a.url) for a in read_archive(tmp_path)[0]}
    assert {path: after[path] for path in before} == before


def test_same_date_and_title_get_distinct_deterministic_permalinks_with_a_warning(tmp_path):
    for rel in ("z/late.md", "a/early.md", "m/middle.md"):
        _story(tmp_path, rel, "Twin title")
    articles, problems = read_archive(tmp_path)
    urls = {a.path: a.url for a in articles}
    assert urls == {"a/early.md": "2020/03/03/twin-title/", "m/middle.md": "2020/03/03/twin-title-2/",
                    "z/late.md": "2020/03/03/twin-title-3/"}
    warnings = {p.path: p.message for p in problems if "same date and title" in p.message}
    assert set(warnings) == {"m/middle.md", "z/late.md"} and all("a/early.md" in m for m in warnings.values())
    assert not [p for p in problems if p.is_error]
    (tmp_path / "m" / "middle.md").unlink()
    assert {a.path: a.url for a in read_archive(tmp_path)[0]}["z/late.md"] == "2020/03/03/twin-title-2/"


def test_a_suffix_never_takes_another_articles_permalink(tmp_path):
    _story(tmp_path, "a.md", "Twin title")
    _story(tmp_path, "b.md", "Twin title")
    _story(tmp_path, "c.md", "Twin title 2")
    urls = sorted(a.url for a in read_archive(tmp_path)[0])
    assert len(set(urls)) == 3 and "2020/03/03/twin-title-3/" in urls


def test_nested_ids_publish_their_originals_inside_the_site(tmp_path):
    content = tmp_path / "content"
    _story(content, "business/001.md", "Business one")
    _story(content, "sport/001.md", "Sport one")
    _story(content, "sport/002.md", "Sport two", extra="id: ../../escaped\n")
    built = build_site(content, tmp_path / "out")
    assert built.result.returncode == 1 and "id '../../escaped' is not usable" in built.result.stderr
    (content / "sport" / "002.md").unlink()
    built = build_site(content, tmp_path / "out")
    assert built.result.returncode == 0, built.result.stderr
    export = built.export()
    originals = sorted(a["original"] for a in export["articles"])
    assert originals == ["originals/business/001.txt", "originals/sport/001.txt"]
    assert (built.site / "originals" / "sport" / "001.txt").read_text(encoding="utf-8").startswith("---")
    assert not list(tmp_path.glob("**/escaped*"))


def test_file_names_that_are_not_id_safe_still_get_distinct_stable_ids(tmp_path):
    _story(tmp_path, "Stories/My story (1).md", "One")
    _story(tmp_path, "Stories/My-story-1.md", "Two")
    _story(tmp_path, "Москва/Café.md", "Three")
    articles, problems = read_archive(tmp_path)
    assert not [p for p in problems if p.is_error], problems
    ids = {a.path: a.id for a in articles}
    assert ids["Stories/My-story-1.md"] == "Stories/My-story-1"
    assert ids["Stories/My story (1).md"].startswith("Stories/My-story-1-")
    assert ids["Москва/Café.md"].startswith("id-") and "/Cafe-" in ids["Москва/Café.md"]
    _story(tmp_path, "Stories/My story (2).md", "Four")
    assert {a.path: a.id for a in read_archive(tmp_path)[0] if a.path in ids} == ids
