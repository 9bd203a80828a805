"""Names the build makes from titles, ids and dates: each fits one file name, no two clash as a
file and a folder, and every year is a four-digit folder that search and shards know."""
from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

from conftest import build_site, run_generator
from generator.readers import read_archive
from generator.search import year_of
from generator.search_docs import search_doc
from generator.slugs import MAX_SLUG_BYTES, NAME_MAX, fit_name, permalink, slugify

EXT_B = "".join(chr(0x20000 + i) for i in range(90))  # 90 characters of 4 bytes each in UTF-8


def write(folder: Path, relative: str, title: str, day: str, extra: str = "") -> None:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title}\ndate: {day}\n{extra}---\n\nThe council of the port met "
                    "and decided to build a new harbour wall this spring.\n", encoding="utf-8")


def name_bytes(url: str) -> list[int]:
    return [len(part.encode("utf-8")) for part in url.split("/")]


# 1. Slugs are capped in bytes as well as characters.

def test_a_slug_of_four_byte_characters_fits_one_file_name_with_room_for_a_suffix():
    slug = slugify(EXT_B)
    assert len(slug.encode("utf-8")) <= MAX_SLUG_BYTES
    assert EXT_B.startswith(slug) and len(slug) == MAX_SLUG_BYTES // 4, "cut between characters"
    assert len(slugify(EXT_B[:30] + " " + EXT_B[30:]).encode("utf-8")) <= MAX_SLUG_BYTES
    assert slugify(EXT_B[:30] + " " + EXT_B[30:]) == EXT_B[:30], "cut at the last hyphen, as the 80-character cut"
    assert MAX_SLUG_BYTES + len("-organisation-9") <= NAME_MAX


def test_slugs_of_up_to_80_characters_of_one_to_three_bytes_are_unchanged():
    """Permalinks are stable: the byte cap only ever cuts what never built."""
    def character_cut(slug: str) -> str:  # the rule before the byte cap
        return slug[:80].rsplit("-", 1)[0] or slug[:80] if len(slug) > 80 else slug

    for text in ("中" * 80, "中" * 120, ("中文" * 20 + " ") * 3, "москва " * 20, "a" * 200, "é" * 80):
        expected = character_cut(slugify(text, max_length=10_000, max_bytes=10_000))
        assert slugify(text) == expected
    assert slugify("中" * 80) == "中" * 80


def test_a_suffixed_slug_is_cut_so_the_name_still_fits():
    assert fit_name("short", "-organisation-12") == "short-organisation-12"
    long = "中" * 80  # 240 bytes
    named = fit_name(long, "-organisation-12")
    assert len(named.encode("utf-8")) <= NAME_MAX and named.endswith("-organisation-12")


def test_same_date_and_long_title_still_give_names_that_fit(tmp_path):
    for name in ("a.md", "b.md", "c.md"):
        write(tmp_path, name, EXT_B, "2021-05-01")
    articles, problems = read_archive(tmp_path)
    urls = {a.path: a.url for a in articles}
    assert urls["b.md"] == urls["a.md"].rstrip("/") + "-2/" and urls["c.md"] == urls["a.md"].rstrip("/") + "-3/"
    assert all(max(name_bytes(url)) <= NAME_MAX for url in urls.values())
    assert [p.severity for p in problems] == ["warning", "warning"]


def test_a_title_of_four_byte_characters_builds(tmp_path):
    content = tmp_path / "content"
    write(content, "a.md", EXT_B, "2021-05-01")
    built = build_site(content, tmp_path)
    assert built.result.returncode == 0, built.result.stderr[-2000:]
    assert "Traceback" not in built.result.stderr
    [article] = built.export()["articles"]
    assert article["url"] == f"2021/05/01/{EXT_B[:60]}/"
    assert (built.site / article["url"] / "index.html").is_file()


def test_an_id_too_long_for_a_file_name_is_an_error_at_its_file(tmp_path):
    """Ids become originals/<id>.txt: an over-long path is reported, never a traceback."""
    content = tmp_path / "content"
    deep = "/".join(["f" * 60] * 4) + "/story.md"
    write(content, deep, "Deep story", "2021-05-01")
    write(content, "explicit.md", "Explicit", "2021-05-02", extra=f"id: {'x' * 250}\n")
    result = run_generator(content, "check")
    assert result.returncode != 0 and "Traceback" not in result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert f"{content / deep}: error: id '" in output
    assert f"{content / 'explicit.md'}:" in output and "is not usable" in output


# 2. No original is published where another's folder must be.

def test_an_original_beside_a_folder_of_its_name_is_an_error_at_the_later_file(tmp_path):
    write(tmp_path, "a.md", "File a", "2021-05-01")
    write(tmp_path, "a.txt/b.md", "Folder story", "2021-05-02")
    _, problems = read_archive(tmp_path)
    [problem] = [p for p in problems if p.severity == "error"]
    assert problem.path == "a.txt/b.md"
    assert "beside a.md (id 'a')" in problem.message and "originals/a.txt" in problem.message


def test_an_explicit_id_that_makes_a_folder_of_an_original_is_an_error(tmp_path):
    write(tmp_path, "a.md", "File a", "2021-05-01")
    write(tmp_path, "0.md", "Earlier path", "2021-05-02", extra="id: a.txt/b\n")
    write(tmp_path, "x.md", "Deeper", "2021-05-03", extra="id: a.txt/b.txt/c\n")
    _, problems = read_archive(tmp_path)
    errors = sorted((p.path, p.message) for p in problems if p.severity == "error")
    assert [path for path, _ in errors] == ["a.md", "x.md", "x.md"], "the later file of each pair"
    assert "beside 0.md (id 'a.txt/b')" in errors[0][1]


def test_unrelated_ids_sharing_a_prefix_are_no_clash(tmp_path):
    write(tmp_path, "a.md", "File a", "2021-05-01")
    write(tmp_path, "a/b.md", "Folder a", "2021-05-02")
    write(tmp_path, "a.txt.d/b.md", "Folder a.txt.d", "2021-05-03")
    _, problems = read_archive(tmp_path)
    assert [p for p in problems if p.severity == "error"] == []


def test_the_originals_clash_stops_the_build_without_a_traceback(tmp_path):
    content = tmp_path / "content"
    write(content, "a.md", "File a", "2021-05-01")
    write(content, "a.txt/b.md", "Folder story", "2021-05-02")
    built = build_site(content, tmp_path)
    output = built.result.stdout + built.result.stderr
    assert built.result.returncode != 0 and "Traceback" not in output
    assert f"{content / 'a.txt' / 'b.md'}: error: id 'a.txt/b' cannot be published beside a.md" in output


# 3. Years have four digits.

def test_years_before_1000_are_padded_to_four_digits_and_later_ones_unchanged():
    assert permalink(date(1, 1, 1), "Ancient story") == "0001/01/01/ancient-story/"
    assert permalink(date(999, 12, 31), "X") == "0999/12/31/x/"
    assert permalink(date(2021, 3, 9), "X") == "2021/03/09/x/"
    assert permalink(date(9999, 3, 9), "X") == "9999/03/09/x/"
    assert year_of(permalink(date(1, 1, 1), "Ancient story") + "index.html") == "0001"


def test_the_search_documents_year_filter_is_the_year_folder(tmp_path):
    write(tmp_path, "ancient.md", "Ancient story", "0001-01-01")
    [article], _ = read_archive(tmp_path)
    assert '<span data-pagefind-filter="year">0001</span>' in search_doc(article, ())


def test_an_article_of_year_1_is_published_and_searchable(tmp_path):
    content = tmp_path / "content"
    write(content, "ancient.md", "Ancient story", "0001-01-01")
    write(content, "modern.md", "Modern story", "2021-01-01")
    built = build_site(content, tmp_path)
    assert built.result.returncode == 0, built.result.stderr[-2000:]
    assert (built.site / "0001" / "01" / "01" / "ancient-story" / "index.html").is_file()
    assert not (built.site / "1").exists()
    [shard] = json.loads((built.site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert shard == "0001-2021"
    indexed = {}
    for fragment in (built.site / "pagefind" / shard / "fragment").iterdir():
        text = gzip.decompress(fragment.read_bytes()).decode("utf-8")
        record = json.loads(text[text.index("{"):])
        indexed[record["url"]] = record["filters"]["year"]
    assert indexed == {"/0001/01/01/ancient-story/": ["0001"], "/2021/01/01/modern-story/": ["2021"]}
    assert (built.site / "timeline" / "0001" / "01" / "index.html").is_file()  # the month, under its year
    assert not (built.site / "timeline" / "1").exists()
