"""Fuzzing the readers and the metadata validation: no input may raise, every problem is a Diagnostic.

Random bytes, random text shaped like the layouts the text reader knows, and random YAML (front
matter and sidecars) built from values YAML can express. Derandomised, so CI sees the same
examples every run; a few hundred examples each keep this to seconds.
"""
from __future__ import annotations

from datetime import date

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.model import Article, Diagnostic
from generator.readers import read_one
from generator.readers.base import SourceFile
from generator.readers.metadata import KNOWN_KEYS, parse_yaml_mapping

FUZZ = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])

LINES = st.sampled_from([
    "", "   ", "See also : Some invented title", "See more :", "Source link", "Comment (0)", "Reuter", "(AP)",
    "CLEVELAND, Feb 26 - The invented text", "LONDON (Reuters) -", "Photo: an invented caption",
    "https://example.org/2020/01/02/x", "Posted on March 3, 2021", "12 / 16 / 08 1:30 AM EST", "AN ALL CAPS LINE",
    "A Title Case Line", "    An indented line of invented wire copy that is wrapped at seventy", "---", "...",
    "## Heading", "# Title", "```", "title: x", "date: 2021-13-45", "\t", "\x0c", "\u2028", "Ω" * 90,
])
TEXT = st.lists(st.one_of(LINES, st.text(max_size=120)), max_size=30).map("\n".join)
YAML_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40),
                         st.dates(), st.sampled_from(["2021-13-45", "2021-02-30", "0000-01-01", "99999-01-01",
                                                      "!!timestamp 2021-13-45", "!!binary zz", "*alias", "&a [1]"]))
YAML_VALUES = st.recursive(YAML_SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.text(max_size=8), inner, max_size=3), max_leaves=8)
KEYS = st.one_of(st.sampled_from(sorted(KNOWN_KEYS)), st.text(max_size=10))


def _yaml_text(mapping: dict) -> str:
    return yaml.safe_dump(mapping, allow_unicode=True, default_flow_style=None)


RANDOM_YAML = st.one_of(
    st.dictionaries(KEYS, YAML_VALUES, max_size=6).map(_yaml_text),
    st.lists(st.sampled_from(["date: 2021-13-45", "date: !!timestamp 2021-13-45", "title: [", "id: ../x",
                              "topics: {a: 1}", "see_also: - x", "? [a]\n: b", "key: &a\n  - *a", "\x00", "\t- x",
                              "title: |\n  two\n  lines", "date: 2021-03-09 25:61:00", "summary: !!python/name:os"]),
             max_size=5).map("\n".join),
    st.text(max_size=200),
)


def _check(result) -> None:
    article, problems = result
    assert article is None or isinstance(article, Article)
    assert all(isinstance(p, Diagnostic) and p.path and p.line >= 0 for p in problems)
    if article is None:
        assert any(p.is_error for p in problems), "no article must mean an error saying why"
    else:
        assert article.title.strip() and article.id
        assert article.date is None or isinstance(article.date, date)


@FUZZ
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".txt", ".md"]))
def test_random_bytes_never_raise(data, suffix):
    _check(read_one(SourceFile("fuzz" + suffix, data)))


@FUZZ
@given(text=TEXT, encoding=st.sampled_from(["utf-8", "cp1252", "utf-16"]))
def test_random_text_in_known_layouts_never_raises(text, encoding):
    _check(read_one(SourceFile("fuzz.txt", text.encode(encoding, errors="replace"))))


@FUZZ
@given(front=RANDOM_YAML, body=TEXT)
def test_random_front_matter_never_raises(front, body):
    _check(read_one(SourceFile("fuzz.md", f"---\n{front}\n---\n{body}".encode("utf-8", errors="replace"))))


@FUZZ
@given(sidecar=RANDOM_YAML, suffix=st.sampled_from([".txt", ".md"]))
def test_random_sidecars_never_raise(sidecar, suffix):
    data = sidecar.encode("utf-8", errors="replace")
    _check(read_one(SourceFile("fuzz" + suffix, b"Invented headline\nInvented body text.\n", "fuzz.yml", data)))


@FUZZ
@given(text=RANDOM_YAML, first_line=st.integers(min_value=1, max_value=50))
def test_metadata_validation_gives_clean_values_or_diagnostics(text, first_line):
    meta, problems = parse_yaml_mapping(text, "fuzz.yml", first_line)
    assert all(isinstance(p, Diagnostic) and p.line >= first_line or p.line == 0 for p in problems)
    if "date" in meta.values:
        assert meta.values["date"] is None or isinstance(meta.values["date"], date)
    for key in ("topics", "see_also"):
        assert all(isinstance(item, str) and item for item in meta.values.get(key) or [])
    for key in ("title", "id", "source", "summary", "language"):
        assert meta.values.get(key) is None or isinstance(meta.values[key], str)


def test_an_impossible_date_is_an_error_at_its_line_in_front_matter_and_sidecar():
    article, problems = read_one(SourceFile("a.md", b"---\ntitle: Invented\ndate: 2021-13-45\n---\nText.\n"))
    assert article is None and [(p.severity, p.line) for p in problems] == [("error", 3)]
    assert "2021-13-45" in problems[0].message
    article, problems = read_one(SourceFile("a.txt", b"Invented headline\nInvented text.\n", "a.yml",
                                            b"source: Invented Wire\ndate: 2021-13-45\n"))
    assert ("error", "a.yml", 2) in [(p.severity, p.path, p.line) for p in problems]


NAMES = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(files=st.lists(st.tuples(st.lists(NAMES, max_size=2), NAMES, st.sampled_from([".txt", ".md", ".yml", ".TXT", ""]),
                                st.binary(max_size=60)), min_size=1, max_size=6))
def test_any_folder_layout_and_file_names_are_read_or_reported(files):
    import tempfile
    from pathlib import Path

    from generator.readers import read_archive

    with tempfile.TemporaryDirectory() as folder:
        root, written = Path(folder), set()
        for parts, name, suffix, data in files:
            rel = Path(*parts, name + suffix)
            if any(p in (".", "..") for p in rel.parts) or len(str(rel).encode()) > 200:
                continue
            try:
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                (root / rel).write_bytes(data)
            except OSError:  # a name the file system refuses (a folder and a file of one name)
                continue
            written.add(rel.as_posix())
        articles, problems = read_archive(root)
        accounted = {a.path for a in articles} | {d.path for d in problems}
        visible = {p for p in written if (root / p).is_file() and not any(part.startswith(".") for part in p.split("/"))}
        from generator.readers import NOT_ARTICLES
        assert {p for p in visible if p.rsplit("/", 1)[-1].lower() not in NOT_ARTICLES} <= accounted
        assert len({a.id for a in articles}) == len(articles) or any(d.is_error for d in problems)


@FUZZ
@given(text=RANDOM_YAML)
def test_libyaml_and_the_python_composer_give_the_same_metadata_and_diagnostics(text):
    from generator.readers import metadata

    fast = parse_yaml_mapping(text, "fuzz.yml", 1)
    limit, metadata.FAST_UP_TO = metadata.FAST_UP_TO, -1  # every text to the Python composer
    try:
        assert parse_yaml_mapping(text, "fuzz.yml", 1) == fast
    finally:
        metadata.FAST_UP_TO = limit


def test_a_character_libyaml_cannot_take_is_the_python_composers_error():
    """libyaml reads UTF-8, which cannot hold a lone surrogate: the same error as ever, no traceback."""
    meta, problems = parse_yaml_mapping("title: Invented\nsummary: \udc80\n", "odd.yml", 1)
    assert meta.values == {} and [(p.severity, p.line) for p in problems] == [("error", 2)]
    assert "unreadable YAML" in problems[0].message


def test_a_nesting_too_deep_for_any_stack_is_an_error_not_a_crash():
    """libyaml recurses on the C stack (the process dies); the reader must send such a text to
    the Python composer. In a child process, so that a crash fails this test, not the run."""
    import subprocess
    import sys

    script = ("from generator.readers.metadata import parse_yaml_mapping\n"
              "meta, problems = parse_yaml_mapping('topics: ' + '[' * 200000 + ']' * 200000, 'deep.yml', 1)\n"
              "print([(p.severity, p.path, p.line) for p in problems])\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "[('error', 'deep.yml', 1)]"
