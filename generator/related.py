"""Related articles: the explicit see-also links first, then the nearest stories by content.

"Nearest" combines what the text says (TF-IDF cosine over title and body), which curated or
found topics the two share (weighted by rarity, so two articles naming a rare person say more
than two naming "Ukraine") and how close their dates are (a mild factor: a story's follow-up is
usually near it in time, but an old background piece can still rank).

Scale: cost per article is bounded, so the stage grows with the archive, not with its square.
Each article keeps only its most telling words and topics (`TEXT_TERMS`, `TOPIC_TERMS`), and an
inverted index (the transpose of those pruned rows) keeps, per word or topic, only the
`POSTINGS` articles that weigh it most: a word common to thousands of stories connects an
article to its strongest holders, not to all of them. A block of rows times that index is a
sparse product whose nonzeros are the candidates (at most terms x POSTINGS per article); the
`SHORTLIST` best are scored again on both articles' whole pruned rows, then the date factor
applies. Nothing of length "whole archive" is built per article and no Python loop visits a
pair. Ties are broken by id, so the output is the same run to run.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from itertools import chain
from typing import Mapping, Sequence

import numpy as np
from scipy import sparse

from .config import Config
from .model import Article, Mention, Resolution
from .stopwords import ENGLISH_STOP_WORDS

TEXT_WEIGHT = 0.6
TOPIC_WEIGHT = 0.4
DATE_WEIGHT = 0.15  # share of the score that date proximity can take away
DATE_SCALE_DAYS = 60.0  # proximity falls to 1/e at this distance
TEXT_TERMS = 24  # words an article is indexed and queried by: its highest TF-IDF weights
TOPIC_TERMS = 12  # topics likewise
POSTINGS = 96  # articles kept per word or topic in the index: those that weigh it most
SHORTLIST = 40  # best candidates per article by the index, scored again on their whole pruned rows
LONG_ROWS = 16  # rows this many times longer than `keep` on average are cut one by one
BLOCK = 1024  # query rows per sparse product: at most BLOCK x (terms x POSTINGS) nonzeros


def related_articles(articles: Sequence[Article], mentions: Mapping[str, tuple[Mention, ...]],
                     resolutions: Mapping[str, tuple[Resolution, ...]], config: Config, map_fn=map
                     ) -> dict[str, tuple[str, ...]]:
    """Article id -> up to `config.related_count` ids: resolved references first, then by score.

    Each article's word counts come through `map_fn` (the build's pool and memo): they depend
    on the article alone, and counting words was half of this stage.
    """
    ordered = sorted(articles, key=lambda a: a.id)  # column order = id order, so ties go by id
    if not ordered:
        return {}
    ids = [a.id for a in ordered]
    position = {ident: i for i, ident in enumerate(ids)}
    explicit = [_explicit(ident, resolutions.get(ident, ()), position) for ident in ids]
    vectors = Vectors.of(ordered, mentions, list(map_fn(word_counts, ordered)))
    related: dict[str, tuple[str, ...]] = {}
    for start in range(0, len(ordered), BLOCK):
        stop = min(start + BLOCK, len(ordered))
        picks = top_in_block(vectors.block_scores(start, stop), start, explicit[start:stop],
                             config.related_count)
        for offset, chosen in enumerate(picks):
            index = start + offset
            related[ids[index]] = tuple(ids[i] for i in explicit[index][: config.related_count] + chosen)
    return related


_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern


def _analyse(text: str) -> list[str]:
    """What `TfidfVectorizer(stop_words="english").build_analyzer()` does: lowercase, take the
    words of two or more word characters, drop the stop words (tests/test_related.py checks it)."""
    return [word for word in _TOKEN.findall(text.lower()) if word not in ENGLISH_STOP_WORDS]


WordCounts = tuple[str, bytes]  # (distinct words, sorted, space-separated; their counts as "<u4")


def word_counts(article: Article) -> WordCounts:
    """The words of title and body, as scikit-learn's TfidfVectorizer counts them (same
    lowercasing, token pattern and English stop words), sorted, with their counts.

    Two objects per article, not a pair per word: the memo hands every article's counts back
    each build, and unpickling a string and bytes is what makes that cheap. A token is word
    characters only, so a space cannot occur in one."""
    counts = Counter(_analyse(f"{article.title}\n{article.body_text}"))
    found = sorted(counts)
    return " ".join(found), np.array([counts[word] for word in found], dtype="<u4").tobytes()


def text_vectors(counts: Sequence[WordCounts]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows over title and body; common words weigh little, boilerplate nothing.

    What `TfidfVectorizer(sublinear_tf=True, stop_words="english", max_df=0.5)` computes, from
    word counts made per article: a vocabulary in sorted order, words in more than half the
    articles dropped (when there are ten or more), then scikit-learn's own TF-IDF transform.
    All articles' words are numbered at once (one dictionary, no loop per word in Python).
    """
    words = " ".join(found for found, _ in counts).split()
    vocabulary = sorted(dict.fromkeys(words))
    column = dict(zip(vocabulary, range(len(vocabulary))))
    cols = np.fromiter(map(column.__getitem__, words), dtype=np.int64, count=len(words))
    limit = 0.5 * len(counts) if len(counts) >= 10 else len(counts)
    usable = np.bincount(cols, minlength=len(vocabulary)) <= limit  # seen in at most `limit` articles
    if not usable.any():  # no usable words at all (empty, stop words only, or all too common)
        return sparse.csr_matrix((len(counts), 1), dtype=np.float32)
    lengths = np.fromiter((len(found) // 4 for _, found in counts), dtype=np.int64, count=len(counts))
    values = np.frombuffer(b"".join(found for _, found in counts), dtype="<u4")
    kept = usable[cols]
    rows = np.repeat(np.arange(len(counts)), lengths)[kept]
    renumbered = (np.cumsum(usable) - 1)[cols[kept]]  # columns of the usable words, in order
    matrix = sparse.csr_matrix((values[kept].astype(np.float32), (rows, renumbered)),
                               shape=(len(counts), int(usable.sum())), dtype=np.float32)
    matrix.sort_indices()
    return _sublinear_tfidf(matrix)


def _sublinear_tfidf(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """`TfidfTransformer(sublinear_tf=True).fit_transform(counts)` for a float32 CSR matrix,
    step by step as scikit-learn computes it (smoothed IDF in float32, then l2 rows), so the
    weights are bit-identical without importing scikit-learn (tests/test_related.py)."""
    df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(counts.dtype)
    df += 1.0
    idf = np.full_like(df, fill_value=counts.shape[0] + 1, dtype=counts.dtype)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    data = np.log(counts.data)
    data += 1.0
    data *= idf[counts.indices]
    return normalize(sparse.csr_matrix((data, counts.indices.copy(), counts.indptr.copy()), shape=counts.shape))


def normalize(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """Rows scaled to unit length, bit for bit as scikit-learn's `normalize` does it (its
    compiled loop: squares in the matrix's own float type summed in order in double, each
    entry divided in double and stored back); empty rows stay empty. A copy."""
    matrix = sparse.csr_matrix(matrix, copy=True)
    rows = _row_of_each_entry(matrix.indptr)
    squares = (matrix.data * matrix.data).astype(np.float64)
    norms = np.sqrt(np.bincount(rows, weights=squares, minlength=matrix.shape[0]))  # summed in entry order
    norms[norms == 0.0] = 1.0
    matrix.data = (matrix.data.astype(np.float64) / norms[rows]).astype(matrix.dtype)
    return matrix


def topic_vectors(articles: Sequence[Article], mentions: Mapping[str, tuple[Mention, ...]]) -> sparse.csr_matrix:
    """L2-normalised rows of topic weights: IDF of the topic times a dampened mention count.
    Entries keep the order of each article's mentions (the norm sums them in that order)."""
    counts = [_topic_counts(a, mentions.get(a.id, ())) for a in articles]
    topics = list(chain.from_iterable(counts))
    if not topics:
        return sparse.csr_matrix((len(articles), 1), dtype=np.float32)
    columns = {t: i for i, t in enumerate(sorted(set(topics)))}
    cols = np.fromiter(map(columns.__getitem__, topics), dtype=np.int64, count=len(topics))
    found = list(chain.from_iterable(c.values() for c in counts))
    dampened = {n: 1 + math.log(n) for n in set(found)}  # math.log, as the weights always were
    idf = np.log((1 + len(articles)) / (1 + np.bincount(cols, minlength=len(columns)).astype(np.float64))) + 1
    values = idf[cols] * np.fromiter(map(dampened.__getitem__, found), dtype=np.float64, count=len(found))
    rows = np.repeat(np.arange(len(articles)), np.fromiter(map(len, counts), dtype=np.int64, count=len(counts)))
    matrix = sparse.csr_matrix((values, (rows, cols)), shape=(len(articles), len(columns)), dtype=np.float32)
    return normalize(matrix)


def _topic_counts(article: Article, found: tuple[Mention, ...]) -> dict[str, int]:
    counts = {m.topic_id: max(1, m.count) for m in found}
    for topic in article.topics:
        counts.setdefault(topic, 1)
    return counts


def _days(articles: Sequence[Article]) -> np.ndarray:
    """Days since the oldest article (small numbers stay exact in float32); NaN when undated."""
    ordinals = [a.date.toordinal() for a in articles if a.date]
    first = min(ordinals, default=0)
    return np.array([a.date.toordinal() - first if a.date else np.nan for a in articles], dtype=np.float32)


def strongest_per_row(matrix: sparse.csr_matrix, keep: int) -> sparse.csr_matrix:
    """The `keep` largest entries of each row (ties: lower column), the rest dropped; stays sparse.

    Many short rows (the pruned article and word matrices) are ranked by one sort of all their
    entries; few long ones (long articles in a small archive) row by row with a partition,
    which costs each row its own length. Either way, never the width. (A block's candidate
    scores, many long rows, are cut by `shortlist`.)
    """
    matrix = matrix.tocsr()
    matrix.sort_indices()
    rows = _row_of_each_entry(matrix.indptr)
    if matrix.nnz > LONG_ROWS * max(keep, 1) * matrix.shape[0]:
        kept = np.zeros(matrix.nnz, dtype=bool)
        for row in range(matrix.shape[0]):
            lo, hi = matrix.indptr[row], matrix.indptr[row + 1]
            kept[lo + best_positions(matrix.data[lo:hi], keep)] = True
    else:
        kept = _ranks(rows, matrix.data) < keep
    pruned = sparse.csr_matrix((matrix.data[kept], (rows[kept], matrix.indices[kept])),
                               shape=matrix.shape, dtype=matrix.dtype)
    pruned.sort_indices()
    return pruned


def best_positions(data: np.ndarray, count: int) -> np.ndarray:
    """Positions of the `count` largest values, best first; ties go to the lower position."""
    if count <= 0 or not len(data):
        return np.zeros(0, dtype=np.int64)
    if len(data) > count:
        candidates = np.flatnonzero(data >= np.partition(data, -count)[-count])
    else:
        candidates = np.arange(len(data))
    return candidates[np.lexsort((candidates, -data[candidates]))][:count]


def _row_of_each_entry(indptr: np.ndarray) -> np.ndarray:
    return np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))


def _ranks(rows: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Each entry's 0-based rank within its row by value, largest first; equal values keep
    the entries' order (column order, in a CSR matrix with sorted indices).

    One stable sort of a single int64 key (row, then the float's bits made monotonic and
    reversed): several times faster than `np.lexsort` over the two arrays.
    """
    bits = (np.asarray(values, dtype=np.float32) + np.float32(0)).view(np.int32).astype(np.int64)  # -0.0 is 0.0
    ascending = np.where(bits < 0, bits ^ 0x7FFFFFFF, bits)  # orders as the floats do
    key = (rows.astype(np.int64) << 32) | (0x7FFFFFFF - ascending)  # row, then value descending
    order = np.argsort(key, kind="stable")
    sorted_rows = rows[order]
    first = np.searchsorted(sorted_rows, sorted_rows, side="left")
    ranks = np.empty(len(rows), dtype=np.int64)
    ranks[order] = np.arange(len(rows)) - first
    return ranks


def pruned_index(matrix: sparse.csr_matrix, terms: int, postings: int
                 ) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """(query rows, inverted index): rows cut to their `terms` strongest entries and renormalised,
    and their transpose cut to the `postings` strongest articles per term (ties: lower id)."""
    query = normalize(strongest_per_row(matrix, terms)).astype(np.float32)
    index = strongest_per_row(query.T.tocsr(), postings)
    return query, index


@dataclass(frozen=True)
class Vectors:
    """The archive as pruned sparse rows and the capped inverted indexes made from them, once."""

    text: sparse.csr_matrix
    text_index: sparse.csr_matrix  # terms x articles
    topics: sparse.csr_matrix
    topics_index: sparse.csr_matrix
    days: np.ndarray

    @classmethod
    def of(cls, articles: Sequence[Article], mentions: Mapping[str, tuple[Mention, ...]],
           counts: Sequence[WordCounts]) -> "Vectors":
        text = pruned_index(text_vectors(counts), TEXT_TERMS, POSTINGS)
        topics = pruned_index(topic_vectors(articles, mentions), TOPIC_TERMS, POSTINGS)
        return cls(*text, *topics, _days(articles))

    def block_scores(self, start: int, stop: int) -> sparse.csr_matrix:
        """Scores of rows start..stop against their shortlisted candidates only, as a sparse block.

        The index finds candidates and a first score from the postings it kept; the `SHORTLIST`
        best of each row are then scored on the whole pruned rows of both articles, so a pair is
        not ranked down because one of its shared words had too many holders to keep.
        """
        found = (self.text[start:stop] @ self.text_index) * np.float32(TEXT_WEIGHT)
        found = (found + (self.topics[start:stop] @ self.topics_index) * np.float32(TOPIC_WEIGHT)).tocsr()
        rows, cols = shortlist(found, SHORTLIST)
        text = _pair_dots(self.text, rows + start, cols) * np.float32(TEXT_WEIGHT)
        score = text + _pair_dots(self.topics, rows + start, cols) * np.float32(TOPIC_WEIGHT)
        gap = np.abs(self.days[rows + start] - self.days[cols])
        proximity = np.nan_to_num(np.exp(-gap / np.float32(DATE_SCALE_DAYS)), nan=0.0)  # undated: no bonus
        score *= np.float32(1 - DATE_WEIGHT) + np.float32(DATE_WEIGHT) * proximity
        score = np.round(score, 5)  # equal scores compare equal, whatever the summation order
        scores = sparse.csr_matrix((score, (rows, cols)), shape=found.shape, dtype=np.float32)
        scores.sort_indices()
        return scores


def shortlist(found: sparse.csr_matrix, keep: int) -> tuple[np.ndarray, np.ndarray]:
    """(rows, columns) of the `keep` best entries per row (ties: lower column), by row, then
    column.

    Takes a block's candidate scores as the product left them, columns unsorted: each row's
    `keep`-th best value comes from one partition of the rows laid side by side, and only the
    entries at or above it are sorted, instead of sorting every row's columns first."""
    rows = _row_of_each_entry(found.indptr)
    chosen = np.flatnonzero(found.data >= _kth_best(found, keep)[rows])
    rows, cols = rows[chosen], found.indices[chosen].astype(np.int64)
    if len(rows) and np.bincount(rows).max() > keep:  # ties at some row's cut
        best = _by_value_then_column(rows, cols, found.data[chosen], keep)
        rows, cols = rows[best], cols[best]
    order = np.argsort(rows * found.shape[1] + cols)
    return rows[order], cols[order]


def _kth_best(found: sparse.csr_matrix, keep: int) -> np.ndarray:
    """Each row's `keep`-th largest value (minus infinity for a shorter row): rows padded to
    the longest one (a block's rows are bounded by terms x POSTINGS) and partitioned at once."""
    lengths = np.diff(found.indptr)
    width = int(lengths.max(initial=0))
    if width <= keep:
        return np.full(found.shape[0], -np.inf, dtype=found.dtype)
    padded = np.full(found.shape[0] * width, -np.inf, dtype=found.dtype)
    starts = np.arange(found.shape[0]) * width - found.indptr[:-1]  # each row's offset, less its first entry
    padded[np.arange(found.nnz) + np.repeat(starts, lengths)] = found.data
    padded = padded.reshape(found.shape[0], width)
    padded.partition(width - keep, axis=1)
    return padded[:, width - keep]


def _by_value_then_column(rows: np.ndarray, cols: np.ndarray, data: np.ndarray, keep: int) -> np.ndarray:
    """Positions of each row's `keep` best entries, ranked by value, then lower column."""
    order = np.lexsort((cols, -data, rows))
    ranked = rows[order]
    return order[np.arange(len(order)) - np.searchsorted(ranked, ranked) < keep]


def _pair_dots(matrix: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Dot products of row pairs (rows[k], cols[k]): two gathers of short rows and one merge."""
    if not len(rows):
        return np.zeros(0, dtype=np.float32)
    return np.asarray(matrix[rows].multiply(matrix[cols]).sum(axis=1), dtype=np.float32).ravel()


def _explicit(ident: str, resolutions: tuple[Resolution, ...], position: Mapping[str, int]) -> list[int]:
    """Positions of the resolved reference targets, in reference order, each once, never itself."""
    seen: list[int] = []
    for resolution in resolutions:
        target = resolution.target_id
        if target and target != ident and target in position and position[target] not in seen:
            seen.append(position[target])
    return seen


def top_in_block(scores: sparse.csr_matrix, start: int, explicit: Sequence[list[int]], count: int
                 ) -> list[list[int]]:
    """Per row, the best positive scores filling it up to `count` after its explicit picks.

    Skips the row's own article and its explicit picks; ties go to the lower position, i.e. the
    lower id. A row holds only its candidates, so each costs the same however large the archive.
    """
    scores = scores.tocsr()
    scores.sort_indices()
    rows, cols, data = _row_of_each_entry(scores.indptr), scores.indices.astype(np.int64), scores.data
    usable = (data > 0) & (cols != start + rows)
    width = scores.shape[1]
    excluded = [row * width + c for row, chosen in enumerate(explicit) for c in chosen]
    if excluded:
        usable &= ~np.isin(rows * width + cols, np.array(excluded, dtype=np.int64))
    rows, cols, data = rows[usable], cols[usable], data[usable]
    quota = count - np.array([len(chosen) for chosen in explicit], dtype=np.int64)
    ranks = _ranks(rows, data)
    kept = ranks < quota[rows]
    rows, cols, ranks = rows[kept], cols[kept], ranks[kept]
    order = np.lexsort((ranks, rows))
    split = np.cumsum(np.bincount(rows, minlength=len(explicit)))[:-1]
    return [part.tolist() for part in np.split(cols[order], split)]
