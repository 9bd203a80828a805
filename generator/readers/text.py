"""Reader for raw archived text, kept byte-for-byte as scraped, plus an optional YAML sidecar.

The text has no markup: headline-like lines open sections, `See also : <title>` and
`See more : <title>` lines are references, and a trailing run of site chrome (`Source link`,
`Comment (0)`) is dropped. What the text does not say (title, date) is inferred and reported.
"""
from __future__ import annotations

import re

from ..infer import is_headline, shorten
from ..model import Article, Block, Diagnostic, Reference, Section
from .base import SourceFile, binary_problem, decode, infer_missing_date, make_article, read_sidecar, reference_from, split_lines
from .metadata import Metadata

CHROME_LINE = re.compile(r"^\s*(source link|comments?\s*\(\d+\)|share|print)\s*$", re.IGNORECASE)


def read_text(source: SourceFile) -> tuple[Article | None, list[Diagnostic]]:
    binary = binary_problem(source.data, source.path)
    if binary is not None:
        return None, [binary]
    text, problems = decode(source.data, source.path)
    meta, meta_problems = read_sidecar(source)
    problems += meta_problems
    lines = [(n, line.strip()) for n, line in split_lines(text) if line.strip()]
    lines = _drop_trailing_chrome(lines)
    if not any(reference_from(n, line) is None for n, line in lines):
        problems.append(Diagnostic("error", source.path, 0, "empty article: no text once site chrome is removed"))
        return None, problems
    inferred: set[str] = set()
    title, lines = _title(lines, meta, source.path, inferred, problems)
    sections, references = _sections(lines)
    meta = infer_missing_date(lines, meta, source.path, inferred, problems)
    article, id_problems = make_article(source.path, "text", meta, title, sections, references, inferred)
    return article, problems + id_problems


def _drop_trailing_chrome(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    end = len(lines)
    while end and CHROME_LINE.match(lines[end - 1][1]):
        end -= 1
    return lines[:end]


def _title(lines, meta: Metadata, path: str, inferred: set[str], problems: list[Diagnostic]):
    """Metadata title; else a headline-like first line; else the first heading; else the lede."""
    if meta.values.get("title"):
        return meta.values["title"], lines
    inferred.add("title")
    first_number, first = lines[0]
    if len(lines) > 1 and is_headline(first) and reference_from(first_number, first) is None \
            and not is_headline(lines[1][1]):
        problems.append(Diagnostic("warning", path, first_number, f"title inferred from the first line: '{first}'"))
        return first, lines[1:]
    for number, line in lines[1:]:
        if reference_from(number, line) is None and is_headline(line):
            problems.append(Diagnostic("warning", path, number, f"no title given; using the first section heading '{line}' (set 'title' in a sidecar .yml)"))
            return line, lines
    title = shorten(first)
    problems.append(Diagnostic("warning", path, first_number, f"no title given; using the first sentence '{title}' (set 'title' in a sidecar .yml)"))
    return title, lines


def _sections(lines) -> tuple[list[Section], list[Reference]]:
    """Group lines into sections; a headline line opens one unless it is the very first line."""
    sections: list[Section] = []
    heading, heading_line, blocks = None, lines[0][0], []
    references: list[Reference] = []
    for index, (number, line) in enumerate(lines):
        reference = reference_from(number, line)
        if reference is not None:
            references.append(reference)
            blocks.append(Block(line=number, reference=reference))
        elif index > 0 and is_headline(line) and index + 1 < len(lines):
            if heading is not None or blocks:
                sections.append(Section(heading, heading_line, tuple(blocks)))
            heading, heading_line, blocks = line, number, []
        else:
            blocks.append(Block(line=number, text=line))
    sections.append(Section(heading, heading_line, tuple(blocks)))
    return sections, references
