"""`python -m generator new`: the article lands in content/YYYY/, reads back, and nothing is overwritten."""
from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

from conftest import REPO, run_generator
from generator.readers import READERS, read_archive
from generator.scaffold import ScaffoldError, create, import_page, parse_day
from generator.slugs import permalink


def read_back(content: Path) -> dict:
    articles, problems = read_archive(content)
    assert not [d for d in problems if d.is_error], problems
    return {a.path: a for a in articles}


def test_markdown_article_by_command(tmp_path):
    content = tmp_path / "content"
    result = run_generator(content, "new", "Port reopens: “floods” & <b>relief</b>", "--date", "2021-03-09")
    assert result.returncode == 0, result.stderr
    path = content / "2021" / "2021-03-09-port-reopens-floods-b-relief-b.md"
    assert result.stdout.splitlines() == [f"created {path.as_posix()}",
                                          "permalink: 2021/03/09/port-reopens-floods-b-relief-b/"]
    article = read_back(content)["2021/2021-03-09-port-reopens-floods-b-relief-b.md"]
    assert article.title == "Port reopens: “floods” & <b>relief</b>" and article.date == date(2021, 3, 9)
    assert article.inferred == () and article.url == permalink(date(2021, 3, 9), article.title)


def test_text_article_with_sidecar_and_today_by_default(tmp_path):
    content = tmp_path / "content"
    today = date.today()
    result = run_generator(content, "new", "Market hall reopens", "--format", "text")
    assert result.returncode == 0, result.stderr
    stem = f"{today.isoformat()}-market-hall-reopens"
    folder = content / f"{today.year}"
    assert sorted(p.name for p in folder.iterdir()) == [f"{stem}.txt", f"{stem}.yml"]
    article = read_back(content)[f"{today.year}/{stem}.txt"]
    assert (article.format, article.title, article.date) == ("text", "Market hall reopens", today)
    assert result.stdout.splitlines()[-1] == f"permalink: {article.url}"


def test_make_new_passes_the_title_through_the_shell_untouched(tmp_path):
    content = tmp_path / "content"
    title = "Tom's \"quoted\" $HOME `title` $(x)"
    result = subprocess.run(["make", "-s", "new", f"TITLE={title}", "DATE=2020-01-02", f"CONTENT={content}"],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    (article,) = read_back(content).values()
    assert article.title == title and article.path.startswith("2020/2020-01-02-")


def test_refuses_to_overwrite_and_leaves_the_file_alone(tmp_path):
    content = tmp_path / "content"
    first = create(content, "Port reopens", date(2021, 3, 9))
    first.path.write_text(first.path.read_text() + "\nMy text.\n", encoding="utf-8")
    before = first.path.read_bytes()
    result = run_generator(content, "new", "Port reopens", "--date", "2021-03-09")
    assert result.returncode == 1 and "already exists: nothing was written" in result.stderr
    assert first.path.read_bytes() == before
    with pytest.raises(ScaffoldError, match="already exists"):  # the same id in another folder
        (content / "2021" / first.path.name).rename(content / first.path.name)
        create(content, "Port reopens", date(2021, 3, 9), "text")
    assert not (content / "2021" / "2021-03-09-port-reopens.yml").exists()


@pytest.mark.parametrize("text", ["2021-13-01", "9 March 2021", "2021/03/09", ""])
def test_refuses_a_date_that_is_not_one(text):
    with pytest.raises(ScaffoldError, match="is not a date"):
        parse_day(text, date.today())


@pytest.mark.parametrize("title", ["!!!", "   ", "— … —", "___"])
def test_refuses_a_title_that_slugs_to_nothing(tmp_path, title):
    with pytest.raises(ScaffoldError, match="no letters or digits"):
        create(tmp_path / "content", title, date(2021, 3, 9))
    assert not (tmp_path / "content").exists()


def test_refusals_on_the_command_line_are_messages_not_tracebacks(tmp_path):
    for args, message in ((["Port reopens", "--date", "2021-13-01"], "is not a date"),
                          (["!!!", "--date", "2021-03-09"], "no letters or digits"),
                          ([], "give the article's title")):
        result = run_generator(tmp_path / "content", "new", *args)
        assert result.returncode == 1 and f"{message}" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "content").exists()


def test_refuses_an_unknown_format(tmp_path):
    with pytest.raises(ScaffoldError, match="unknown format"):
        create(tmp_path / "content", "Port reopens", date(2021, 3, 9), "pdf")


def test_import_copies_a_saved_file_as_it_is_and_reads_it_with_its_reader(tmp_path):
    saved = tmp_path / "saved.txt"
    saved.write_bytes(b"Port reopens after floods\nThe port reopened on 9 March 2021, officials said.\n")
    content = tmp_path / "content"
    created = import_page(content, saved, None, None)
    assert created.path.read_bytes() == saved.read_bytes() and created.sidecar is None
    assert created.path == content / "2021" / "2021-03-09-port-reopens-after-floods.txt"
    article = read_back(content)["2021/2021-03-09-port-reopens-after-floods.txt"]
    assert created.article.url == article.url == "2021/03/09/port-reopens-after-floods/"
    renamed = import_page(content, saved, "The port reopens", date(2021, 3, 10))
    assert renamed.sidecar is not None and renamed.article.title == "The port reopens"
    assert read_back(content)[renamed.path.relative_to(content).as_posix()].date == date(2021, 3, 10)


def test_import_of_a_saved_web_page(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>Port reopens after floods</title></head><body><article>"
                    "<h1>Port reopens after floods</h1><p>The port reopened on 9 March 2021.</p>"
                    "</article></body></html>", encoding="utf-8")
    result = run_generator(tmp_path / "content", "new", "--from", str(page), "--date", "2021-03-09")
    if ".html" not in READERS:  # the HTML reader is not in this build: refused, nothing copied
        assert result.returncode == 1 and "no reader for '.html' files" in result.stderr
        assert not (tmp_path / "content").exists()
        return
    assert result.returncode == 0, result.stderr
    (article,) = read_back(tmp_path / "content").values()
    assert result.stdout.splitlines()[-1] == f"permalink: {article.url}"
