"""The archive's vocabulary: small immutable values that every stage passes along.

Data flows one way (read -> enrich -> pages -> write). Readers build `Article`s; later stages
never mutate them, they return new values (`dataclasses.replace`) or separate result maps keyed
by article id. That keeps every stage a pure function that is easy to test without a disk.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from functools import lru_cache
from operator import attrgetter
from typing import Literal, Mapping

Severity = Literal["error", "warning"]


def compact_pickle(cls):
    """Pickle a frozen slots dataclass as its constructor call: (class, field values).

    The dataclass default pickles through Python-level `__getstate__`/`__setstate__` that
    call `fields()` for every object; articles cross process and memo boundaries several
    times a build (tens of thousands of them, each with sections and blocks), and this form
    pickles in about half the time, with the same bytes in every process.
    """
    values = attrgetter(*(f.name for f in fields(cls)))
    cls.__reduce__ = lambda self: (cls, values(self))
    return cls


def _one_line(text: str) -> str:
    """Control characters, line separators and undecodable bytes of a name as escapes."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape", "backslashreplace").decode("ascii")
                   for c in text)


@compact_pickle
@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in the input, pointing at the file and line a contributor must edit."""

    severity: Severity
    path: str
    line: int  # 1-based; 0 when the problem concerns the file as a whole
    message: str

    def __str__(self) -> str:
        """One line, whatever the file's name or the quoted text holds: a newline in either
        would start a line of its own that reads as another message (or a CI command)."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{_one_line(where)}: {self.severity}: {_one_line(self.message)}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


@compact_pickle
@dataclass(frozen=True, slots=True)
class Reference:
    """A pointer from one article to another, as the source wrote it.

    `kind` is "see also" / "see more" for lines in the text and "listed" for a `see_also`
    entry in front matter or a sidecar, "linked" for a link in a web page's text (kept only
where it leads to another archived article). `target` is a title, an id or a URL; resolving it to an
    archived article is the references stage's job, not the reader's.
    """

    kind: str
    target: str
    line: int


@compact_pickle
@dataclass(frozen=True, slots=True)
class Block:
    """A piece of a section: body text (plain for raw text and web pages, Markdown for .md) or a
    reference. A web page's lists and quotes keep their kind: one list item per line of `text`;
    a photo caption kept from raw text is a "caption", shown as a caption, not as a paragraph.
    """

    line: int
    text: str = ""
    reference: Reference | None = None
    kind: str = "paragraph"  # "paragraph", "list", "quote" or "caption"


@compact_pickle
@dataclass(frozen=True, slots=True)
class Section:
    """A run of blocks under one heading; the lede has no heading."""

    heading: str | None
    line: int
    blocks: tuple[Block, ...]


@compact_pickle
@dataclass(frozen=True, slots=True)
class Article:
    """One archived article, whatever format it arrived in."""

    id: str
    title: str
    date: date | None
    path: str  # posix path relative to the content folder
    format: Literal["text", "markdown", "html"]
    sections: tuple[Section, ...]
    references: tuple[Reference, ...] = ()  # body references first, then listed ones
    source: str | None = None
    author: str | None = None
    source_url: str | None = None
    language: str | None = None
    summary: str | None = None
    topics: tuple[str, ...] = ()  # curated topic ids or names given in the metadata
    topic_lines: tuple[int, ...] = ()  # the metadata line of each of `topics`, for diagnostics
    inferred: tuple[str, ...] = ()  # sorted: ("date", "title"); a tuple pickles the same in every process
    url: str = ""  # permalink relative to the site root, e.g. "2023/11/07/slug/"
    title_as_written: str | None = None  # the headline as the file has it, when shown recased

    @property
    def body_text(self) -> str:
        """All body text as one string: what extraction and similarity read."""
        parts = []
        for section in self.sections:
            if section.heading:
                parts.append(section.heading)
            parts.extend(b.text for b in section.blocks if b.reference is None and b.text)
        return "\n".join(parts)

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None


TOPIC_KINDS = ("person", "place", "organisation", "theme")


@compact_pickle
@dataclass(frozen=True, slots=True)
class Topic:
    """A person, place, organisation or theme; compared by id like Pelican's URL wrappers."""

    id: str  # slug, unique across kinds
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    description: str | None = None
    curated: bool = False
    # Has a page of its own: curated topics always, automatic ones once two articles name them
    # (a page listing one article is not worth rendering). A function of the content alone.
    page: bool = True

    @property
    def url(self) -> str:
        """Its page; without one, the A–Z listing of its kind and letter, where it is listed.
        Neither depends on anything but the topic itself. The page's address is its id alone,
        not its kind: a kind corrected in topics.yml or by a better model keeps the address
        (ids are unique across kinds, and a kind's name is no topic id: taxonomy.RESERVED_IDS)."""
        return f"topics/{self.id}/" if self.page else letter_url(self.kind, self.letter)

    @property
    def letter(self) -> str:
        return _letter(self.name)


def letter_url(kind: str, letter: str) -> str:
    """The A–Z listing of one kind's topics under one letter (pages/topics.py makes it)."""
    return f"topics/{kind}/a-z/{letter}/"


@lru_cache(maxsize=None)
def _letter(name: str) -> str:
    """A topic's A–Z letter, once per name: a topic without a page is linked through it (its
    `url`), from every page and feed entry that names the topic."""
    if name.isascii():  # most names: the slug's first character without making the slug
        first = next((c for c in name.lower() if c.isalnum()), "u")  # no letter or digit: "untitled"
    else:
        from .slugs import slugify

        first = slugify(name)[:1]
    return first if "a" <= first <= "z" else ("0-9" if first.isdigit() else "other")


@compact_pickle
@dataclass(frozen=True, slots=True)
class Resolution:
    """What a reference turned out to point at."""

    target_id: str | None
    method: str  # "id", "url", "title", "fuzzy", "pinned" or "unresolved"
    score: float = 0.0
    candidates: tuple[str, ...] = ()  # ids that came close, for the curator


@compact_pickle
@dataclass(frozen=True, slots=True)
class Refiling:
    """Another file of a published story (a re-sent wire story, a copy saved twice, a syndicated
    copy): not published as a page of its own, listed on the story's page. duplicates.py finds
    them."""

    article: Article  # as read from its file: its path, title, date and original
    similarity: float  # share of the story's word runs it shares (Jaccard); 1.0: the same words


@compact_pickle
@dataclass(frozen=True, slots=True)
class Mention:
    """An article naming a topic: the first surface form found and a keyword-in-context snippet."""

    topic_id: str
    surface: str
    snippet: str
    count: int = 1  # mentions of this topic in the article


@dataclass(frozen=True)
class Archive:
    """The enriched archive: articles plus what the enrich stages found about them.

    Everything the page builders need, and nothing they must compute again. Maps are keyed by
    article id; `resolutions[id]` runs parallel to `article.references`.
    """

    articles: tuple[Article, ...]  # the published ones (a re-filed story once); newest first; undated last; ties by id
    topics: Mapping[str, Topic] = field(default_factory=dict)  # published topics by id
    mentions: Mapping[str, tuple[Mention, ...]] = field(default_factory=dict)
    resolutions: Mapping[str, tuple[Resolution, ...]] = field(default_factory=dict)
    backlinks: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    related: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    by_id: Mapping[str, Article] = field(default_factory=dict)
    refilings: Mapping[str, tuple[Refiling, ...]] = field(default_factory=dict)  # published id -> its other files
    # Derived from the above by enrich.derive, for the pages that show them:
    companions: Mapping[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)  # topic id -> (topic id, articles together)
    targets: tuple = ()  # every see-also target A–Z (targets.Target)
    surfaces: object = None  # linking.TopicSurfaces: every way the archive writes a published topic
    month_topics: tuple[tuple[str, int], ...] = ()  # the latest month's most-named topics (month_topics.py)

    def every_file(self) -> tuple[Article, ...]:
        """Every file read as an article: the published ones, then the other files of re-filed
        stories (each kept on the site as its original)."""
        return self.articles + tuple(r.article for kept in sorted(self.refilings) for r in self.refilings[kept])

    def topics_of(self, article: Article) -> tuple[Topic, ...]:
        """The published topics an article names, in mention order."""
        topics = self.topics
        return tuple(topics[m.topic_id] for m in self.mentions.get(article.id, ()) if m.topic_id in topics)

    @classmethod
    def of(cls, articles, **parts) -> "Archive":
        ordered = tuple(sorted(articles, key=newest_first))
        return cls(articles=ordered, by_id={a.id: a for a in ordered}, **parts)


def newest_first(article: Article) -> tuple:
    """Sort key: dated articles newest first, then undated, ties broken by id for determinism."""
    if article.date is None:
        return (1, 0, article.id)
    return (0, -article.date.toordinal(), article.id)
