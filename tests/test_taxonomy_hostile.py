"""A hostile `content/topics.yml` (it comes from pull requests): every problem is an error that
names topics.yml (with its line where it has one), never a traceback, and nothing outside the
content folder is read."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import run_generator
from generator.topics import load_taxonomy

VALID = "topics:\n  - {id: secret-topic, name: Secret Topic, kind: theme}\n"


def content_with(tmp_path: Path, text: str) -> Path:
    content = tmp_path / "content"
    content.mkdir()
    (content / "topics.yml").write_text(text, encoding="utf-8")
    return content


def check(content: Path) -> str:
    """`python -m generator check` fails cleanly; its stderr."""
    result = run_generator(content, "check")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    return result.stderr


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": error: " in line]


@pytest.mark.parametrize("text, line", [
    ("? [a]\n: b\n", 1),                                               # a list as the root's key
    ("topics: []\n? {a: 1}\n: b\n", 2),                                # a mapping as a key
    ("topics:\n  - id: kyiv\n    name: Kyiv\n    kind: place\n    ? [a]\n    : b\n", 5),  # in a topic
])
def test_a_key_that_is_not_a_word_is_an_error_at_its_line(tmp_path, text, line):
    stderr = check(content_with(tmp_path, text))
    assert any(f"topics.yml:{line}: error: a key must be a plain word" in e for e in error_lines(stderr)), stderr


def test_a_topic_with_a_bad_key_is_left_out_not_half_used(tmp_path):
    path = content_with(tmp_path, "topics:\n  - id: kyiv\n    name: Kyiv\n    kind: place\n    ? [a]\n    : b\n"
                                  "  - {id: lviv, name: Lviv, kind: place, id: lwow}\n") / "topics.yml"
    taxonomy, problems = load_taxonomy(path, "content/topics.yml")
    assert taxonomy.topics == ()
    assert [(d.line, d.is_error) for d in problems] == [(5, True), (7, True)]
    assert "'id' given twice (first at line 7)" in problems[1].message


@pytest.mark.parametrize("prefix", ["", "# curated topics\n\n"])
def test_nesting_too_deep_for_the_parser_is_an_error_at_its_line(tmp_path, prefix):
    stderr = check(content_with(tmp_path, prefix + "topics: " + "[" * 5000 + "]" * 5000 + "\n"))
    line = prefix.count("\n") + 1
    assert any(f"topics.yml:{line}: error: cannot read the taxonomy: lists or mappings nested too deeply" in e
               for e in error_lines(stderr)), stderr


def test_a_deep_nesting_parsed_by_libyaml_is_still_only_an_error(tmp_path):
    """Short enough for the C composer: composed fine, then refused as a topic, not a crash."""
    stderr = check(content_with(tmp_path, "topics: " + "[" * 1500 + "]" * 1500 + "\n"))
    assert any("topics.yml:1: error: a topic must be a mapping" in e for e in error_lines(stderr)), stderr


def test_a_symbolic_link_is_reported_and_never_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.conf"
    secret.write_text("db_password: hunter2\napi token: \"abc123\" extra\n", encoding="utf-8")
    content = tmp_path / "content"
    content.mkdir()
    link = content / "topics.yml"
    os.symlink(secret, link)
    stderr = check(content)
    assert "hunter2" not in stderr and "abc123" not in stderr
    assert [e for e in error_lines(stderr) if e.startswith(f"{link}:")] == [
        f"{link}: error: the taxonomy is a symbolic link and is not read: commit the file itself (no curated topics "
        "apply until then)"], stderr  # once, not also as any symbolic link
    secret.write_text(VALID, encoding="utf-8")  # even a valid taxonomy is not used through a link
    taxonomy, problems = load_taxonomy(link, "content/topics.yml")
    assert taxonomy.topics == () and [(d.path, d.line, d.is_error) for d in problems] == [("content/topics.yml", 0, True)]


def test_a_link_to_a_folder_or_to_nothing_is_reported(tmp_path):
    for target in (tmp_path, tmp_path / "missing"):
        link = tmp_path / "topics.yml"
        os.symlink(target, link)
        taxonomy, problems = load_taxonomy(link, "content/topics.yml")
        assert taxonomy.topics == () and len(problems) == 1 and "symbolic link" in problems[0].message
        link.unlink()


def test_a_folder_named_topics_yml_is_an_error(tmp_path):
    content = tmp_path / "content"
    (content / "topics.yml").mkdir(parents=True)
    stderr = check(content)
    assert any(e.startswith(f"{content / 'topics.yml'}: error: the taxonomy is a folder") for e in error_lines(stderr)), stderr


def test_unparseable_and_non_utf8_taxonomies_are_one_line_errors(tmp_path):
    path = content_with(tmp_path, "topics:\n  - {id: a, name: A\x01, kind: place}\n") / "topics.yml"
    _, problems = load_taxonomy(path, "content/topics.yml")
    assert [(d.line, d.is_error) for d in problems] == [(2, True)] and "\n" not in problems[0].message
    path.write_text("topics:\n  - {id: a\n  name: x: y\n", encoding="utf-8")
    _, problems = load_taxonomy(path, "content/topics.yml")
    assert [(d.line, d.is_error) for d in problems] == [(3, True)] and "\n" not in problems[0].message
    path.write_bytes(b"topics:\n  - {id: a, name: \xff, kind: place}\n")
    _, problems = load_taxonomy(path, "content/topics.yml")
    assert [(d.line, d.is_error) for d in problems] == [(2, True)] and "UTF-8" in problems[0].message


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_an_unreadable_character_is_at_its_line_whatever_ends_the_lines(tmp_path, newline):
    """Old Mac editors end lines with a bare \\r: the line counted as the articles' are."""
    text = newline.join(["topics:", "  - id: a", "    name: A", "    kind: place", "  - {id: b, name: B\x01, kind: place}", ""])
    _, problems = load_taxonomy(content_with(tmp_path, text) / "topics.yml", "content/topics.yml")
    assert [(d.line, d.is_error) for d in problems] == [(5, True)]


@pytest.mark.parametrize("field, value, line", [
    ("name", '"Coun\\ncil\\n# Heading"', 3), ("name", '"Council \\udc80"', 3), ("aliases", '["Coun\\ncil"]', 5),
    ("aliases", '["ok", "Coun\\x00cil"]', 5), ("description", '"Bad \\ud800 text"', 5)])
def test_a_topic_text_that_would_break_its_pages_is_an_error_at_its_line(tmp_path, field, value, line):
    """A line break in a name starts a heading or a list on every page naming the topic; a lone
    surrogate has no UTF-8 form (writing the pages failed with a traceback)."""
    fields = {"id": "council", "name": "Council", "kind": "organisation", field: value}
    text = "topics:\n  - id: council\n" + "".join(f"    {k}: {v}\n" for k, v in fields.items() if k != "id")
    taxonomy, problems = load_taxonomy(content_with(tmp_path, text) / "topics.yml", "topics.yml")
    assert [(p.severity, p.line) for p in problems] == [("error", line)], problems
    assert {"aliases": "alias"}.get(field, field) in problems[0].message


def test_a_description_over_several_lines_is_one_paragraph(tmp_path):
    text = "topics:\n  - id: council\n    name: Council\n    kind: organisation\n    description: |\n      One.\n      # Two\n\n      - three\n"
    taxonomy, problems = load_taxonomy(content_with(tmp_path, text) / "topics.yml", "topics.yml")
    assert problems == [] and taxonomy.topics[0].description == "One. # Two - three"
