"""Re-filed stories: one text filed more than once (a wire story re-sent under a new slug, a page
saved twice, a syndicated copy, a corrected re-filing), found without comparing every pair.

What two files are compared on is their words: title and body as the reader left them (site
chrome and reference lines already dropped), web addresses removed, case folded, punctuation
and whitespace ignored. Two indexes find the copies:

- an exact index, a hash of those words: the same text saved twice, however it is wrapped;
- a near index, MinHash signatures of overlapping word runs (shingles) cut into LSH bands
  (as datasketch's `MinHashLSH` cuts them), which proposes the pairs whose runs are likely to
  overlap heavily: two signatures equal on a whole band. Every proposed pair
  is then confirmed on the two articles' actual shingle sets (exact Jaccard similarity), so the
  estimate never decides alone.

Stories are the connected components of confirmed pairs. Nothing here visits every pair: a
signature is one article's work (through the build's pool and memo), the index is sorted by
bands, and only proposed pairs are compared. Articles are taken in path order, signatures use
fixed permutations, and a group's order is fixed by its members' dates and paths, so the result
depends on neither the input order nor the number of processes.

Short texts (under `MIN_SHINGLES` shingles) are matched by the exact index only: a few changed
words in a paragraph-long story are a different story as often as a correction.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from itertools import chain, combinations
from typing import Callable, Sequence

import numpy as np
from datasketch import MinHash

from .model import Article, Diagnostic, Refiling

SHINGLE_WORDS = 5  # words per shingle: long enough that two reports of one event rarely share runs
PERMUTATIONS = 128  # MinHash signature length
BANDS, ROWS = 32, 4  # LSH bands: a pair at similarity s is proposed with chance 1 - (1 - s^4)^32
SEED = 1  # the permutations' seed: fixed, so signatures are the same on every run and machine
THRESHOLD = 0.65  # confirmed Jaccard similarity of shingle sets at which two files are one story
FULL_BUCKET = 100  # files sharing a band's values, up to which each pair of them is proposed
ESTIMATE_MARGIN = 0.15  # a proposed pair is checked when its signatures agree on threshold - this
MIN_SHINGLES = 20  # below this, only identical text counts

_WORDS = re.compile(r"\w+")
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd multiplier of the rolling combination of word hashes
_WORD_HASHES: dict[str, int] = {}  # per process; a word's hash is the same in every process
_TEMPLATE = MinHash(num_perm=PERMUTATIONS, seed=SEED, hashfunc=int)  # holds the permutations


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What the indexes need of one article; computed per article, so it can be memoised."""

    exact: bytes  # digest of the normalised words; b"" for a text without any
    signature: bytes  # MinHash values (little-endian uint32), b"" for a short text


@dataclass(frozen=True, slots=True)
class Copy:
    """A file that re-files a published story, and how much of the story's text it shares."""

    id: str
    similarity: float  # Jaccard similarity of the two shingle sets; 1.0 for identical words


@dataclass(frozen=True, slots=True)
class Story:
    """One story filed more than once: the article published for it and the other files."""

    kept: str  # article id: the earliest dated, then the first by path
    copies: tuple[Copy, ...]  # in the same order


def words(article: Article) -> list[str]:
    """The words duplicates are compared on (see the module docstring): the title's, then the
    body's, unless the body already opens with the title (a headline line kept in the text), so
    that where a reader draws the line between headline and body does not change them."""
    body = _words(article.body_text)
    title = _words(article.title.rstrip("\u2026"))
    if not title or _opens_with(body, title):
        return body
    return title + body


def _words(text: str) -> list[str]:
    text = text.casefold()
    if "://" in text or "www." in text:  # most texts have no address: skip the slower pass
        text = " ".join(part for part in text.split() if "://" not in part and "www." not in part)
    return _WORDS.findall(text)


def _opens_with(body: list[str], title: list[str], within: int = 40) -> bool:
    """Whether `title` occurs as a run among the first words of `body` (after a dateline, say)."""
    first = title[0]
    return any(body[i] == first and body[i:i + len(title)] == title
               for i in range(min(within, len(body))))


def shingles(article_words: Sequence[str]) -> np.ndarray:
    """Sorted distinct 32-bit hashes of every run of `SHINGLE_WORDS` words (of the whole text when
    it is shorter). Words are hashed once each and runs combined arithmetically, which is
    deterministic across processes (unlike Python's salted `hash`)."""
    if not article_words:
        return np.zeros(0, dtype=np.uint32)
    known = _WORD_HASHES
    if len(known) >= 1 << 20:  # a long-lived process (make serve) forgets, never grows
        known.clear()
    for word in set(article_words).difference(known):
        known[word] = _word_hash(word)
    hashes = np.fromiter(map(known.__getitem__, article_words), dtype=np.uint64, count=len(article_words))
    width = min(SHINGLE_WORDS, len(hashes))
    runs = np.zeros(len(hashes) - width + 1, dtype=np.uint64)
    for offset in range(width):
        runs = runs * _MIX + hashes[offset: offset + len(runs)]
    return np.unique((_fmix64(runs) >> np.uint64(32)).astype(np.uint32))


def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")


def _fmix64(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's finaliser: spreads the rolling sums' bits before the high half is kept."""
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xFF51AFD7ED558CCD)
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xC4CEB9FE1A85EC53)
    return values ^ (values >> np.uint64(33))


def fingerprint(article: Article) -> Fingerprint:
    """One article's exact digest and MinHash signature: its own work, for the pool and memo."""
    found = words(article)
    digest = hashlib.blake2b(" ".join(found).encode(), digest_size=16).digest() if found else b""
    hashed = shingles(found)
    if len(hashed) < MIN_SHINGLES:
        return Fingerprint(digest, b"")
    minhash = MinHash(seed=SEED, hashfunc=int, permutations=_TEMPLATE.permutations,
                      scheme=_TEMPLATE.scheme)
    minhash.update_batch(hashed.tolist())
    return Fingerprint(digest, minhash.hashvalues.astype("<u4").tobytes())


def similarity(first: np.ndarray, second: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted shingle sets (0.0 when both are empty)."""
    if not len(first) and not len(second):
        return 0.0
    shared = len(np.intersect1d(first, second, assume_unique=True))
    return shared / (len(first) + len(second) - shared)


def find_stories(articles: Sequence[Article], map_fn: Callable = map,
                 threshold: float = THRESHOLD) -> tuple[Story, ...]:
    """Every story filed more than once, in the path order of its first file."""
    ordered = sorted(articles, key=lambda a: a.path)
    prints = list(map_fn(fingerprint, ordered))
    groups = _Components(len(ordered))
    first_with: dict[bytes, int] = {}
    for index, found in enumerate(prints):  # identical words: one story, no comparison needed
        if found.exact:
            groups.join(first_with.setdefault(found.exact, index), index)
    representatives = [i for i in first_with.values() if prints[i].signature]
    sets = _ShingleSets(ordered)
    for first, second in _proposed_pairs(representatives, prints, threshold - ESTIMATE_MARGIN):
        if groups.find(first) != groups.find(second) and sets.similarity(first, second) >= threshold:
            groups.join(first, second)
    return tuple(_story(ordered, members, sets) for members in groups.components())


def _proposed_pairs(indexes: list[int], prints: list[Fingerprint], floor: float) -> list[tuple[int, int]]:
    """Pairs (lower index first) that share an LSH band and whose signatures agree on at least
    `floor` of their values: a pair at the threshold falls short of that with odds under 1 in
    5,000 (3.7 standard deviations of the estimate), and the many pairs at half of it that
    share a band by chance are not checked further.

    The signatures are one array, and each band's buckets come from one sort of its values:
    the pairs, and their order, that datasketch's `MinHashLSH(params=(BANDS, ROWS))` would
    list, without building its tables of byte keys (one per article and band) every build."""
    if len(indexes) < 2:
        return []
    values = np.frombuffer(b"".join(prints[i].signature for i in indexes), dtype="<u4")
    values = values.reshape(len(indexes), PERMUTATIONS)
    pairs = np.array(_band_pairs(values), dtype=np.int64).reshape(-1, 2)
    close = pairs[_agreement(values, pairs) >= floor]
    positions = np.asarray(indexes, dtype=np.int64)
    return list(zip(positions[close[:, 0]].tolist(), positions[close[:, 1]].tolist()))


def _band_pairs(values: np.ndarray) -> list[tuple[int, int]]:
    """Distinct pairs of rows (lower first) equal on a whole band, in the LSH index's order:
    band by band, buckets by their first row, and the pairs of a bucket in order."""
    pairs: dict[tuple[int, int], None] = {}  # an ordered set
    for band in range(BANDS):
        for bucket in _buckets(values[:, band * ROWS:(band + 1) * ROWS]):
            pairs.update(dict.fromkeys(_bucket_pairs(bucket.tolist())))
    return list(pairs)


def _bucket_pairs(bucket: list[int]):
    """Each pair of a bucket's rows; of a bucket larger than `FULL_BUCKET` (one story filed
    hundreds of times, or pages saved with the same boilerplate), its first row with each other
    and each with the next. Each pair would cost the square of the bucket's size; copies of one
    text still make one story, through the first, and files of another story that share this
    band by chance meet again in the bands they share with each other."""
    if len(bucket) <= FULL_BUCKET:
        return combinations(bucket, 2)
    first = bucket[0]
    return chain(((first, other) for other in bucket[1:]), zip(bucket[1:], bucket[2:]))


def _buckets(band: np.ndarray) -> list[np.ndarray]:
    """The rows (ascending) of each value shared by two rows or more, by their first row."""
    order = np.lexsort(band.T[::-1])  # stable: equal values keep their rows in order
    ordered = band[order]
    starts = np.flatnonzero(np.r_[True, (ordered[1:] != ordered[:-1]).any(axis=1)])
    ends = np.r_[starts[1:], len(order)]
    buckets = [order[starts[i]:ends[i]] for i in np.flatnonzero(ends - starts > 1)]
    return sorted(buckets, key=lambda bucket: bucket[0])


def _agreement(values: np.ndarray, pairs: np.ndarray, chunk: int = 1 << 16) -> np.ndarray:
    """Each pair's share of equal signature values (MinHash's Jaccard estimate), a chunk of
    pairs at a time so that many proposed pairs never need two copies of their signatures."""
    agree = np.zeros(len(pairs), dtype=np.float64)
    for start in range(0, len(pairs), chunk):
        part = pairs[start:start + chunk]
        agree[start:start + chunk] = np.count_nonzero(values[part[:, 0]] == values[part[:, 1]], axis=1)
    return agree / PERMUTATIONS


def _story(ordered: Sequence[Article], members: list[int], sets: "_ShingleSets") -> Story:
    first, *others = sorted(members, key=lambda i: _publish_order(ordered[i]))
    copies = tuple(Copy(ordered[i].id, round(sets.similarity(first, i), 4)) for i in others)
    return Story(ordered[first].id, copies)


def _publish_order(article: Article) -> tuple:
    """The earliest dated file is published; undated ones after dated; then by path."""
    return (article.date is None, article.date.toordinal() if article.date else 0, article.path)


class _ShingleSets:
    """Shingle sets made on demand (only articles in a proposed pair need one) and kept."""

    def __init__(self, ordered: Sequence[Article]):
        self.ordered, self.made = ordered, {}

    def get(self, index: int) -> np.ndarray:
        if index not in self.made:
            self.made[index] = shingles(words(self.ordered[index]))
        return self.made[index]

    def similarity(self, first: int, second: int) -> float:
        return similarity(self.get(first), self.get(second))


class _Components:
    """Union-find over article positions; components come out in order of their first member."""

    def __init__(self, size: int):
        self.parent = list(range(size))

    def find(self, index: int) -> int:
        while self.parent[index] != index:
            self.parent[index] = self.parent[self.parent[index]]
            index = self.parent[index]
        return index

    def join(self, first: int, second: int) -> None:
        roots = sorted((self.find(first), self.find(second)))
        self.parent[roots[1]] = roots[0]

    def components(self) -> list[list[int]]:
        members: dict[int, list[int]] = {}
        for index in range(len(self.parent)):
            members.setdefault(self.find(index), []).append(index)
        return [group for group in members.values() if len(group) > 1]


def published_once(articles: Sequence[Article], stories: Sequence[Story]
                   ) -> tuple[list[Article], dict[str, tuple[Refiling, ...]], list[Diagnostic]]:
    """The articles to publish (each story once), the other files of each re-filed story by
    the published article's id, and a warning per other file."""
    by_id = {a.id: a for a in articles}
    refiled = {s.kept: tuple(Refiling(by_id[c.id], c.similarity) for c in s.copies) for s in stories}
    copies = {c.id for s in stories for c in s.copies}
    return [a for a in articles if a.id not in copies], refiled, duplicate_warnings(stories, by_id)


def duplicate_warnings(stories: Sequence[Story], by_id) -> list[Diagnostic]:
    """One warning per re-filed copy, naming both files."""
    problems = []
    for story in stories:
        kept = by_id[story.kept]
        for copy in story.copies:
            shared = "identical text" if copy.similarity >= 1.0 else f"{copy.similarity:.0%} of its word runs shared"
            problems.append(Diagnostic("warning", by_id[copy.id].path, 0,
                                       f"re-filed story: the same text as {kept.path} ({shared}); "
                                       f"published once, as {kept.path}"))
    return problems
