"""Reader for Markdown articles with YAML front matter (title, date, source, topics, see_also...).

The body stays Markdown. `## ` headings open sections, `See also : ...` lines become references
as in raw text, and fenced code is left alone. A `# ` heading stands in for a missing title.
"""
from __future__ import annotations

import re

from ..infer import shorten
from ..model import Article, Block, Diagnostic, Reference, Section
from .base import SourceFile, binary_problem, decode, infer_missing_date, make_article, read_sidecar, reference_from, split_lines
from .metadata import Metadata, parse_yaml_mapping

FENCE = re.compile(r"^\s{0,3}(```|~~~)")
HEADING = re.compile(r"^(#{1,2})\s+(.+?)\s*#*\s*$")


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
    title_line, sections, references = _sections(body)
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


def _sections(body) -> tuple[tuple[int, str] | None, list[Section], list[Reference]]:
    sections: list[Section] = []
    references: list[Reference] = []
    heading, heading_line, blocks, chunk = None, body[0][0] if body else 1, [], []
    title_line = None
    in_fence = False

    def flush():
        text = "\n".join(line for _, line in chunk).strip("\n")
        if text.strip():
            blocks.append(Block(line=chunk[0][0], text=text))
        chunk.clear()

    for number, line in body:
        if FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else HEADING.match(line)
        reference = None if in_fence else reference_from(number, line)
        if match and len(match.group(1)) == 1 and title_line is None and not blocks and not chunk and heading is None:
            title_line = (number, match.group(2))
        elif match:
            flush()
            if heading is not None or blocks:
                sections.append(Section(heading, heading_line, tuple(blocks)))
            heading, heading_line, blocks = match.group(2), number, []
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
