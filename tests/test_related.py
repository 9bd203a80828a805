"""Related articles: quality on a seeded categorised archive, and the ranking rules one by one."""
from __future__ import annotations

import importlib.util
from datetime import date

from conftest import FIXTURES
from generator.config import Config
from generator.model import Article, Block, Mention, Resolution, Section
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from scipy import sparse

from generator.related import (POSTINGS, SHORTLIST, Vectors, related_articles, shortlist, text_vectors,
                               word_counts)

_spec = importlib.util.spec_from_file_location("synthetic", FIXTURES / "references" / "synthetic.py")
synthetic = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(synthetic)


def _article(ident: str, text: str, day: date | None = date(2023, 1, 1)) -> Article:
    return Article(ident, ident, day, f"{ident}.md", "markdown",
                   (Section(None, 1, (Block(2, text),)),))


def test_related_articles_share_the_category():
    articles, mentions, category = synthetic.categorised_archive(2000)
    related = related_articles(articles, mentions, {}, Config())
    picks = [(a, r) for a, rs in related.items() for r in rs]
    share = sum(category[a] == category[r] for a, r in picks) / len(picks)
    print(f"\nrelated: {len(picks)} picks over {len(related)} articles, {share:.3f} in the same category")
    assert len(picks) == 5 * len(articles)
    assert share >= 0.7


def test_resolved_references_come_first_once_and_never_self():
    articles = [_article(i, "harbour bridge traffic opening ceremony") for i in "abcd"]
    resolutions = {"a": (Resolution("d", "title", 100), Resolution(None, "unresolved"),
                         Resolution("d", "fuzzy", 95), Resolution("a", "id", 100))}
    related = related_articles(articles, {}, resolutions, Config(related_count=3))
    assert related["a"] == ("d", "b", "c")
    assert all(ident not in ids and len(ids) == 3 for ident, ids in related.items())


def test_ties_are_broken_by_id_and_runs_agree():
    articles = [_article(i, "same words every time") for i in ("m", "c", "x", "a")]
    first = related_articles(articles, {}, {}, Config(related_count=2))
    assert first["m"] == ("a", "c") and first["a"] == ("c", "m")
    assert related_articles(list(reversed(articles)), {}, {}, Config(related_count=2)) == first


def test_unrelated_articles_are_not_padded_in():
    articles = [_article("a", "volcano eruption island ash"), _article("b", "volcano eruption island lava"),
                _article("c", "orchestra concert violin symphony")]
    assert related_articles(articles, {}, {}, Config())["a"] == ("b",)
    assert related_articles(articles, {}, {}, Config())["c"] == ()


def test_a_rare_shared_topic_outweighs_a_common_one():
    articles = [_article(i, "council meeting budget vote") for i in ("a", "b", "c")]
    articles += [_article(f"z{i}", f"filler text number {i} gardening") for i in range(8)]
    common = Mention("ukraine", "Ukraine", "")
    mentions = {"a": (Mention("rare-person", "X", ""), common), "b": (common,), "c": (Mention("rare-person", "X", ""),)}
    mentions.update({f"z{i}": (common,) for i in range(8)})
    assert related_articles(articles, mentions, {}, Config())["a"][:2] == ("c", "b")


def test_nearer_dates_rank_higher_when_content_is_equal():
    articles = [_article("a", "port strike talks", date(2023, 5, 1)),
                _article("b", "port strike talks", date(2021, 1, 1)),
                _article("c", "port strike talks", date(2023, 5, 20)),
                _article("d", "port strike talks", None)]
    assert related_articles(articles, {}, {}, Config())["a"] == ("c", "b", "d")


def test_a_common_word_connects_an_article_to_a_bounded_number_of_others():
    count = 3 * POSTINGS  # share the words, and half the archive so max_df keeps them
    articles = [_article(f"a{i:04d}", f"harbour strike talks word{i}") for i in range(count)]
    articles += [_article(f"z{i:04d}", f"gardening{i} recipe{i}") for i in range(count)]
    ordered = sorted(articles, key=lambda a: a.id)
    vectors = Vectors.of(ordered, {}, [word_counts(a) for a in ordered])
    assert vectors.text_index.getnnz(axis=1).max() <= POSTINGS  # holders kept per word
    scores = vectors.block_scores(0, count)
    assert scores.shape == (count, 2 * count)
    assert scores.getnnz(axis=1).max() <= SHORTLIST  # pairs scored per article
    related = related_articles(articles, {}, {}, Config())
    assert all(len(related[a.id]) == 5 for a in articles[:count])


def test_text_vectors_from_word_counts_equal_scikit_learns_vectorizer():
    articles = [_article(f"a{i:02d}", f"Harbour strike talks {'again ' * (i % 3)}word{i % 4} the and of") for i in range(12)]
    articles.append(_article("empty", "the and of"))
    expected = TfidfVectorizer(sublinear_tf=True, stop_words="english", dtype=np.float32, max_df=0.5)
    expected = expected.fit_transform([f"{a.title}\n{a.body_text}" for a in articles]).tocsr()
    got = text_vectors([word_counts(a) for a in articles])
    expected.sort_indices()  # scikit-learn leaves some rows unsorted; the pruning sorts them anyway
    got.sort_indices()
    assert got.dtype == expected.dtype and got.shape == expected.shape
    assert (got.indptr == expected.indptr).all() and (got.indices == expected.indices).all()
    assert (got.data == expected.data).all(), "bit-identical weights"
    assert text_vectors([word_counts(_article("x", "the and of"))]).nnz == 0


def test_same_output_whatever_the_input_order():
    articles, mentions, _ = synthetic.categorised_archive(600)
    first = related_articles(articles, mentions, {}, Config())
    assert related_articles(list(reversed(articles)), mentions, {}, Config()) == first


def test_shortlist_keeps_each_rows_best_with_ties_to_the_lower_column_whatever_the_column_order():
    """Columns stored shuffled, as a sum of sparse products leaves them; values from a few (most
    rows tie at their cut) or all distinct. The reference ranks each row by value, then column."""
    rng = np.random.default_rng(3)
    tied = rng.choice(np.array([0, 0, 0.25, 0.5, 1], dtype=np.float32), size=(30, 200))
    distinct = rng.random((30, 200), dtype=np.float32) * (tied > 0)
    for dense in (tied, distinct):
        dense[4, :3], dense[4, 3:] = (0.5, 0, 0.25), 0  # a row shorter than the shortlist
        dense[5] = 0  # and an empty one
        matrix = _shuffled_columns(sparse.csr_matrix(dense), rng)
        for keep in (1, 7, SHORTLIST, 300):
            expected = [(row, col) for row in range(dense.shape[0])
                        for col in sorted(sorted(np.flatnonzero(dense[row]), key=lambda c: -dense[row, c])[:keep])]
            rows, cols = shortlist(matrix, keep)
            assert list(zip(rows.tolist(), cols.tolist())) == expected


def _shuffled_columns(matrix: sparse.csr_matrix, rng) -> sparse.csr_matrix:
    for row in range(matrix.shape[0]):
        lo, hi = matrix.indptr[row], matrix.indptr[row + 1]
        order = lo + rng.permutation(hi - lo)
        matrix.indices[lo:hi], matrix.data[lo:hi] = matrix.indices[order], matrix.data[order]
    matrix.has_sorted_indices = False
    return matrix


def test_the_build_does_not_import_scikit_learn_and_its_pieces_match_it():
    """related.py computes TF-IDF and l2 rows itself (importing scikit-learn loads most of
    SciPy on every build); here scikit-learn is the oracle: the stop words, the analyser and
    `normalize` give the same words and the same bits."""
    import subprocess
    import sys

    from sklearn.feature_extraction._stop_words import ENGLISH_STOP_WORDS
    from sklearn.preprocessing import normalize as sklearn_normalize
    from scipy import sparse

    from generator.related import _analyse, normalize
    from generator.stopwords import ENGLISH_STOP_WORDS as copied

    loaded = subprocess.run([sys.executable, "-c", "import sys, generator.cli, generator.related; "
                             "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sklearn'))"],
                            capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"
    assert copied == ENGLISH_STOP_WORDS
    text = "The Harbour's 2nd strike: talks AGAIN, naïve café-owners and a x y z of it"
    assert _analyse(text) == TfidfVectorizer(stop_words="english").build_analyzer()(text)
    rng = np.random.default_rng(5)
    for dtype in (np.float32, np.float64):
        matrix = sparse.random(40, 30, density=0.2, random_state=rng, format="csr", dtype=dtype)
        matrix.data[matrix.indptr[3]:matrix.indptr[4]] = 0
        matrix.eliminate_zeros()  # row 3 empty
        assert matrix.getnnz(axis=1)[3] == 0 and matrix.nnz
        got, expected = normalize(matrix), sklearn_normalize(matrix)
        assert got.dtype == expected.dtype and (got.indptr == expected.indptr).all()
        assert (got.data == expected.data).all(), "bit-identical"
