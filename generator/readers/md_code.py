"""What Markdown reads as code and so leaves alone: fenced blocks and code spans. Shared by the
Markdown reader's nesting check and its links step (md_links.py)."""
from __future__ import annotations

import re

FENCE = re.compile(r"^\s{0,3}(```|~~~)")
BACKTICKS = re.compile(r"`+")


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
