"""Reader for Markdown articles with YAML front matter (title, date, source, topics, see_also...).

The body stays Markdown. `## ` headings open sections, `See also : ...` lines become references
as in raw text, and fenced code is left alone. A `# ` heading stands in for a missing title.
"""
from __future__ import annotations

import re
from collections import Counter

from .. import plural
from ..infer import shorten
from ..model import Article, Block, Diagnostic, Reference, Section
from .base import SourceFile, binary_problem, decode, infer_missing_date, make_article, read_sidecar, reference_from, split_lines
from .md_code import Fences, code_spans, fences
from .md_links import DEFINITION_START, links_left, publishable_links
from .metadata import Metadata, parse_yaml_mapping

# An ATX heading's opening hashes and text; the closing hashes are cut in `heading_of`, not by the
# pattern: '(.+?)\s*#*\s*$' tried every split of a long line three ways (cubic: an 8 KB
# heading line held `check` for minutes). Here no two parts can take the same characters.
HEADING = re.compile(r"(#{1,2})\s+(\S.*)")


def heading_of(line: str) -> tuple[int, str] | None:
    """(level, text) of a level 1 or 2 ATX heading; a closing run of '#' after a space is not
    part of its text (CommonMark's rule: '## C#' keeps its '#')."""
    match = HEADING.match(line)
    if match is None:
        return None
    text = match.group(2).rstrip()
    closed = text.rstrip("#")
    if closed != text and closed[-1:] in (" ", "\t"):
        text = closed.rstrip()
    return len(match.group(1)), text

# How deep a body may nest. MkDocs renders every page with Python-Markdown, which recurses
# once or more per level of nesting with no limit of its own (but for block quotes), so a deep
# enough body fails the whole build with a RecursionError that names no file. Measured with
# Python-Markdown 3.11.3 (toc, attr_list, tables, fenced_code, safe_markdown; recursion limit
# 1000, called from the top of the stack):
# - lists, each level indented 4 more: 248 levels render, 249 raise (ordered lists: 247);
# - block quotes ('>>>>'): never raise (Python-Markdown stops nesting within 100 frames of
#   the limit and shows the rest as text), but a list inside them has only that much left;
# - emphasis: 1984 '*' (or '_'), 'x', 1984 '*' render, 1985 raise; '***a ' nested 496 deep
#   (1488 delimiters) render, 497 raise; '**a ' 992 deep; a run nothing closes never raises;
# - square brackets never raise, but Python-Markdown scans from each '[' to its ']': the
#   time is quadratic in the brackets open at once (40 KB of them nested ran for over a
#   minute). With at most 32 open, 40 KB of brackets ('[' * 32 + 'x' + ']' * 32 over and
#   over, or links) take a fraction of a second.
# All three at these limits in one list item (32 levels, 32 '*' each side, 32 brackets)
# still render with 700 of the 1000 frames already used. Real articles nest two or three
# levels: the limits are far above that and far below what breaks.
MAX_CONTAINERS = 32  # lists and block quotes, one inside another
MAX_EMPHASIS = 64  # '*' and '_' open around one place and closed after it (1 to 3 a level)
MAX_BRACKETS = 32  # '[' open at once in a paragraph
# A link's '(' that nothing closes sends Python-Markdown reading, a character at a time, to the
# paragraph's end (LinkInlineProcessor.getLink): 64 KB of '[x](' held a build for most of a minute.
MAX_UNCLOSED_LINKS = 32  # links in a paragraph whose '(' is never closed
# Python-Markdown's table, attribute-list, heading and inline steps each rescan the rest of a
# block (the text between blank lines) at every match in it, so a block's cost grows with
# the square of its length (64 KB of '`|' in a table, or of ' {:' after a heading, cost a
# build many seconds). A news paragraph is a few hundred characters; the longest is bounded.
MAX_BLOCK_CHARS = 20_000
# The table of contents gives each heading an anchor, numbering a repeated one from the first
# again ('a_2', then 'a_2_1'...: toc.unique), so thousands of headings with one text cost the
# square of their count. A live blog repeats 'Update' dozens of times, not thousands.
MAX_SAME_HEADINGS = 1_000
ATX_HEADING = re.compile(r" {0,3}#{1,6}[ \t]")
CONTAINER = re.compile(r"([ \t]*)(?:>|(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$))")
DELIMITERS = re.compile(r"[*_]+")
BRACKET = re.compile(r"[\[\]]")
PARENTHESIS = re.compile(r"\]?\(|\)")  # '](' opens a link's target
# Python-Markdown reads a line that begins like a link definition ('[id]: ') by trying each end of
# its address in turn, and from every quote or parenthesis there a title to the end of the line:
# 8,000 of them in one address cost a second, 16,000 four. An address holds a few at most.
MAX_ADDRESS_QUOTES = 20
ADDRESS_QUOTES = re.compile(r"[\"'()]")
# Python-Markdown looks for the end of a fenced block from each fence to the end of the article:
# thousands of fences that nothing closes cost a build minutes. One stray fence is a slip.
MAX_UNCLOSED_FENCES = 32
TOO_DEEP = "the site's Markdown renderer cannot take nesting this deep; flatten it, or put it in a code block"


def read_markdown(source: SourceFile) -> tuple[Article | None, list[Diagnostic]]:
    binary = binary_problem(source.data, source.path)
    if binary is not None:
        return None, [binary]
    text, problems = decode(source.data, source.path)
    lines = split_lines(text)
    meta, body, meta_problems = _front_matter(lines, source.path)
    problems += meta_problems
    side_meta, side_problems = read_sidecar(source)
    problems += side_problems
    meta = side_meta.merged_over(meta)
    if any(p.is_error for p in meta_problems):
        return None, problems
    fenced = fences(body)
    too_deep = (_too_deep(body, fenced.code, source.path) or _too_many_unclosed(fenced, source.path)
                or _slow_definition(body, fenced.code, source.path))
    if too_deep is not None:
        return None, problems + [too_deep]
    problems += [_unclosed(number, fence, source.path) for number, fence in fenced.unclosed]
    body, link_problems = publishable_links(body, meta.values.get("source_url") or meta.values.get("url"), source.path, fenced)
    problems += link_problems
    left = links_left(body, fenced, source.path)
    if left:
        return None, problems + left
    title_line, sections, references = _sections(body, fenced.code)
    if not any(b.text.strip() for s in sections for b in s.blocks) and not any(s.heading for s in sections):
        problems.append(Diagnostic("error", source.path, 0, "empty article: the body has no text"))
        return None, problems
    inferred: set[str] = set()
    title = meta.values.get("title") or _infer_title(title_line, sections, source.path, inferred, problems)
    meta = infer_missing_date(body, meta, source.path, inferred, problems)
    article, id_problems = make_article(source.path, "markdown", meta, title, sections, references, inferred)
    return article, problems + id_problems


def _front_matter(lines, path):
    """Split `---` front matter from the body; an unclosed block is an error at its first line."""
    if not lines or lines[0][1].strip() != "---":
        return Metadata(), lines, []
    for index, (number, line) in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            yaml_text = "\n".join(text for _, text in lines[1:index])
            meta, problems = parse_yaml_mapping(yaml_text, path, 2)
            return meta, lines[index + 1:], problems
    return Metadata(), lines, [Diagnostic("error", path, 1, "front matter opened with '---' is never closed")]


def _sections(body, code: frozenset[int]) -> tuple[tuple[int, str] | None, list[Section], list[Reference]]:
    """Sections at '# ' and '## ' headings and references at 'See also' lines, outside fenced code."""
    sections: list[Section] = []
    references: list[Reference] = []
    heading, heading_line, blocks, chunk = None, body[0][0] if body else 1, [], []
    title_line = None

    def flush():
        text = "\n".join(line for _, line in chunk).strip("\n")
        if text.strip():
            blocks.append(Block(line=chunk[0][0], text=text))
        chunk.clear()

    for number, line in body:
        match = None if number in code else heading_of(line)
        reference = None if number in code else reference_from(number, line)
        if match and match[0] == 1 and title_line is None and not blocks and not chunk and heading is None:
            title_line = (number, match[1])
        elif match:
            flush()
            if heading is not None or blocks:
                sections.append(Section(heading, heading_line, tuple(blocks)))
            heading, heading_line, blocks = match[1], number, []
        elif reference is not None:
            flush()
            references.append(reference)
            blocks.append(Block(line=number, reference=reference))
        else:
            chunk.append((number, line))
    flush()
    sections.append(Section(heading, heading_line, tuple(blocks)))
    return title_line, sections, references


def _infer_title(title_line, sections, path, inferred, problems) -> str:
    inferred.add("title")
    if title_line:
        problems.append(Diagnostic("warning", path, title_line[0], f"no 'title' in front matter; using the '# ' heading '{title_line[1]}'"))
        return title_line[1]
    for section in sections:
        if section.heading:
            problems.append(Diagnostic("warning", path, section.line, f"no 'title' in front matter; using the first heading '{section.heading}'"))
            return section.heading
    first = next(b for s in sections for b in s.blocks if b.text.strip())
    title = shorten(first.text.splitlines()[0])
    problems.append(Diagnostic("warning", path, first.line, f"no 'title' in front matter; using the first sentence '{title}'"))
    return title


def _too_deep(body, code: frozenset[int], path) -> Diagnostic | None:
    """An error at the first place the body nests deeper than Python-Markdown can render
    (lists and block quotes, emphasis, square brackets: see MAX_CONTAINERS), or would keep it
    busy for minutes (unclosed links, over-long paragraphs); None if it does neither.

    Measured on the text as written, per paragraph, so it errs on the deep side: only code
    spans and fenced code are left out (Python-Markdown does not parse inside them)."""
    paragraph: list[tuple[int, str]] = []
    size, same = 0, Counter()
    for number, line in body + [(0, "")]:
        if number in code or not line.strip():
            problem = _too_deep_inline(paragraph, path) or _too_long(paragraph, size, path)
            if problem is not None:
                return problem
            paragraph, size = [], 0
            continue
        size += len(line) + 1
        if ATX_HEADING.match(line) and (problem := _repeated(line, number, same, path)) is not None:
            return problem
        levels, end, rule = 0, 0, _rule_start(line)
        while (match := CONTAINER.match(line, end)) is not None and match.end(1) < rule:  # '> - > 1. ':
            levels += 1 + len(match.group(1).expandtabs(4)) // 4  # a level each, and one more per
            end = match.end()  # 4 columns of indentation before one
        if levels > MAX_CONTAINERS:
            return Diagnostic("error", path, number, f"lists and block quotes nested {levels} deep (at most "
                              f"{MAX_CONTAINERS}): {TOO_DEEP}")
        paragraph.append((number, _without_code_spans(line)))
    return None


def _too_deep_inline(paragraph: list[tuple[int, str]], path: str) -> Diagnostic | None:
    """Emphasis or square brackets nested too deeply in one paragraph.

    Emphasis nests only where delimiters open and later close: the depth at a place is the
    smaller of the delimiters open there and those that close after it (a run of '*' or '_'
    before a space closes, one after a space opens, one between two letters closes if any is
    open). Brackets cost time whether or not they close: every '[' open at once counts."""
    unclosed = _unclosed_links(paragraph)
    if len(unclosed) > MAX_UNCLOSED_LINKS:
        return Diagnostic("error", path, unclosed[MAX_UNCLOSED_LINKS], f"{len(unclosed)} links in one paragraph whose "
                          f"'(' is never closed (at most {MAX_UNCLOSED_LINKS}): {TOO_DEEP}")
    runs: list[tuple[int, int]] = []  # (line, delimiters opened, or closed if negative)
    brackets = still_open = 0
    for number, line in paragraph:
        for match in BRACKET.finditer(line):
            brackets = brackets + 1 if match.group() == "[" else max(0, brackets - 1)
            if brackets > MAX_BRACKETS:
                return Diagnostic("error", path, number, f"square brackets '[' nested more than {MAX_BRACKETS} deep: {TOO_DEEP}")
        for match in DELIMITERS.finditer(line):
            closes = match.start() > 0 and not line[match.start() - 1].isspace()
            opens = match.end() < len(line) and not line[match.end()].isspace()
            if closes and (still_open or not opens):
                runs.append((number, -len(match.group())))
                still_open = max(0, still_open - len(match.group()))
            elif opens:
                runs.append((number, len(match.group())))
                still_open += len(match.group())
    still_open, closing_after = 0, sum(-n for _, n in runs if n < 0)
    for number, count in runs:
        if count < 0:
            closing_after += count
            still_open = max(0, still_open + count)
            continue
        still_open += count
        if min(still_open, closing_after) > MAX_EMPHASIS:
            return Diagnostic("error", path, number, f"emphasis ('*', '_') nested more than {MAX_EMPHASIS} "
                              f"delimiters deep: {TOO_DEEP}")
    return None


def _unclosed(number: int, fence: str, path: str) -> Diagnostic:
    return Diagnostic("warning", path, number, f"'{fence}' opens a code block that no later line closes: the site "
                      f"shows it and the text after it as ordinary text; end the code with a line '{fence}', or remove it")


def _too_many_unclosed(fenced: Fences, path: str) -> Diagnostic | None:
    if len(fenced.unclosed) <= MAX_UNCLOSED_FENCES:
        return None
    return Diagnostic("error", path, fenced.unclosed[MAX_UNCLOSED_FENCES][0], f"{plural.number(len(fenced.unclosed))} code fences that "
                      f"no later line closes (at most {MAX_UNCLOSED_FENCES}): the site's Markdown renderer reads the rest "
                      "of the article again from each one; end each code block with a line of its fence, or remove them")


def _slow_definition(body, code: frozenset[int], path) -> Diagnostic | None:
    """An error at a line that begins like a link definition whose address (there or on the
    next line, as Python-Markdown allows) holds more than `MAX_ADDRESS_QUOTES` quotes or parentheses."""
    for index, (number, line) in enumerate(body):
        match = DEFINITION_START.match(line) if number not in code and "]:" in line else None
        if match is None:
            continue
        address = match.group(1)
        if not address and index + 1 < len(body):
            address = next(iter(body[index + 1][1].split()), "")
        quotes = len(ADDRESS_QUOTES.findall(address))
        if quotes > MAX_ADDRESS_QUOTES:
            return Diagnostic("error", path, number, f"a link definition whose address holds {plural.number(quotes)} quotes "
                              f"or parentheses (at most {MAX_ADDRESS_QUOTES}): the site's Markdown renderer tries each "
                              "as the start of a title, slowly; write the address without them")
    return None


def _repeated(line: str, number: int, same: Counter, path: str) -> Diagnostic | None:
    """Counts a heading's text as its anchor folds it; an error once `MAX_SAME_HEADINGS` have it."""
    text = line.strip().strip("#").strip()
    key = "".join(c for c in text.lower() if c.isalnum() or c == "_")
    same[key] += 1
    if same[key] <= MAX_SAME_HEADINGS:
        return None
    return Diagnostic("error", path, number, f"more than {plural.number(MAX_SAME_HEADINGS)} headings with the same text "
                      f"('{shorten(text, 60)}'): the site's table of contents numbers each one again from the first; "
                      "vary them or drop the repeats")


def _too_long(paragraph: list[tuple[int, str]], size: int, path: str) -> Diagnostic | None:
    """A block (`size` characters as written) longer than `MAX_BLOCK_CHARS`, at its first line."""
    if size <= MAX_BLOCK_CHARS:
        return None
    return Diagnostic("error", path, paragraph[0][0], f"a paragraph of more than {plural.number(MAX_BLOCK_CHARS)} characters with no "
                      "blank line in it: the site's Markdown renderer slows with the square of a paragraph's length; "
                      "separate the paragraphs with blank lines")


def _unclosed_links(paragraph: list[tuple[int, str]]) -> list[int]:
    """The line of each link's '(' (after ']') that no ')' in the paragraph closes."""
    opened: list[tuple[int, bool]] = []  # (line, opens a link's target) of each '(' still open
    for number, line in paragraph:
        for match in PARENTHESIS.finditer(line):
            if match.group() != ")":
                opened.append((number, match.group() == "]("))
            elif opened:
                opened.pop()
    return [number for number, link in opened if link]


def _rule_start(line: str) -> int:
    """Where a horizontal rule that ends the line starts ('- - - -', '* * *', after any '> '
    or list markers: three or more of one mark, at most two spaces apart, as Python-Markdown
    reads one), else the line's length: the marks of a rule are no list markers."""
    end = len(line.rstrip(" "))
    if not end or line[end - 1] not in "-*_":
        return len(line)
    char, start, count, gap = line[end - 1], end, 0, 0
    while start:
        if line[start - 1] == char:
            count, gap = count + 1, 0
        elif line[start - 1] == " " and gap < 2:
            gap += 1
        else:
            break
        start -= 1
    return start + gap if count >= 3 else len(line)


def _without_code_spans(line: str) -> str:
    """The line less its code spans."""
    kept, position = [], 0
    for start, end in code_spans(line):
        kept.append(line[position:start])
        position = end
    return "".join(kept) + line[position:]
