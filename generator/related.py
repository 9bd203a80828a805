"""Related articles: the explicit see-also links first, then the nearest stories by content.

"Nearest" combines what the text says (TF-IDF cosine over title and body), which curated or
found topics the two share (weighted by rarity, so two articles naming a rare person say more
than two naming "Ukraine") and how close their dates are (a mild factor: a story's follow-up is
usually near it in time, but an old background piece can still rank).

Scale: vectors are sparse matrices; similarities come from sparse products over one block of
rows at a time, so memory is one block x archive, never archive x archive, and no Python loop
ever visits a pair. Ties are broken by id, so the output is the same run to run.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from .config import Config
from .model import Article, Mention, Resolution

TEXT_WEIGHT = 0.6
TOPIC_WEIGHT = 0.4
DATE_WEIGHT = 0.15  # share of the score that date proximity can take away
DATE_SCALE_DAYS = 60.0  # proximity falls to 1/e at this distance
BLOCK = 512  # rows per block: 512 x 10,000 float32 = 20 MB per dense block


def related_articles(articles: Sequence[Article], mentions: Mapping[str, tuple[Mention, ...]],
                     resolutions: Mapping[str, tuple[Resolution, ...]], config: Config
                     ) -> dict[str, tuple[str, ...]]:
    """Article id -> up to `config.related_count` ids: resolved references first, then by score."""
    ordered = sorted(articles, key=lambda a: a.id)  # column order = id order, so ties go by id
    if not ordered:
        return {}
    ids = [a.id for a in ordered]
    position = {ident: i for i, ident in enumerate(ids)}
    vectors = Vectors.of(ordered, mentions)
    related: dict[str, tuple[str, ...]] = {}
    for start in range(0, len(ordered), BLOCK):
        scores = vectors.block_scores(start, min(start + BLOCK, len(ordered)))
        for offset, row in enumerate(scores):
            index = start + offset
            explicit = _explicit(ids[index], resolutions.get(ids[index], ()), position)
            chosen = explicit[: config.related_count]
            chosen += top_by_score(row, index, explicit, config.related_count - len(chosen))
            related[ids[index]] = tuple(ids[i] for i in chosen)
    return related


def text_vectors(articles: Sequence[Article]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows over title and body; common words weigh little, boilerplate nothing."""
    documents = [f"{a.title}\n{a.body_text}" for a in articles]
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english", dtype=np.float32,
                                 max_df=0.5 if len(documents) >= 10 else 1.0)
    try:
        return vectorizer.fit_transform(documents).tocsr()
    except ValueError:  # no usable words at all (empty or stop words only)
        return sparse.csr_matrix((len(documents), 1), dtype=np.float32)


def topic_vectors(articles: Sequence[Article], mentions: Mapping[str, tuple[Mention, ...]]) -> sparse.csr_matrix:
    """L2-normalised rows of topic weights: IDF of the topic times a dampened mention count."""
    counts = [_topic_counts(a, mentions.get(a.id, ())) for a in articles]
    columns = {t: i for i, t in enumerate(sorted({t for c in counts for t in c}))}
    if not columns:
        return sparse.csr_matrix((len(articles), 1), dtype=np.float32)
    frequency = np.zeros(len(columns))
    for found in counts:
        for topic in found:
            frequency[columns[topic]] += 1
    idf = np.log((1 + len(articles)) / (1 + frequency)) + 1
    rows, cols, values = [], [], []
    for row, found in enumerate(counts):
        for topic, count in found.items():
            rows.append(row)
            cols.append(columns[topic])
            values.append(idf[columns[topic]] * (1 + math.log(count)))
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


@dataclass(frozen=True)
class Vectors:
    """The archive as sparse rows (and their transposes, made once for the block products)."""

    text: sparse.csr_matrix
    text_t: sparse.csr_matrix
    topics: sparse.csr_matrix
    topics_t: sparse.csr_matrix
    days: np.ndarray

    @classmethod
    def of(cls, articles: Sequence[Article], mentions: Mapping[str, tuple[Mention, ...]]) -> "Vectors":
        text, topics = text_vectors(articles), topic_vectors(articles, mentions)
        return cls(text, text.T.tocsr(), topics, topics.T.tocsr(), _days(articles))

    def block_scores(self, start: int, stop: int) -> np.ndarray:
        """Scores of rows start..stop against every article, as one dense (stop - start) x n block."""
        content = (self.text[start:stop] @ self.text_t).toarray() * np.float32(TEXT_WEIGHT)
        content += (self.topics[start:stop] @ self.topics_t).toarray() * np.float32(TOPIC_WEIGHT)
        gap = np.abs(self.days[start:stop, None] - self.days[None, :])
        proximity = np.nan_to_num(np.exp(-gap / np.float32(DATE_SCALE_DAYS)), nan=0.0)  # undated: no bonus
        content *= np.float32(1 - DATE_WEIGHT) + np.float32(DATE_WEIGHT) * proximity
        return np.round(content, 5)  # equal scores compare equal, whatever the summation order


def _explicit(ident: str, resolutions: tuple[Resolution, ...], position: Mapping[str, int]) -> list[int]:
    """Positions of the resolved reference targets, in reference order, each once, never itself."""
    seen: list[int] = []
    for resolution in resolutions:
        target = resolution.target_id
        if target and target != ident and target in position and position[target] not in seen:
            seen.append(position[target])
    return seen


def top_by_score(row: np.ndarray, index: int, exclude: list[int], count: int) -> list[int]:
    """The `count` best positive scores (ties: lower position, i.e. lower id), skipping self and `exclude`."""
    if count <= 0:
        return []
    row = row.copy()
    row[[index, *exclude]] = 0.0
    positive = np.flatnonzero(row > 0)
    if len(positive) > count:
        cutoff = np.partition(row[positive], -count)[-count]
        positive = positive[row[positive] >= cutoff]
    order = np.lexsort((positive, -row[positive]))
    return [int(i) for i in positive[order][:count]]
