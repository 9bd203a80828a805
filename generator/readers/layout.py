"""Plain-text layouts: which one a file uses, and its paragraphs.

Archives keep text in two shapes. Scrapes put one paragraph (or one sentence) on a line, with
or without blank lines between them. Wire copy, e-mail and Usenet are hard-wrapped at a fixed
width (most lines 55-80 columns, ending mid-sentence), paragraphs marked by a blank line or an
indented first line. The wrapped lines are joined back, so a wrapped line can never pass for a
heading: only a paragraph that is one short line can be one.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

WRAP_MIN, WRAP_MAX = 45, 100  # the widths hard-wrapped text is kept at, with some slack
WRAPPED_SHARE = 0.8  # of the lines inside paragraphs: at the wrap width (many mid-sentence)
SENTENCE_END = ".!?\"'”’)»:"
WRAP_SLACK = 22  # a line this much shorter than the width ends its paragraph (no long word is)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph as found: its first line number, its text, and how many lines it spans."""

    line: int
    text: str
    lines: int = 1


def wrap_width(lines: list[tuple[int, str]]) -> int | None:
    """The width the text is hard-wrapped at, or None when it is not hard-wrapped.

    Wrapped text has nearly every line within a few columns of one width and many of them
    ending mid-sentence; scraped text has lines of every length, most ending a sentence.
    """
    lengths = [len(text.rstrip()) for _, text in lines if text.strip()]
    if len(lengths) < 4 or max(lengths) > WRAP_MAX + 10:
        return None
    width = sorted(lengths)[min(len(lengths) - 1, int(len(lengths) * 0.9))]
    if not WRAP_MIN <= width <= WRAP_MAX:
        return None
    # Lines that another line of the same paragraph follows: in wrapped text, all at the width.
    inner = [text.rstrip() for (_, text), (_, after) in zip(lines, lines[1:])
             if text.strip() and after.strip() and _indent(after) <= _indent(text)]
    near = [t for t in inner if width - WRAP_SLACK <= len(t) <= width + 2]
    mid_sentence = [t for t in near if t[-1] not in SENTENCE_END]
    if len(inner) < 3 or len(near) < WRAPPED_SHARE * len(inner) or len(mid_sentence) < 0.4 * len(near):
        return None
    return width


def paragraphs(lines: list[tuple[int, str]]) -> tuple[list[Paragraph], int | None]:
    """The paragraphs of the text and the wrap width (None: one paragraph per line)."""
    width = wrap_width(lines)
    if width is None:
        return _per_line(lines), None
    return _unwrap(lines, width), width


CONTINUATION_MIN = 45  # a line this long that stops mid-sentence was broken, not ended


def _per_line(lines: list[tuple[int, str]]) -> list[Paragraph]:
    """One paragraph per line; where blank lines mark the paragraphs, a line that stops
    mid-sentence continues on the next (a short story wrapped by hand, too short to measure)."""
    blank_marked = any(not text.strip() for _, text in lines[1:-1])
    found: list[Paragraph] = []
    previous = ""  # the line before, stripped ("" after a blank line)
    for number, text in lines:
        text = text.strip()
        if blank_marked and found and previous and text and previous[-1] not in SENTENCE_END \
                and (len(previous) >= CONTINUATION_MIN or text[0].islower()):
            last = found[-1]
            found[-1] = Paragraph(last.line, f"{last.text} {text}", last.lines + 1)
        elif text:
            found.append(Paragraph(number, text))
        previous = text
    return found


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())


def _unwrap(lines: list[tuple[int, str]], width: int) -> list[Paragraph]:
    """Join wrapped lines; a blank line, a deeper indent or a short line ends a paragraph."""
    indents = Counter(_indent(text) for _, text in lines if text.strip())
    base = max(indents, key=lambda i: (indents[i], -i))  # continuation lines' indent
    uses_indent = any(i > base for i in indents)
    found: list[Paragraph] = []
    current: list[tuple[int, str]] = []

    def close():
        if current:
            found.append(Paragraph(current[0][0], " ".join(t for _, t in current), len(current)))
            current.clear()

    for number, text in lines:
        if not text.strip():
            close()
            continue
        if uses_indent and _indent(text) > base and current:
            close()
        current.append((number, text.strip()))
        if len(text.rstrip()) < width - WRAP_SLACK:
            close()
    close()
    return found
