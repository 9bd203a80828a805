"""What Markdown reads as code and so leaves alone: fenced blocks and code spans. Shared by the
Markdown reader (sections, references, its nesting check) and its links step (md_links.py), so
that all of them and the site's renderer agree on which lines are code."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# Python-Markdown's fenced_code (FencedBlockPreprocessor.FENCED_BLOCK_RE), a line at a time: a
# fence opens at the start of a line, with at most a language or '{attributes}' after it, and
# only a later line holding the same fence (and spaces) closes it. An indented fence, or one
# that nothing closes, is text.
OPENING = re.compile(r"(`{3,}|~{3,})[ \t]*+(?:\{.*\}|\.?[\w#.+-]*+[ \t]*+(?:hl_lines=(\"|').*?\2[ \t]*+)?)$")
CLOSING = re.compile(r"(`{3,}|~{3,})[ \t]*+$")
BACKTICKS = re.compile(r"`+")


@dataclass(frozen=True)
class Fences:
    code: frozenset[int]  # the line numbers of closed fenced blocks, fences included
    unclosed: tuple[tuple[int, str], ...]  # (line number, fence) of each that no later line closes


def fences(body: list[tuple[int, str]]) -> Fences:
    """The fenced code of a body of (line number, line) pairs, as Python-Markdown finds it: from
    the top, each opening fence with the first later line that closes it. Its pattern searches
    on from every fence nothing closes, to the end of the text (quadratic in them); here each
    fence looks up the next closing line of its kind among those listed once."""
    closing: dict[str, list[int]] = {}
    for index, (_, line) in enumerate(body):
        if line[:1] in "`~" and (match := CLOSING.match(line)) is not None:
            closing.setdefault(match.group(1), []).append(index)
    code: set[int] = set()
    unclosed: list[tuple[int, str]] = []
    index = 0
    while index < len(body):
        number, line = body[index]
        opening = OPENING.match(line) if line[:1] in "`~" else None
        if opening is None:
            index += 1
            continue
        later = closing.get(opening.group(1), [])
        at = bisect_right(later, index)
        if at == len(later):
            unclosed.append((number, opening.group(1)))
            index += 1
            continue
        code.update(n for n, _ in body[index:later[at] + 1])
        index = later[at] + 1
    return Fences(frozenset(code), tuple(unclosed))


def code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each code span: a run of backticks up to the next run of the same length
    (across the lines of a paragraph, as Python-Markdown reads them). Linear: each length's runs
    are visited once, where a regex scanning on from every run is quadratic (a 40 KB paragraph
    of backtick runs of growing lengths did not finish in five minutes)."""
    if "`" not in text:
        return []
    runs = [(m.start(), m.end()) for m in BACKTICKS.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    seen = dict.fromkeys(by_length, 0)  # per length: how many of its runs are behind
    spans, index = [], 0
    while index < len(runs):
        start, end = runs[index]
        same, at = by_length[end - start], seen[end - start]
        while at < len(same) and same[at] <= index:
            at += 1
        seen[end - start] = at
        if at == len(same):  # nothing closes it: backticks as written
            index += 1
            continue
        spans.append((start, runs[same[at]][1]))
        index = same[at] + 1
    return spans
