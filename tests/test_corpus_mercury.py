"""The web-page reader measured on real saved pages: ../shared/corpora/mercury (see its
PROVENANCE.md), 170 pages from about 140 sites with hand-checked title, author, date and
opening words (`gold.json`).

The comparison rules are the corpus's own, under which trafilatura alone scores title 121/146,
author 94/130, date 91/121 and opening 115/150: title equal once lower-cased with punctuation
dropped; author contained in the gold or the gold in it; date by its day (the gold is UTC; the
reader gives a full timestamp's UTC day, and a day the page gives alone as written, so a page
dated only '2019/3/5' in Tokyo misses a gold of 2019-03-04T15:00Z); opening: the gold's first
40 normalised characters within the first 400 of the text. The reader was tuned on the pages of one half (a
hash of the file name) and is held to floors on both halves: the held-out half says how it
does on sites it was not tuned on.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest

from conftest import SHARED, run_generator
from generator.readers.base import SourceFile
from generator.readers.html import read_html

MERCURY = SHARED / "corpora" / "mercury"
pytestmark = pytest.mark.skipif(not (MERCURY / "gold.json").is_file(),
                                reason=f"{MERCURY} (with gold.json) is absent: the mercury measures are skipped")
# Measured (all / tuning half / held-out half): see the README. Floors sit a little under.
FLOORS = {
    None: {"title": 0.92, "author": 0.84, "date": 0.85, "opening": 0.85},
    "tune": {"title": 0.93, "author": 0.9, "date": 0.82, "opening": 0.87},
    "held": {"title": 0.91, "author": 0.78, "date": 0.88, "opening": 0.83},
}


def half(name: str) -> str:
    """Deterministic split: the first byte of the name's hash, even for tuning, odd held out."""
    return "tune" if hashlib.blake2b(name.encode(), digest_size=4).digest()[0] % 2 == 0 else "held"


def normalise(text: str | None) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", (text or "").lower()).split())


def _read(path):
    article, problems = read_html(SourceFile(path.name, path.read_bytes()))
    return path.name, article, problems


@pytest.fixture(scope="module")
def read_pages():
    """Every fixture page read once for the module (the reader is about 0.2 s a page)."""
    pages = sorted((MERCURY / "fixtures").glob("*.html"))
    with ProcessPoolExecutor(max_workers=2) as pool:
        return {name: (article, problems) for name, article, problems in pool.map(_read, pages, chunksize=4)}


def scores(read_pages, which: str | None) -> dict[str, tuple[int, int]]:
    gold = json.loads((MERCURY / "gold.json").read_text(encoding="utf-8"))
    hits = {"title": [0, 0], "author": [0, 0], "date": [0, 0], "opening": [0, 0]}
    for name, expected in gold.items():
        if which and half(name) != which:
            continue
        article = read_pages[name][0]
        checks = {
            "title": lambda a: normalise(a.title) == normalise(expected["title"]),
            "author": lambda a: bool(normalise(a.author)) and (normalise(a.author) in normalise(expected["author"])
                                                             or normalise(expected["author"]) in normalise(a.author)),
            "date": lambda a: a.date is not None and a.date.isoformat() == expected["date_published"][:10],
            "opening": lambda a: normalise(expected["content_starts"])[:40] in normalise(a.body_text)[:400],
        }
        for key, gold_key in (("title", "title"), ("author", "author"), ("date", "date_published"), ("opening", "content_starts")):
            if expected.get(gold_key):
                hits[key][1] += 1
                hits[key][0] += bool(article is not None and checks[key](article))
    return {key: (hit, total) for key, (hit, total) in hits.items()}


def test_every_page_is_an_article_or_an_error(read_pages):
    assert len(read_pages) >= 170
    for name, (article, problems) in read_pages.items():
        assert article is not None or any(p.is_error for p in problems), name
    assert sum(article is not None for article, _ in read_pages.values()) >= 165


@pytest.mark.parametrize("which", [None, "tune", "held"], ids=["all", "tuning-half", "held-out-half"])
def test_extraction_scores(read_pages, which):
    found = scores(read_pages, which)
    print(which or "all", found)
    for key, (hit, total) in found.items():
        assert total >= 50 if which else total >= 120
        assert hit / total >= FLOORS[which][key], (key, hit, total)


def _local_midnight_of(day, stamp: str) -> bool:
    """Whether `stamp` (the gold's UTC instant) is the start of `day` in some time zone."""
    instant = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return any(datetime(day.year, day.month, day.day, tzinfo=timezone(timedelta(hours=hours))) == instant
               for hours in range(-12, 15))


@pytest.mark.parametrize("which", [None, "tune", "held"], ids=["all", "tuning-half", "held-out-half"])
def test_dates_as_the_pages_give_them(read_pages, which):
    """Most date misses under the corpus's rule are pages that give a day alone ('2019/3/5' on
    a Tokyo site), which the gold records as that day's local midnight in UTC
    (2019-03-04T15:00Z). The reader keeps the day the page shows, as a reader of the archive
    expects. Counted so, the floor below sits a little under what it reaches (see the README)."""
    gold = json.loads((MERCURY / "gold.json").read_text(encoding="utf-8"))
    hit = total = 0
    for name, expected in gold.items():
        stamp = expected.get("date_published")
        if not stamp or (which and half(name) != which):
            continue
        article = read_pages[name][0]
        total += 1
        hit += bool(article is not None and article.date is not None
                    and (article.date.isoformat() == stamp[:10] or _local_midnight_of(article.date, stamp)))
    assert hit / total >= 0.91, (hit, total)


def test_a_folder_of_the_pages_builds_with_no_errors(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    pages = sorted((MERCURY / "fixtures").glob("*.html"))
    for page in pages:  # copies: the content folder refuses symbolic links
        shutil.copyfile(page, content / page.name)
    result = run_generator(content, "build", "--pages-only", "--docs", str(tmp_path / "docs"))
    errors = [line for line in result.stderr.splitlines() if ": error:" in line]
    assert result.returncode == 0, result.stderr[-3000:]
    assert not errors
    export = json.loads((tmp_path / "docs" / "archive.json").read_text(encoding="utf-8"))
    copies = [copy["path"] for a in export["articles"] for copy in a["also_filed_as"]]  # re-filed saves
    assert sorted([a["path"] for a in export["articles"]] + copies) == sorted(p.name for p in pages)
    assert all(a["format"] == "html" and a["title"] for a in export["articles"])
