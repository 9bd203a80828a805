"""The Markdown reader: front matter, sections, listed references, and its diagnostics."""
from __future__ import annotations

from datetime import date

from generator.readers.base import SourceFile
from generator.readers.markdown import read_markdown

GOOD = """---
title: Port reopens after floods
date: 2021-03-09
source: Example Wire
source_url: https://example.org/port
topics: [river-port]
see_also:
  - Floods close the river port
  - port-closure-2021
summary: The port is open again.
---

The port reopened on Tuesday.

## Ships return

Dozens of ships returned.
See also : Dredging plan approved

```text
## not a heading inside code
See also : not a reference in code
```
"""


def read(text: str, path: str = "a.md"):
    return read_markdown(SourceFile(path, text.encode()))


def test_front_matter_fields_sections_and_references():
    article, problems = read(GOOD)
    assert problems == []
    assert (article.title, article.date, article.source, article.source_url) == (
        "Port reopens after floods", date(2021, 3, 9), "Example Wire", "https://example.org/port")
    assert article.topics == ("river-port",) and article.summary == "The port is open again."
    assert [s.heading for s in article.sections] == [None, "Ships return"]
    assert [(r.kind, r.target, r.line) for r in article.references] == [
        ("see also", "Dredging plan approved", 18),
        ("listed", "Floods close the river port", 8),
        ("listed", "port-closure-2021", 9),
    ]
    code = article.sections[1].blocks[-1].text
    assert "## not a heading inside code" in code and "See also : not a reference" in code


def test_malformed_yaml_is_an_error_at_its_line():
    article, problems = read("---\ntitle: ok\ndate: [unclosed\n---\nBody text.\n")
    assert article is None
    assert [(p.severity, p.line) for p in problems] == [("error", 3)]
    assert "malformed YAML" in problems[0].message


def test_unparseable_date_names_the_key_line():
    article, problems = read("---\ntitle: ok\ndate: 7th of Smarch\n---\nBody.\n")
    assert article is None
    assert [(p.severity, p.line) for p in problems] == [("error", 3)]
    assert "unparseable date" in problems[0].message


def test_unclosed_front_matter_and_unknown_key():
    _, problems = read("---\ntitle: x\nBody without a closing fence.\n")
    assert problems[0].line == 1 and "never closed" in problems[0].message
    article, problems = read("---\ntitle: x\ndate: 2020-01-01\ncolour: blue\n---\nBody.\n")
    assert article is not None
    assert [(p.severity, p.line) for p in problems] == [("warning", 4)]


def test_hash_heading_stands_in_for_a_missing_title():
    article, problems = read("# Council votes on budget\n\nThe council voted on 4 May 2019.\n")
    assert article.title == "Council votes on budget"
    assert article.date == date(2019, 5, 4)
    assert article.inferred == ("date", "title")
    assert [(p.severity, p.line) for p in problems] == [("warning", 1), ("warning", 3)]


def test_empty_body_is_an_error():
    article, problems = read("---\ntitle: Nothing here\ndate: 2020-01-01\n---\n\n")
    assert article is None and "empty" in problems[0].message


def test_links_the_archive_cannot_publish_become_absolute_or_text_with_a_warning_at_their_line():
    from generator.readers.md_links import publishable_links

    body = [(10, "See [the plan](plan.md), [home](/about \"About\") and ![a map](../img/map.png)."),
            (11, "Kept: [ok](https://example.org/x), [mail](mailto:a@example.org), [top](#top), `[code](x.md)`."),
            (12, "An [entity-written"), (13, "one](&#106;avascript:alert(1)) and [data](data:text/html,x)."),
            (14, ""), (15, "![](https://cdn.example.org/photo.jpg)"), (16, ""),
            (17, "[defined]: docs/ref.html \"Ref\""), (18, "```"), (19, "[in a fence](f.md)"), (20, "```")]
    resolved, problems = publishable_links(body, "https://news.example.org/2021/port/", "a.md")
    text = dict(resolved)
    assert text[10] == ("See [the plan](https://news.example.org/2021/port/plan.md), [home](https://news.example.org/about "
                        "\"About\") and [Image: a map](https://news.example.org/2021/img/map.png).")
    assert text[11] == body[1][1] and text[19] == body[-2][1]
    assert (text[12], text[13]) == ("An entity-written", "one and data.")
    assert text[15] == "[Image: untitled](https://cdn.example.org/photo.jpg)"
    assert text[17] == "[defined]: https://news.example.org/2021/port/docs/ref.html \"Ref\""
    assert [p.line for p in problems] == [10, 10, 10, 12, 13, 15, 17] and {p.severity for p in problems} == {"warning"}
    plain, problems = publishable_links(body, None, "a.md")
    assert dict(plain)[10] == "See the plan, home and a map." and dict(plain)[17] == ""
    assert not [p for p in problems if not any(w in p.message for w in ("no source URL", "does not publish", "another site"))]


def test_code_spans_are_found_across_a_paragraph_and_in_linear_time():
    """The links step took the spans from a regex that scanned on from every backtick run: a
    40 KB paragraph of runs of growing lengths before a link did not finish in five minutes."""
    from generator.readers.md_code import code_spans
    from generator.readers.md_links import publishable_links

    assert code_spans("a `b` and ``c ` d`` and ```") == [(2, 5), (10, 19)]
    runs = " ".join("`" * k for k in range(1, 280)) + " [x](y.md)"
    assert dict(publishable_links([(1, runs)], None, "a.md")[0])[1].endswith(" x")
    body = [(1, "Code `a [x](y.md)"), (2, "b` and [z](z.md).")]  # one span over two lines, as Markdown reads it
    assert dict(publishable_links(body, None, "a.md")[0]) == {1: "Code `a [x](y.md)", 2: "b` and z."}


# Fenced code: one rule for sections, references, links and the nesting check, Python-Markdown's.

FENCE_LINES = ["```", "~~~", "````", "```py", "``` {.x}", "~~~ ", " ```", "```x```", "``` a b", "    ```", "``", ""]


def _python_markdown_code(lines: list[str]) -> set[int]:
    """Indices of the text lines ('t<i>') that Python-Markdown's fenced_code takes as code."""
    import markdown

    md = markdown.Markdown(extensions=["fenced_code"])
    left = "\n".join(md.preprocessors["fenced_code_block"].run(list(lines)))
    return {i for i, line in enumerate(lines) if line.startswith("t") and f"{line}\n" not in left + "\n"}


def test_fenced_code_is_what_python_markdown_reads_as_fenced_code():
    import random

    from generator.readers.md_code import fences

    rng = random.Random(7)
    for _ in range(1500):
        lines = [rng.choice(FENCE_LINES) if rng.random() < 0.5 else f"t{i}" for i in range(rng.randint(1, 24))]
        found = fences(list(enumerate(lines))).code
        assert {i for i in found if lines[i].startswith("t")} == _python_markdown_code(lines), lines


def test_an_unclosed_fence_is_text_after_a_warning_at_its_line():
    article, problems = read("---\ntitle: Budget\ndate: 2020-03-04\n---\n\nThe council met.\n\n```\nTable follows.\n\n"
                             "## Reaction\n\nThe [minutes](minutes.pdf) are online.\n\nSee also: Harbour plan unveiled\n")
    assert [(p.line, p.severity) for p in problems] == [(8, "warning"), (13, "warning")]
    assert "'```' opens a code block that no later line closes" in problems[0].message
    assert "minutes.pdf" in problems[1].message and "shown as text" in problems[1].message
    assert [s.heading for s in article.sections] == [None, "Reaction"]
    assert [r.target for r in article.references] == ["Harbour plan unveiled"]
    import markdown

    html = markdown.markdown("\n\n".join(b.text for s in article.sections for b in s.blocks if b.text),
                             extensions=["fenced_code"])
    assert "minutes.pdf" not in html and "<pre>" not in html


def test_a_fence_closed_later_keeps_headings_references_and_links_in_it_as_code():
    article, problems = read("---\ntitle: Code\ndate: 2020-03-04\n---\n\nText.\n\n~~~ {.text}\n## not a heading\n"
                             "See also: not a reference\n[a](b.md)\n```\n~~~\n\n## After\n\nMore.\n")
    assert problems == [] and [s.heading for s in article.sections] == [None, "After"]
    assert article.references == () and "[a](b.md)" in article.sections[0].blocks[0].text


def test_too_many_unclosed_fences_are_an_error_at_the_first_beyond_the_limit():
    from generator.readers.markdown import MAX_UNCLOSED_FENCES

    body = "".join(f"```x\nline {i}\n\n" for i in range(20_000))
    article, problems = read(f"---\ntitle: Fences\ndate: 2020-03-04\n---\n\nText.\n\n{body}")
    assert article is None and [(p.line, p.severity) for p in problems] == [(8 + 3 * MAX_UNCLOSED_FENCES, "error")]
    assert "20,000 code fences that no later line closes" in problems[0].message
    fine, problems = read("---\ntitle: Fences\ndate: 2020-03-04\n---\n\nText.\n\n" + "```x\n\n" * MAX_UNCLOSED_FENCES)
    assert fine is not None and len(problems) == MAX_UNCLOSED_FENCES


LINKS_ONLY_THE_RENDERER_FINDS = {  # each renders as a link to 'minutes.pdf' (or 'x.png')
    "definition in a list": "- item\n\n    [x]: minutes.pdf\n\n    See [y][x].\n",
    "definition in a quote": "> [x]: minutes.pdf\n>\n> See [y][x].\n",
    "parentheses nested twice": "See [a](minutes(b(c)).pdf) now.\n",
    "title over two lines": "See [a](minutes.pdf \"a\nb\") now.\n",
    "brackets nested twice": "See [a [b [c]]](minutes.pdf) now.\n",
    "an attribute list's href": "See [a](https://example.org/){: href=minutes.pdf } now.\n",
}


def test_a_link_only_the_site_renderer_finds_is_an_error_at_its_line():
    for name, body in LINKS_ONLY_THE_RENDERER_FINDS.items():
        article, problems = read(f"---\ntitle: T\ndate: 2020-01-01\n---\n\nIntro.\n\n{body}")
        errors = [p for p in problems if p.is_error]
        assert article is None and len(errors) == 1, name
        url = "minutes(b(c)).pdf" if "parentheses" in name else "minutes.pdf"
        assert errors[0].message.startswith(f"link '{url}' is relative and written in a way"), name
        assert errors[0].line == 8 + next(i for i, line in enumerate(body.split("\n")) if url in line), name


def test_an_image_inside_a_link_is_its_text_so_its_address_matters_not():
    """The site shows an image as 'Image: <alt>' (safe_markdown); inside a link, as text alone."""
    article, problems = read("---\ntitle: T\ndate: 2020-01-01\n---\n\nIntro.\n\nSee [![a](x.png)](https://example.org/) now.\n")
    assert article is not None and not any(p.is_error for p in problems)


def test_links_the_reader_rewrites_leave_nothing_for_the_renderer_to_find():
    body = ("See [a](minutes.pdf), ![b](c.png), [d][e], <https://example.org/>, [f](#top) and [g](mailto:a@b.org).\n\n"
            "[e]: /about\n\n- [x] not a link, {not attributes}\n\nSee [h][i].\n\n[i]:\n  plan.pdf\n  'Plan'\n")
    article, problems = read(f"---\ntitle: T\ndate: 2020-01-01\n---\n\nIntro.\n\n{body}")
    assert article is not None and not any(p.is_error for p in problems)
    assert [p.line for p in problems] == [8, 8, 10, 16]  # minutes.pdf, c.png, /about and plan.pdf shown as text
    assert "\n\n".join(b.text for b in article.sections[0].blocks).endswith("See [h][i].")  # the lines keep their numbers


DEFINITION_LIKE = ["[x]: a.pdf", "[x]: a.pdf \"T\"", "[x]: a.pdf 'T' ", "[x]: a.pdf (T)", "[x]:\ta.pdf",
                   "   [x]: a.pdf", "    [x]: a.pdf", "[Update]: The council says", "[^1]: A footnote.",
                   "[x]: a.pdf \"T", "[a[b]]: c", "[]: a", "[x]: <a b>", "[x]: a.pdf\n  \"T\"", "[x]:\n  a.pdf",
                   "[x]: a.pdf\nmore text", "[x] : a.pdf", "\t[x]: a.pdf"]


def test_a_definition_is_what_python_markdown_reads_as_one():
    """A line that looks like a '[id]: url' definition but is a sentence keeps its words."""
    from markdown.blockprocessors import ReferenceProcessor

    from generator.readers.md_links import DEFINITION

    for text in DEFINITION_LIKE:
        theirs = ReferenceProcessor.RE.match(text.expandtabs(4))
        ours = DEFINITION.match(text)
        assert bool(ours) == bool(theirs), text
        assert ours is None or ours.group("url") == theirs.group(2), text
    article, problems = read("---\ntitle: T\ndate: 2020-01-01\n---\n\nIntro.\n\n[Update]: The council says it will appeal.\n")
    assert problems == [] and "[Update]: The council says it will appeal." in article.sections[0].blocks[-1].text


def test_the_reader_renders_with_the_site_s_markdown_extensions():
    import yaml

    from conftest import REPO
    from generator.readers.md_links import SITE_EXTENSIONS

    configured = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["markdown_extensions"]
    assert tuple(e if isinstance(e, str) else next(iter(e)) for e in configured) == SITE_EXTENSIONS


def test_an_escaped_bracket_is_no_link_and_is_left_as_written():
    from generator.readers.md_links import publishable_links

    body = [(1, "See \\[a](minutes.pdf), \\\\[b](plan.pdf) and `\\[c](x.pdf)`.")]
    kept, problems = publishable_links(body, None, "a.md")
    assert kept == [(1, "See \\[a](minutes.pdf), \\\\b and `\\[c](x.pdf)`.")]
    assert [p.message.split("'")[1] for p in problems] == ["plan.pdf"]


def test_a_body_whose_links_the_patterns_read_whole_is_not_rendered(monkeypatch):
    """Rendering costs several times the rest of reading; plain links need none of it."""
    import generator.readers.md_links as md_links

    def renderer():
        raise AssertionError("rendered")

    monkeypatch.setattr(md_links, "_renderer", renderer)
    body = ("The [council](https://example.org/a) met, ![a map](https://example.org/m.png) shows it, [b][c] and "
            "`x = [1, 2]` in code.\n\n[c]: https://example.org/c \"C\"\n\n- [list](https://example.org/l)\n\n"
            "> quoted [link](https://example.org/q) {: .note }\n")
    article, problems = read(f"---\ntitle: T\ndate: 2020-01-01\n---\n\nIntro.\n\n{body}")
    assert article is not None and [p.line for p in problems] == [8]  # the image, shown as a link
    for name, case in LINKS_ONLY_THE_RENDERER_FINDS.items():
        assert not md_links._read_whole(list(enumerate(case.split("\n"))), frozenset()), name


def test_a_link_in_what_the_reader_takes_for_code_is_checked_by_rendering():
    """Code spans as the reader pairs backticks are not always the renderer's: a link it left
    alone as code that the site shows as a link is an error, not a failed build."""
    for body, line in (("Use \\`[the plan](plan.md)\\` here.\n", 8),
                       ("### Notes on `code\n[the plan](plan.md) and more` here.\n", 9),
                       ("- first `item\n- [the plan](plan.md) second` item\n", 9)):
        article, problems = read(f"---\ntitle: T\ndate: 2021-05-01\n---\n\nIntro.\n\n{body}")
        assert article is None and [(p.line, p.severity) for p in problems] == [(line, "error")], body
        assert "'plan.md' is relative and written in a way" in problems[0].message
    article, problems = read("---\ntitle: T\ndate: 2021-05-01\n---\n\nIntro.\n\nUse `[the plan](plan.md)` here.\n")
    assert article is not None and problems == []


def test_an_address_written_with_entities_is_published_as_the_browser_reads_it():
    from generator.readers.md_links import publishable_links

    body = [(1, "See [a](&#35;notes), [b](&#104;ttps://example.org/x), [c](mailto&#58;x@example.org), "
                "[d](&nbsp;https://example.org/y) and [e](https://example.org/?a=1&amp;b=2).")]
    kept, problems = publishable_links(body, None, "a.md")
    assert problems == [] and kept == [(1, "See [a](#notes), [b](https://example.org/x), [c](mailto:x@example.org), "
                                           "[d](https://example.org/y) and [e](https://example.org/?a=1&b=2).")]
