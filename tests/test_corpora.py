"""Integration: real corpora under ../shared/corpora/ (each with a PROVENANCE.md), when present.

Whatever a corpus holds, every article file must come out either as an article or named in an
error: nothing is dropped silently. A corpus without errors must also build every page.
"""
from __future__ import annotations

import json

import pytest

from conftest import SHARED, run_generator
from generator.readers import NOT_ARTICLES, READERS, read_archive

CORPORA = SHARED / "corpora"
found = sorted(p for p in CORPORA.iterdir() if (p / "PROVENANCE.md").is_file()) if CORPORA.is_dir() else []
skip = pytest.mark.skipif(not found, reason=f"no corpora under {CORPORA} (each with a PROVENANCE.md): integration tests skipped")


def article_files(corpus):
    files = {p.relative_to(corpus).as_posix() for p in corpus.rglob("*") if p.suffix.lower() in READERS}
    return {f for f in files if f.rsplit("/", 1)[-1].lower() not in NOT_ARTICLES}


@skip
@pytest.mark.parametrize("corpus", found, ids=[p.name for p in found])
def test_every_file_is_an_article_or_an_error(corpus):
    articles, problems = read_archive(corpus)
    errors = {d.path for d in problems if d.is_error}
    missing = article_files(corpus) - {a.path for a in articles} - errors
    assert not missing, sorted(missing)[:20]


@skip
@pytest.mark.parametrize("corpus", found, ids=[p.name for p in found])
def test_a_clean_corpus_gets_a_page_per_article(corpus, tmp_path):
    result = run_generator(corpus, "build", "--pages-only", "--docs", str(tmp_path))
    if result.returncode != 0:
        pytest.skip(f"{corpus.name} has errors that stop the build (see `make check CONTENT={corpus}`)")
    export = json.loads((tmp_path / "archive.json").read_text(encoding="utf-8"))
    for article in export["articles"]:
        assert (tmp_path / article["url"] / "index.md").is_file(), article["path"]
