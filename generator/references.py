"""Resolve see-also references to archived articles, and invert them into backlinks.

A wrong link is worse than no link: a reader who follows "See also" to the wrong story stops
trusting every other link. So resolution is strict and ordered: id or URL, then the exact title
once case, quotes, dashes and punctuation are folded, then a fuzzy title match that must clear
`config.fuzzy_threshold`, lead the runner-up by `config.fuzzy_margin` and name the same things
(every content word and number has a counterpart). Anything less stays unresolved; when an
article came close, a warning names the candidates so a curator can pin one by listing its id
under `see_also`.

Scale: cost per reference is flat. Exact matches are dictionary look-ups. A fuzzy match is
only sought among titles that share a blocking token with the reference: the first letters of
a content word (so defence/defense and Ukraine/Ukrainian meet) or of two adjacent ones. The
rarest tokens are used first, and only while the titles they bring stay within
`FUZZY_CANDIDATES`, so a word that half the archive uses never drags half the archive in.
rapidfuzz scores those few titles in C; the threshold, margin and same-story guards are the
same whatever the blocking found. A title that shares only very common tokens with a reference
is not compared: the reference stays unresolved, which is the safe side.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import re
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Mapping, NamedTuple, Sequence

import numpy as np
from rapidfuzz import fuzz, process

from .config import Config
from .model import Article, Diagnostic, Reference, Resolution
from .plural import number

WEAK_BAND = 15.0  # candidates this far below the threshold are still named in a warning
FUZZY_CANDIDATES = 200  # most archived titles one reference is scored against
STEM = 5  # letters of a word that make its blocking token: same_word's shared stem
TOKEN_SIMILARITY = 80.0  # two words count as the same word (defence/defense, Ukraine/Ukrainian)
CANDIDATES_KEPT = 20  # of the articles sharing a title or URL: the most an unresolved one names
NAMED_IN_WARNING = 5  # candidates a warning names before '... and N more'

_QUOTES = dict.fromkeys(map(ord, "'‘’‚‛′`´\"“”„‟″«»‹›"), None)
_NON_WORD = re.compile(r"[\W_]+")
_LETTER_NUMBER = re.compile(r"\b([a-z]) (?=\d)")  # "f 16s" -> "f16s", so F-16s and F16s agree
_DIGITS = re.compile(r"\d+")
_URL_PREFIX = re.compile(r"^(https?://)?(www\.)?")
SMALL_WORDS = frozenset(
    "a an the of in on at to for and or but with by from as is are was were be been has have "
    "had it its this that these those into onto over about after before than then says said "
    "amid against new".split()
)
NUMBER_WORDS = dict(zip(
    "one two three four five six seven eight nine ten eleven twelve".split(), map(str, range(1, 13))
))


@lru_cache(maxsize=1 << 16)
def normalise_title(text: str) -> str:
    """Fold what varies between copies of one headline: case, accents, quotes, dashes, punctuation.
    Remembered: a headline is folded for the title index, again for its key, and once more
    for every reference that names it."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    if decomposed.isascii():  # most headlines: nothing to strip, and NFKC leaves ASCII alone
        return " ".join(_NON_WORD.sub(" ", decomposed.casefold()).split())
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", unicodedata.normalize("NFKC", folded).casefold()).split())


@lru_cache(maxsize=1 << 16)
def title_key(text: str) -> str:
    """The words that carry a headline's meaning: small words dropped, numbers as digits.

    Copies of a headline often change "about" to "on" or "six" to "6"; stories that differ in a
    place, a name or a number must not look alike, so only content words remain to compare.
    """
    words = [NUMBER_WORDS.get(w, w) for w in normalise_title(text).split()]
    content = [w for w in words if w not in SMALL_WORDS] or words
    return _LETTER_NUMBER.sub(r"\1", " ".join(content))


def normalise_url(url: str) -> str:
    return _URL_PREFIX.sub("", url.strip().casefold()).split("#")[0].rstrip("/")


def is_url(target: str) -> bool:
    return bool(re.match(r"^(https?://|www\.)", target.strip(), re.IGNORECASE))


@dataclass(frozen=True)
class FuzzyMatch:
    """An article that came close to a reference: its fuzzy score and whether it names the same things."""

    score: float
    id: str
    same_story: bool = True


class _Shared(NamedTuple):
    """The articles a title or URL names, when many share it (`_Index.shared`)."""

    ordinals: list[int]  # of the dated articles, ascending
    dated: list[str]  # their ids, in that order
    members: frozenset[str]
    undated: list[str]


@dataclass
class _Index:
    """Look-up tables over the archive, built once per run."""

    by_id: dict[str, Article]
    by_url: dict[str, list[str]]
    by_title: dict[str, list[str]]
    ids: list[str]  # parallel to `keys`: id order, then the stories of re-filed copies' headlines
    keys: list[str]
    words: list[frozenset[str]]
    blocks: dict[str, list[int]]  # blocking token -> positions of the keys that have it
    aliases: dict[str, str]  # id of a re-filed copy -> id of its published story
    by_date: dict[int, "_Shared"] = field(default_factory=dict)  # `shared`'s, by the list's id()

    def shared(self, found: list[str]) -> "_Shared":
        """A long `by_title` or `by_url` list sorted by date, made once per list (which lives
        as long as the index), so that many references to one shared title (a daily column's)
        bisect it instead of each scanning it."""
        if id(found) not in self.by_date:
            dated = sorted((self.by_id[i].date.toordinal(), i) for i in found if self.by_id[i].date is not None)
            undated = [i for i in found if self.by_id[i].date is None]
            self.by_date[id(found)] = _Shared([o for o, _ in dated], [i for _, i in dated], frozenset(found), undated)
        return self.by_date[id(found)]

    @classmethod
    def of(cls, articles: Sequence[Article], refiled: Mapping[str, Sequence[Article]] | None = None) -> "_Index":
        """`refiled`: published id -> the other files of its story, whose ids, URLs and titles
        lead to it (a reference may name any copy of a story)."""
        ordered = sorted(articles, key=lambda a: a.id)
        by_url: dict[str, list[str]] = defaultdict(list)
        by_title: dict[str, list[str]] = defaultdict(list)
        for article in ordered:
            by_title[normalise_title(article.title)].append(article.id)
            if article.source_url:
                by_url[normalise_url(article.source_url)].append(article.id)
        ids, keys = [a.id for a in ordered], [title_key(a.title) for a in ordered]
        aliases: dict[str, str] = {}
        for kept, copies in sorted((refiled or {}).items()):
            for copy in sorted(copies, key=lambda a: a.id):
                aliases[copy.id] = kept
                _add_once(by_title[normalise_title(copy.title)], kept)
                if copy.source_url:
                    _add_once(by_url[normalise_url(copy.source_url)], kept)
                ids.append(kept)  # its headline too: a fuzzy match on it finds the story
                keys.append(title_key(copy.title))
        blocks: dict[str, list[int]] = defaultdict(list)
        for position, key in enumerate(keys):
            for token in blocking_tokens(key):
                blocks[token].append(position)
        return cls({a.id: a for a in ordered}, dict(by_url), dict(by_title), ids,
                   keys, [frozenset(k.split()) for k in keys], dict(blocks), aliases)


def _add_once(ids: list[str], ident: str) -> None:
    if ident not in ids:
        ids.append(ident)


def resolve_references(articles: Sequence[Article], config: Config,
                       refiled: Mapping[str, Sequence[Article]] | None = None, map_fn=map
                       ) -> tuple[dict[str, tuple[Resolution, ...]], list[Diagnostic]]:
    """resolutions[article.id] runs parallel to article.references; warnings for near misses.
    A reference to a re-filed copy (`refiled`: published id -> its other files) resolves to
    the published story. The fuzzy look-ups go through `map_fn` (the build's memo): one per
    distinct reference, remembered for as long as no headline changes."""
    index = _Index.of(articles, refiled)
    direct = [[_direct(a, r, index) for r in a.references] for a in articles]
    fuzzy_keys = sorted({title_key(r.target) for a, found in zip(articles, direct) for r, d in zip(a.references, found)
                         if d is None and not is_url(r.target)})
    near = dict(zip(fuzzy_keys, map_fn(NearTitles(index, config), fuzzy_keys)))
    resolutions: dict[str, tuple[Resolution, ...]] = {}
    problems: list[Diagnostic] = []
    for article, directly in zip(articles, direct):
        found = [_resolve(article, r, d, index, near, config) for r, d in zip(article.references, directly)]
        found = _apply_pins(article, found, index)
        resolutions[article.id] = tuple(res for res, _ in found)
        problems.extend(p for _, p in found if p is not None)
    return resolutions, sorted(problems, key=lambda d: (d.path, d.line, d.message))


def _direct(article: Article, reference: Reference, index: _Index) -> Resolution | None:
    """Id, URL or exact normalised title: a dictionary look-up, never a scan."""
    target = reference.target.strip()
    target = index.aliases.get(target, target)
    if target in index.by_id and target != article.id:
        return Resolution(target, "pinned" if reference.kind == "listed" else "id", 100.0)
    found = _found(target, index)
    if is_url(target):
        return _one_of(article, found, index, "url")
    return _one_of(article, found, index, "title") if found and found != [article.id] else None


def _one_of(article: Article, found: list[str], index: _Index, method: str) -> Resolution:
    """One match (besides the referrer) resolves; several resolve only if exactly one was
    published by the referrer's date."""
    if len(found) > CANDIDATES_KEPT:
        return _one_of_many(article, found, index, method)
    ids = [i for i in found if i != article.id]
    if len(ids) > 1:
        earlier = [i for i in ids if _on_or_before(index.by_id[i], article)]
        ids = earlier if len(earlier) == 1 else ids
    if len(ids) == 1:
        return Resolution(ids[0], method, 100.0)
    return Resolution(None, "unresolved", 100.0 if ids else 0.0, tuple(ids))


def _one_of_many(article: Article, found: list[str], index: _Index, method: str) -> Resolution:
    """`_one_of` for a title or URL many articles share, by bisecting them by date; unresolved,
    it names the `CANDIDATES_KEPT` nearest the referrer's date (newest before it first)."""
    shared = index.shared(found)
    at = bisect_right(shared.ordinals, article.date.toordinal()) if article.date else 0
    own = article.id in shared.members and article.date is not None  # then among the first `at`
    if at - own == 1:
        return Resolution(next(i for i in shared.dated[max(0, at - 2):at] if i != article.id), method, 100.0)
    before = shared.dated[max(0, at - CANDIDATES_KEPT - 1):at][::-1]
    nearest = before + shared.dated[at:at + CANDIDATES_KEPT] + shared.undated[:CANDIDATES_KEPT + 1]
    return Resolution(None, "unresolved", 100.0, tuple([i for i in nearest if i != article.id][:CANDIDATES_KEPT]))


def _on_or_before(candidate: Article, referrer: Article) -> bool:
    return candidate.date is not None and referrer.date is not None and candidate.date <= referrer.date


class NearTitles:
    """The articles whose headlines come within the weak band of a title key, best first (ties
    by id). A picklable callable for the build's memo: what it finds depends on the key and on
    the headlines alone, which `memo_name` names, so an edit that keeps every headline reuses
    every look-up. It carries only the headline columns of the index, not the articles."""

    def __init__(self, index: _Index, config: Config):
        self.floor = max(0.0, config.fuzzy_threshold - WEAK_BAND)
        self.ids, self.keys, self.words, self.blocks = index.ids, index.keys, index.words, index.blocks
        digest = hashlib.sha256(pickle.dumps((self.floor, index.ids, index.keys), protocol=5))
        self.memo_name = f"{__name__}.NearTitles:{digest.hexdigest()}"

    def __call__(self, key: str) -> list[FuzzyMatch]:
        positions = blocking_candidates(key, self)
        matches = process.extract(key, [self.keys[p] for p in positions], scorer=fuzz.ratio,
                                  processor=None, score_cutoff=self.floor, limit=None)
        words = frozenset(key.split())
        # float32 then one decimal: the scores (and so the ties) of a full score matrix
        found = [FuzzyMatch(round(float(np.float32(score)), 1), self.ids[positions[p]],
                            same_story(words, self.words[positions[p]]))
                 for _, score, p in matches if score > 0]
        best = {}
        for match in sorted(found, key=lambda c: (-c.score, c.id)):  # a story once, at its best headline
            best.setdefault(match.id, match)
        return list(best.values())


def blocking_tokens(key: str) -> set[str]:
    """A title key's stems (first `STEM` letters of each word) and adjacent pairs of stems."""
    stems = [word[:STEM] for word in key.split()]
    return set(stems) | {f"{a} {b}" for a, b in zip(stems, stems[1:])}


def blocking_candidates(key: str, index: "_Index | NearTitles") -> list[int]:
    """Positions of the titles worth scoring against `key`, at most `FUZZY_CANDIDATES`, in id order.

    Tokens are taken rarest first (ties by token) while the titles they bring fit the budget.
    Pairs of stems are rare, so a copy with a slip in one word still meets the original through
    the pairs of the words it kept, unless those pairs head hundreds of titles.
    """
    postings = sorted((len(index.blocks[t]), t) for t in blocking_tokens(key) if t in index.blocks)
    chosen: set[int] = set()
    spent = 0
    for size, token in postings:
        spent += size
        if spent > FUZZY_CANDIDATES:
            break
        chosen.update(index.blocks[token])
    return sorted(chosen)


def same_story(a: frozenset[str], b: frozenset[str]) -> bool:
    """Every content word of each title has a counterpart in the other; numbers must be equal."""
    return _covered(a, b) and _covered(b, a)


def _covered(words: frozenset[str], other: frozenset[str]) -> bool:
    joined = "".join(sorted(other))
    numbers = {tuple(_DIGITS.findall(o)) for o in other}
    for word in words - other:
        if _DIGITS.search(word):  # F-16s may be F-16, but 6 is never 3 and G7 never G20
            if tuple(_DIGITS.findall(word)) in numbers:
                continue
            return False
        if len(word) >= 4 and word in joined:
            continue
        if not any(same_word(word, o) for o in other if not o.isdigit()):
            return False
    return True


def same_word(a: str, b: str) -> bool:
    """Spelling variants (defence/defense) and forms of one stem (Ukraine, Ukrainian, Ukraine's).

    A shared stem is a common prefix of five letters, or all of a four-letter word (Iran,
    Iranian), so Iran/Iraq and north/south stay different words.
    """
    prefix = len(os.path.commonprefix([a, b]))
    return fuzz.ratio(a, b) >= TOKEN_SIMILARITY or prefix >= 5 or prefix == min(len(a), len(b)) >= 4


def _resolve(article: Article, reference: Reference, direct: Resolution | None, index: _Index,
             near: Mapping[str, list[FuzzyMatch]], config: Config) -> tuple[Resolution, Diagnostic | None]:
    """`direct` is what `_direct` found for the reference, made once for both uses."""
    if direct is not None and direct.target_id is not None:
        return direct, None
    if direct is not None and direct.candidates:
        return direct, _warning(article, reference, "matches several articles with that title", direct.candidates, index,
                                total=_matching(article, reference, index))
    if is_url(reference.target):
        return Resolution(None, "unresolved"), _unlisted(article, reference)
    candidates = [c for c in near.get(title_key(reference.target), []) if c.id != article.id]
    resolution, problem = _choose(article, reference, candidates, index, config)
    return resolution, problem or _unlisted(article, reference)


def _found(target: str, index: _Index) -> list[str]:
    """The articles a target's URL or exact title names (the referrer may be one)."""
    return index.by_url.get(normalise_url(target), []) if is_url(target) else index.by_title.get(normalise_title(target), [])


def _matching(article: Article, reference: Reference, index: _Index) -> int:
    """How many articles besides the referrer the reference's URL or exact title names."""
    found = _found(reference.target.strip(), index)
    return len(found) - (article.id in (index.shared(found).members if len(found) > CANDIDATES_KEPT else found))


def _unlisted(article: Article, reference: Reference) -> Diagnostic | None:
    """A curator's `see_also` entry that finds nothing is most likely a mistyped id or URL."""
    if reference.kind != "listed":
        return None
    message = f"see_also entry '{reference.target}' is no article id, source URL or title in the archive"
    return Diagnostic("warning", article.path, reference.line, message)


def _choose(article: Article, reference: Reference, candidates: list[FuzzyMatch], index: _Index,
            config: Config) -> tuple[Resolution, Diagnostic | None]:
    """Best same-story candidate above the threshold, clear of its rivals (an earlier one wins a close call)."""
    named = tuple(c.id for c in candidates)
    eligible = [c for c in candidates if c.same_story]
    if not eligible or eligible[0].score < config.fuzzy_threshold:
        if not candidates:
            return Resolution(None, "unresolved"), None
        best = candidates[0].score
        return (Resolution(None, "unresolved", best, named),
                _warning(article, reference, "is only a weak match", named, index, candidates))
    best = eligible[0]
    close = [c for c in eligible if c.score > best.score - config.fuzzy_margin]
    if len(close) > 1:
        earlier = [c for c in close if _on_or_before(index.by_id[c.id], article)]
        close = earlier if len(earlier) == 1 else close
    if len(close) == 1:
        return Resolution(close[0].id, "fuzzy", close[0].score, named), None
    return (Resolution(None, "unresolved", best.score, named),
            _warning(article, reference, "is ambiguous", tuple(c.id for c in close), index, candidates))


def _apply_pins(article: Article, found: list[tuple[Resolution, Diagnostic | None]], index: _Index):
    """A `see_also` entry giving an id settles any near miss that named that id, or any of the
    many articles a shared title or URL names (beyond the `CANDIDATES_KEPT` it keeps)."""
    pinned = {r.target.strip() for r in article.references if r.kind == "listed"}
    settled = []
    for reference, (resolution, problem) in zip(article.references, found):
        choice = [i for i in resolution.candidates if i in pinned]
        if pinned and not choice and resolution.target_id is None:
            shared = _found(reference.target.strip(), index)
            if len(shared) > CANDIDATES_KEPT:
                choice = sorted((pinned & index.shared(shared).members) - {article.id})
        if resolution.target_id is None and len(choice) == 1:
            resolution, problem = Resolution(choice[0], "pinned", resolution.score, resolution.candidates), None
        settled.append((resolution, problem))
    return settled


def _warning(article: Article, reference: Reference, what: str, ids: Sequence[str], index: _Index,
             candidates: Sequence[FuzzyMatch] = (), total: int | None = None) -> Diagnostic:
    """One line however many articles come close: the first `NAMED_IN_WARNING` of `ids`, and
    how many more of them (or of `total`, when `ids` holds only some of the matches)."""
    scores = {c.id: c.score for c in candidates}
    named = "; ".join(
        f"{i} '{index.by_id[i].title}'" + (f" ({scores[i]:.1f})" if i in scores else "") for i in ids[:NAMED_IN_WARNING]
    )
    more = (len(ids) if total is None else total) - min(len(ids), NAMED_IN_WARNING)
    if more > 0:
        named += f"; and {number(more)} more"
    message = (f"see-also reference '{reference.target}' {what}: {named}. Left unresolved; "
               f"pin the right one by adding its id under see_also")
    return Diagnostic("warning", article.path, reference.line, message)


def drop_dead_links(articles: Sequence[Article], resolutions: Mapping[str, tuple[Resolution, ...]]
                    ) -> tuple[list[Article], dict[str, tuple[Resolution, ...]]]:
    """A web page links to many pages the archive does not hold: only its links that resolved
    to an archived article stay references (the others would fill the wanted list)."""
    kept_articles, kept = [], {}
    for article in articles:
        pairs = list(zip(article.references, resolutions.get(article.id, ())))
        live = [(r, res) for r, res in pairs if r.kind != "linked" or res.target_id]
        if len(live) != len(pairs):
            article = replace(article, references=tuple(r for r, _ in live))
        kept_articles.append(article)
        kept[article.id] = tuple(res for _, res in live)
    return kept_articles, kept


def backlinks(articles: Sequence[Article], resolutions: Mapping[str, tuple[Resolution, ...]]
              ) -> dict[str, tuple[str, ...]]:
    """Target id -> ids of the articles that point to it, sorted, each once."""
    pointing: dict[str, set[str]] = defaultdict(set)
    for article in articles:
        for resolution in resolutions.get(article.id, ()):
            if resolution.target_id and resolution.target_id != article.id:
                pointing[resolution.target_id].add(article.id)
    return {target: tuple(sorted(ids)) for target, ids in sorted(pointing.items())}
