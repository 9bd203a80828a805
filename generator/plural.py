"""Counts as people read them: '1 article', '2 articles'. Every count the site shows a
reader (home page, timeline, topic and see-also pages) and the build says to a maintainer
goes through here, so none says '1 articles' and a large one is grouped ('12,897'); the
archive's own nouns are regular."""
from __future__ import annotations


def plural(number: int, noun: str) -> str:
    """`noun` as it follows `number`: with the plural's 's' unless the number is one."""
    return noun if number == 1 else f"{noun}s"


def number(value: int) -> str:
    """A count with its thousands grouped, as English prose writes it: '12,897'."""
    return f"{value:,}"


def counted(value: int, noun: str) -> str:
    return f"{number(value)} {plural(value, noun)}"
