"""`python -m generator check` on broken fixtures: every problem, each with file:line, in one run."""
from __future__ import annotations

import re
import shutil

from conftest import FIXTURES, build_site, run_generator

LINE = re.compile(r"^(?P<path>[^:\n]+?)(?::(?P<line>\d+))?: (?P<severity>error|warning): (?P<message>.+)$")
BROKEN = FIXTURES / "broken"


def parse(output: str) -> list[tuple[str, int, str, str]]:
    found = []
    for line in output.splitlines():
        match = LINE.match(line)
        if match:
            name = match["path"].rsplit("/", 1)[-1]
            found.append((name, int(match["line"] or 0), match["severity"], match["message"]))
    return found


def test_check_reports_every_problem_with_file_and_line():
    result = run_generator(BROKEN, "check")
    assert result.returncode == 1
    found = parse(result.stderr)
    expected = [
        ("bad-yaml.md", 3, "error", "malformed YAML"),
        ("bad-date.yml", 2, "error", "unparseable date 'next Tuesday'"),
        ("dup-two.md", 0, "error", "duplicate id 'same-id'"),
        ("twin-b.md", 0, "warning", "same date and title as"),
        ("latin1.txt", 1, "warning", "not valid UTF-8"),
        ("empty.txt", 0, "error", "empty article"),
        ("orphan.yml", 0, "error", "sidecar without an article"),
        ("escape.yml", 1, "error", "id '../../outside' is not usable"),
        ("impossible-date.md", 3, "error", "unparseable date '2021-13-45'"),
        ("binary.txt", 1, "error", "not a text file"),
    ]
    for name, line, severity, words in expected:
        assert any(f[:3] == (name, line, severity) and words in f[3] for f in found), (name, line, words, found)
    assert f"{sum(1 for f in found if f[2] == 'error')} errors" in result.stderr
    assert "Traceback" not in result.stderr
    paths = {m["path"] for m in map(LINE.match, result.stderr.splitlines()) if m}
    assert all(p.startswith(str(BROKEN)) for p in paths), "paths name the file as found under --content"


def test_build_stops_on_errors_without_touching_the_site(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build")
    result = build_site(BROKEN, tmp_path)
    assert result.result.returncode == 1
    assert "site was not touched" in result.result.stderr
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text() == "previous build"
    assert not (tmp_path / "outside").exists()


def test_check_passes_on_the_shipped_content():
    result = run_generator(FIXTURES.parent.parent / "content", "check")
    assert result.returncode == 0, result.stderr
    assert parse(result.stderr), "the seed's inferred title and date are reported as warnings"
    assert all(f[2] == "warning" for f in parse(result.stderr))


def check_one(tmp_path, name: str):
    """`check` on an archive holding the one broken fixture `name`."""
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(BROKEN / name, content)
    return run_generator(content, "check")


def test_the_counts_read_as_english(tmp_path):
    """One error is '1 error', not '1 errors'; the reading stage counts its one file so too."""
    result = check_one(tmp_path, "bad-yaml.md")
    assert result.returncode == 1
    assert "[read] reading 1 file\n" in result.stderr
    assert result.stderr.rstrip().endswith("\n1 error, 0 warnings"), result.stderr


def test_latin1_article_is_kept_not_dropped(tmp_path):
    result = check_one(tmp_path, "latin1.txt")
    assert result.returncode == 0
    assert "latin1.txt:1: warning: not valid UTF-8" in result.stderr


def test_unknown_topic_in_metadata_is_a_warning_at_its_line(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(FIXTURES.parent.parent / "content" / "topics.yml", content)
    (content / "t.md").write_text("---\ntitle: Tag test\ndate: 2020-01-01\ntopics:\n  - ukraine\n"
                                  "  - Zelensky\n  - Ukrane\n---\nText about Ukraine.\n")
    result = run_generator(content, "check")
    assert result.returncode == 0
    assert [f[:3] for f in parse(result.stderr)] == [("t.md", 7, "warning")]
    assert "topic 'Ukrane' is not in topics.yml" in result.stderr
