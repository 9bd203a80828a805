"""Reference resolution measured on an invented archive with title variation and decoys.

The fixture (tests/fixtures/references/, written by make_fixture.py) says which article each
reference is meant to find; the seed article's five references are checked by name.
"""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import FIXTURES, SEED
from generator.config import Config
from generator.export import reference_export
from generator.model import Article, Reference, Resolution, Section
from generator.readers import read_archive, read_one
from generator.readers.base import SourceFile
from generator.references import (CANDIDATES_KEPT, FUZZY_CANDIDATES, NAMED_IN_WARNING, _Index, backlinks, blocking_candidates, normalise_title,
                                  resolve_references)

FIXTURE = FIXTURES / "references"
SEED_TARGETS = ["t-intel-chief", "t-commander", "t-nasams", "t-f16", "t-price-cap"]


@pytest.fixture(scope="module")
def archive():
    articles, problems = read_archive(FIXTURE / "content")
    assert not [p for p in problems if p.is_error]
    seed, _ = read_one(SourceFile(SEED.name, SEED.read_bytes()))
    articles.append(seed)
    resolutions, warnings = resolve_references(articles, Config())
    expected = json.loads((FIXTURE / "expected.json").read_text(encoding="utf-8"))
    return articles, resolutions, warnings, expected, seed


def _pairs(archive):
    """(article, reference, resolution, intended id) for every reference the fixture describes."""
    articles, resolutions, _, expected, _ = archive
    out = []
    for article in articles:
        if article.id in expected["references"]:
            wanted = expected["references"][article.id]
            assert len(wanted) == len(article.references) == len(resolutions[article.id])
            out += list(zip([article] * len(wanted), article.references, resolutions[article.id], wanted))
    return out


@pytest.mark.parametrize("a, b", [
    ("Region’s farmers brace", "REGION'S FARMERS BRACE"),
    ("Port strike — talks stall", "Port strike - talks stall"),
    ("Will the train return?", "will the train return"),
    ("Mayor says “no delays”", 'Mayor says "no delays"'),
    ("Café  owners\tprotest", "Cafe owners protest"),
])
def test_normalise_title_folds_what_copies_change(a, b):
    assert normalise_title(a) == normalise_title(b)


def test_normalise_title_keeps_words_that_differ():
    assert normalise_title("Schools in the north") != normalise_title("Schools in the south")


def test_resolution_precision_and_recall(archive):
    pairs = _pairs(archive)
    linked = [(res.target_id, want) for _, _, res, want in pairs if res.target_id]
    findable = [want for *_, want in pairs if want]
    correct = sum(1 for got, want in linked if got == want)
    precision = correct / len(linked)
    recall = sum(1 for _, _, res, want in pairs if want and res.target_id == want) / len(findable)
    print(f"\nresolution: {len(pairs)} references, {len(findable)} findable, "
          f"precision {precision:.3f}, recall {recall:.3f}")
    assert precision == 1.0, [(got, want) for got, want in linked if got != want]
    assert recall >= 0.9


def test_seed_references_find_their_articles(archive):
    *_, seed = archive
    resolutions = archive[1][seed.id]
    assert [r.target_id for r in resolutions] == SEED_TARGETS
    assert all(r.method in ("title", "fuzzy") and r.score >= Config().fuzzy_threshold for r in resolutions)


def test_decoys_are_never_linked(archive):
    articles, resolutions, _, expected, _ = archive
    linked = {r.target_id for a in articles for r in resolutions[a.id]}
    assert linked & set(expected["decoys"]) == set()
    assert len(expected["decoys"]) >= 10


def test_no_article_resolves_to_itself(archive):
    articles, resolutions, *_ = archive
    for article in articles:
        assert article.id not in {r.target_id for r in resolutions[article.id]}
    assert resolutions["t-self"][0].target_id is None


def test_an_own_title_finds_a_namesake_but_never_itself():
    alone = [_article("a", "Storm hits coast", date(2023, 1, 2), ["Storm hits coast", "a"])]
    assert [r.target_id for r in resolve_references(alone, Config())[0]["a"]] == [None, None]
    twin = _article("b", "Storm hits the coast", date(2023, 1, 1))
    assert [r.target_id for r in resolve_references(alone + [twin], Config())[0]["a"]] == ["b", None]


def test_near_misses_warn_with_path_line_and_candidates(archive):
    articles, resolutions, warnings, *_ = archive
    by_place = {(w.path, w.line): w for w in warnings}
    security = next(a for a in articles if a.id == "r-security")
    ambiguous = by_place[(security.path, security.references[1].line)]
    assert ambiguous.severity == "warning"
    assert "t-market-1 'Weekly market report'" in ambiguous.message
    assert "t-market-2 'Weekly market report'" in ambiguous.message
    council = next(a for a in articles if a.id == "r-council")
    assert "d-bridge-west" in by_place[(council.path, council.references[2].line)].message


def test_a_pin_settles_an_ambiguous_reference(archive):
    articles, resolutions, warnings, *_ = archive
    pinned = next(a for a in articles if a.id == "r-pinned")
    assert [r.method for r in resolutions["r-pinned"]] == ["pinned", "pinned"]
    assert not [w for w in warnings if w.path == pinned.path]


def test_earlier_copy_wins_when_titles_are_equal(archive):
    assert archive[1]["r-weather"][0] == Resolution("t-storm-early", "title", 100.0)


def _article(ident, title, day, targets=()):
    refs = tuple(Reference("see also", t, n) for n, t in enumerate(targets, start=2))
    return Article(ident, title, day, f"{ident}.md", "markdown", (Section(None, 1, ()),), refs)


def test_a_close_call_between_two_stories_stays_unresolved():
    articles = [
        _article("a", "Harbour bridge opens to traffic", date(2023, 1, 1)),
        _article("b", "Harbour bridge open to traffic", date(2023, 1, 2)),
        _article("r", "Roundup", date(2022, 12, 1), ["Harbour bridge opens to the traffic again"]),
    ]
    resolutions, warnings = resolve_references(articles, Config(fuzzy_threshold=80, fuzzy_margin=10))
    assert resolutions["r"][0].target_id is None
    assert set(resolutions["r"][0].candidates) == {"a", "b"}
    assert [(w.path, w.line) for w in warnings] == [("r.md", 2)]


def test_a_listed_entry_that_finds_nothing_is_reported():
    listed = (Reference("listed", "t-no-such-id", 5), Reference("listed", "https://example.test/gone", 6))
    article = Article("r", "Roundup", date(2023, 1, 1), "r.md", "markdown", (Section(None, 1, ()),), listed)
    resolutions, warnings = resolve_references([article], Config())
    assert [r.method for r in resolutions["r"]] == ["unresolved", "unresolved"]
    assert [(w.path, w.line) for w in warnings] == [("r.md", 5), ("r.md", 6)]
    assert "t-no-such-id" in warnings[0].message


def test_backlinks_are_sorted_and_unique(archive):
    articles, resolutions, *_ = archive
    back = backlinks(articles, resolutions)
    assert back["t-market-2"] == ("r-pinned",)  # pinned twice, listed once
    assert back["t-nasams"] == ("000_165e4b519f61ba16",)
    for target, referrers in back.items():
        assert list(referrers) == sorted(set(referrers)) and target not in referrers


def test_reference_export_is_plain_json(archive):
    *_, seed = archive
    exported = reference_export(seed.references[2], archive[1][seed.id][2])
    assert json.loads(json.dumps(exported)) == {
        "kind": "see more", "target": "US buys 6 more NASAMS air defense systems for Ukraine",
        "line": 19, "target_id": "t-nasams", "method": "fuzzy", "score": 100.0,
    }
    assert reference_export(seed.references[0], None)["target_id"] is None


def test_a_reference_is_scored_against_a_bounded_number_of_titles():
    common = [_article(f"c{i:04d}", f"Council budget vote on harbour plan {i}", date(2023, 1, 1))
              for i in range(5 * FUZZY_CANDIDATES)]
    story = _article("s", "Lighthouse keeper Marisol Quentin retires after forty years", date(2023, 1, 2))
    referrer = _article("r", "Roundup", date(2023, 2, 1),
                        ["Lighthouse keeper Marisol Quentinn retires after forty years"])
    articles = common + [story, referrer]
    index = _Index.of(articles)
    for key in ("council budget vote harbour plan 7", "lighthouse keeper marisol quentinn retires forty years"):
        assert len(blocking_candidates(key, index)) <= FUZZY_CANDIDATES
    resolutions, _ = resolve_references(articles, Config())
    assert resolutions["r"][0].target_id == "s" and resolutions["r"][0].method == "fuzzy"


def test_spelling_variants_share_a_blocking_token():
    articles = [_article("a", "Government unveils new cyber defence strategy", date(2023, 1, 1)),
                _article("r", "Roundup", date(2023, 2, 1), ["Government unveils cyber defense strategy"])]
    index = _Index.of(articles)
    assert blocking_candidates("government unveils cyber defense strategy", index) == [0]
    assert resolve_references(articles, Config())[0]["r"][0].target_id == "a"


def _column(count: int, undated: int = 0) -> list[Article]:
    """A daily column: every piece has the same title and refers to it (to the column before)."""
    pieces = [_article(f"c{n:03}", "Letters to the editor", date(2020, 1, 1) + timedelta(days=n), ["Letters to the editor"])
              for n in range(count)]
    return pieces + [_article(f"u{n}", "Letters to the editor", None) for n in range(undated)]


def test_a_title_many_articles_share_is_settled_by_date_as_for_a_few(monkeypatch):
    """A title shared by more than `CANDIDATES_KEPT` articles is bisected by date instead of
    scanned; what resolves must not change: the same targets as with every article scanned."""
    import generator.references as references

    for count, undated in ((3, 0), (7, 2), (25, 3)):
        articles = _column(count, undated) + [_article("late", "Review", date(2030, 1, 1), ["Letters to the editor"]),
                                              _article("early", "Preview", date(2019, 1, 1), ["Letters to the editor"])]
        scanned = resolve_references(articles, Config())[0]
        monkeypatch.setattr(references, "CANDIDATES_KEPT", 1)
        bisected = resolve_references(articles, Config())[0]
        monkeypatch.undo()
        assert {k: [r.target_id for r in v] for k, v in bisected.items()} == {k: [r.target_id for r in v] for k, v in scanned.items()}
        assert bisected["c001"][0].target_id == "c000" and bisected["c000"][0].target_id is None
        assert bisected["early"][0].target_id is None and (bisected["late"][0].target_id is None) == (count + undated > 1)


def test_a_title_thousands_share_names_the_nearest_few_in_one_line_each():
    articles = _column(1_000, undated=2)
    resolutions, warnings = resolve_references(articles, Config())
    assert resolutions["c001"][0].target_id == "c000"
    late = resolutions["c500"][0]
    assert late.target_id is None and late.candidates[:3] == ("c499", "c498", "c497") and len(late.candidates) == CANDIDATES_KEPT
    warning = next(w for w in warnings if w.path == "c500.md")
    assert warning.message.count("'Letters to the editor'") == 1 + NAMED_IN_WARNING and "; and 996 more." in warning.message
    assert max(len(w.message) for w in warnings) < 500


def test_a_pin_settles_a_title_thousands_share_beyond_the_nearest():
    articles = _column(200)
    pinning = _article("r", "Roundup", date(2021, 1, 1), ["Letters to the editor"])
    pinning = replace(pinning, references=pinning.references + (Reference("listed", "c003", 9),))
    resolutions, warnings = resolve_references(articles + [pinning], Config())
    assert [r.target_id for r in resolutions["r"]] == ["c003", "c003"] and not [w for w in warnings if w.path == "r.md"]
