"""The duplicate finder on invented texts: what counts as one story, which file is kept, and
that the result depends on neither input order nor processes, without comparing every pair."""
from __future__ import annotations

import random
from itertools import combinations
from concurrent.futures import ProcessPoolExecutor

from generator import duplicates
from generator.duplicates import (MIN_SHINGLES, THRESHOLD, Copy, Story, duplicate_warnings, find_stories,
                                  fingerprint, shingles, similarity, words)
from generator.model import Article, Block, Section
from generator.readers import read_one
from generator.readers.base import SourceFile

VOCABULARY = ("harbour council grain ferry bridge river levels pilots tariff orchard vote ballot rail "
              "port storm repairs crews morning evening officials residents mayor minister budget "
              "plan north south east west market prices harvest drought union strike talks delay "
              "station flood barrier pumps warning engineers inspectors report committee hearing "
              "court ruling appeal contract tender schools clinics nurses doctors patients wards").split()


def invented(seed: int, sentences: int = 12) -> str:
    """A made-up story, one sentence a line: different seeds share next to no five-word runs."""
    rng = random.Random(seed)
    lines = []
    for _ in range(sentences):
        words_ = [rng.choice(VOCABULARY) for _ in range(rng.randint(10, 16))]
        lines.append(" ".join(words_).capitalize() + ".")
    return "\n".join(lines) + "\n"


def article(path: str, text: str, date: str | None = "2021-03-09", title: str = "Port reopens"):
    sidecar = f"title: {title}\n" + (f"date: {date}\n" if date else "")
    found, problems = read_one(SourceFile(path, text.encode(), path[:-4] + ".yml", sidecar.encode()))
    assert found is not None, problems
    return found


def members(story: Story) -> list[str]:
    return [story.kept, *(copy.id for copy in story.copies)]


def test_same_words_however_wrapped_punctuated_or_chromed_are_one_story():
    text = invented(1)
    rewrapped = "\n\n".join(line.upper().replace(" ", "  ") for line in text.splitlines())
    chromed = "https://example.org/port/123\n" + text.replace(".", " ;") + "Source link\nComment (0)\n"
    stories = find_stories([article("a.txt", text), article("b.txt", rewrapped), article("c.txt", chromed)])
    assert stories == (Story("a", (Copy("b", 1.0), Copy("c", 1.0))),)
    assert fingerprint(article("a.txt", text)).exact == fingerprint(article("b.txt", rewrapped)).exact


def test_a_corrected_re_filing_is_the_same_story_and_a_different_one_is_not():
    text = invented(2)
    lines = text.splitlines()
    lines[3] = lines[3].replace(" ", " 12 ", 1)  # a figure added to one sentence
    lines.insert(6, "Officials said the figures would be revised later in the week.")
    corrected = "\n".join(lines) + "\n"
    shared_sentence = invented(3) + lines[0] + "\n"  # another story that quotes one sentence
    stories = find_stories([article("a.txt", text), article("b.txt", corrected, title="Port reopens (corrected)"),
                            article("c.txt", shared_sentence)])
    assert [members(s) for s in stories] == [["a", "b"]]
    assert THRESHOLD <= stories[0].copies[0].similarity < 1.0


def test_short_texts_are_one_story_only_when_their_words_are_identical():
    short = "Harbour council votes to reopen the ferry route on Monday.\n"
    assert len(shingles(words(article("a.txt", short)))) < MIN_SHINGLES
    almost = short.replace("Monday", "Tuesday")
    stories = find_stories([article("a.txt", short), article("b.txt", short), article("c.txt", almost)])
    assert [members(s) for s in stories] == [["a", "b"]]
    assert fingerprint(article("a.txt", short)).signature == b""


def test_a_new_headline_does_not_hide_the_copy_and_a_headline_line_is_not_counted_twice():
    text = invented(4)
    headed = article("b.txt", "Port Reopens\n" + text, title="Port Reopens")
    assert words(headed)[:2] == ["port", "reopens"] and words(headed).count("reopens") == 1
    stories = find_stories([article("a.txt", text, title="Ferry route back"), headed])
    assert [members(s) for s in stories] == [["a", "b"]]


def test_the_earliest_dated_file_is_kept_then_the_first_by_path():
    text = invented(5)
    found = find_stories([article("z.txt", text, date="2021-03-01"), article("a.txt", text, date="2021-03-02"),
                          article("b.txt", text, date="2021-03-02"), article("0.txt", text, date=None)])
    assert [members(s) for s in found] == [["z", "a", "b", "0"]]


def test_copies_of_copies_join_one_story():
    """A~B and B~C confirmed while A and C are below the threshold: one story (connected)."""
    lines = invented(6, sentences=20).splitlines()
    first, middle, last = lines[:16], lines[2:18], lines[4:20]
    texts = ["\n".join(part) + "\n" for part in (first, middle, last)]
    sets = [shingles(words(article(f"{i}.txt", t))) for i, t in enumerate(texts)]
    assert similarity(sets[0], sets[1]) >= THRESHOLD > similarity(sets[0], sets[2])
    stories = find_stories([article(f"{name}.txt", t) for name, t in zip("abc", texts)])
    assert [members(s) for s in stories] == [["a", "b", "c"]]


def _archive(count: int = 60):
    """Distinct invented stories, a few of them filed two or three times with small edits."""
    articles = [article(f"s{i:03}.txt", invented(100 + i)) for i in range(count)]
    for i in range(0, count, 7):
        text = invented(100 + i)
        articles.append(article(f"r{i:03}.txt", text.replace(".", ", officials said.", 1)))
        if i % 2:
            articles.append(article(f"t{i:03}.txt", "https://example.org/x\n" + text, date="2021-03-08"))
    return articles


def test_groups_do_not_depend_on_input_order_or_processes():
    articles = _archive()
    expected = find_stories(articles)
    assert len(expected) == len(range(0, 60, 7))
    shuffled = articles[:]
    random.Random(1).shuffle(shuffled)
    assert find_stories(shuffled) == expected
    with ProcessPoolExecutor(max_workers=2) as pool:
        assert find_stories(articles, map_fn=lambda f, items: list(pool.map(f, items, chunksize=8))) == expected


def test_only_pairs_the_index_proposes_are_compared(monkeypatch):
    """No all-pairs step: 70-odd articles have 2,400 pairs; only the likely ones are checked."""
    compared = []
    original = duplicates._ShingleSets.similarity

    def counting(self, first, second):
        compared.append((first, second))
        return original(self, first, second)

    monkeypatch.setattr(duplicates._ShingleSets, "similarity", counting)
    articles = _archive()
    stories = find_stories(articles)
    copies = sum(len(s.copies) for s in stories)
    assert len(compared) <= 3 * copies < len(articles) * (len(articles) - 1) // 20


def test_a_story_filed_hundreds_of_times_costs_a_few_pairs_a_file(monkeypatch):
    """A wire story re-sent with one figure changed each time (or saved pages of one paywall's
    text): one story, without proposing (and estimating) each pair of its files."""
    proposed = []
    original = duplicates._agreement
    monkeypatch.setattr(duplicates, "_agreement", lambda values, pairs: proposed.append(len(pairs)) or original(values, pairs))
    text, other = invented(40, sentences=30), invented(41, sentences=30)
    files = [article(f"copy{n:03}.txt", text.replace(".", f" {n}.", 1)) for n in range(300)]
    files += [article(f"other{n}.txt", other.replace(".", f" {n}.", 1)) for n in range(3)]
    stories = find_stories(files)
    assert [len(story.copies) for story in stories] == [299, 2]
    assert sum(proposed) < 8 * len(files) < 300 * 299 // 2  # every pair: 44,850


def test_a_large_bucket_proposes_its_first_with_each_and_neighbours_a_small_one_every_pair():
    small, large = list(range(duplicates.FULL_BUCKET)), list(range(duplicates.FULL_BUCKET + 1))
    assert list(duplicates._bucket_pairs(small)) == list(combinations(small, 2))
    pairs = list(duplicates._bucket_pairs(large))
    assert len(pairs) == len(set(pairs)) == 2 * len(large) - 3
    assert {b for a, b in pairs if a == 0} == set(large[1:]) and all(b == a + 1 for a, b in pairs if a)


def _lsh_pairs(indexes, prints, floor):
    """The proposed pairs as datasketch's own LSH index lists them: the reference."""
    import numpy as np
    from datasketch import LeanMinHash, MinHashLSH

    lsh = MinHashLSH(num_perm=duplicates.PERMUTATIONS, params=(duplicates.BANDS, duplicates.ROWS))
    signatures = {}
    for index in indexes:
        values = np.frombuffer(prints[index].signature, dtype="<u4")
        signatures[index] = LeanMinHash(seed=duplicates.SEED, hashvalues=values, scheme=duplicates._TEMPLATE.scheme)
        lsh.insert(index, signatures[index], check_duplication=False)
    seen, pairs = set(), []
    for table in lsh.hashtables:
        for band, count in table.itemcounts().items():
            for pair in combinations(sorted(table.get(band)), 2) if count > 1 else ():
                if pair not in seen:
                    seen.add(pair)
                    if signatures[pair[0]].jaccard(signatures[pair[1]]) >= floor:
                        pairs.append(pair)
    return pairs


def test_proposed_pairs_are_those_of_datasketchs_lsh_index_in_its_order():
    """Signatures drawn from few values, so that many bands collide and some pairs agree."""
    import numpy as np

    rng = np.random.default_rng(5)
    base = rng.integers(0, 3, size=(60, duplicates.PERMUTATIONS), dtype=np.uint32)
    base[::7] = base[1]  # some identical signatures: buckets of several
    prints = [duplicates.Fingerprint(b"", row.astype("<u4").tobytes()) for row in base]
    indexes = list(range(0, 60, 2)) + [1, 3, 59]
    indexes.sort()
    for floor in (0.0, 0.4, 0.5, 1.0):
        expected = _lsh_pairs(indexes, prints, floor)
        assert expected and duplicates._proposed_pairs(indexes, prints, floor) == expected
    assert duplicates._proposed_pairs([4], prints, 0.5) == []


def test_fingerprints_are_values_the_memo_can_keep():
    import pickle

    one = article("a.txt", invented(7))
    assert pickle.loads(pickle.dumps(fingerprint(one))) == fingerprint(one)
    with ProcessPoolExecutor(max_workers=1) as pool:  # another process: no salted hashing
        assert list(pool.map(fingerprint, [one])) == [fingerprint(one)]


def test_warnings_name_both_files():
    text = invented(8)
    found = [article("2021/a.txt", text), article("2022/b.txt", text.replace("\n", " ", 1))]
    stories = find_stories(found)
    problems = duplicate_warnings(stories, {a.id: a for a in found})
    assert len(problems) == 1
    problem = problems[0]
    assert problem.severity == "warning" and problem.path == "2022/b.txt" and "2021/a.txt" in problem.message


def test_files_without_a_word_are_never_one_story():
    """Nothing to compare is not "the same text": punctuation-only files stay apart."""
    section = Section(None, 1, (Block(1, "!!! ... ???"),))
    blank = [Article(n, "...", None, f"{n}.txt", "text", (section,)) for n in "ab"]
    assert all(words(a) == [] for a in blank)
    assert find_stories(blank) == ()
    assert similarity(shingles([]), shingles([])) == 0.0


def test_a_re_filed_story_is_published_once_with_its_other_files_listed(tmp_path):
    """A small archive built through the CLI: the seed, an invented story, its corrected
    re-filing a day later under a new headline, and an article whose See also names the
    re-filing's headline."""
    from bs4 import BeautifulSoup

    from conftest import build_site, copy_seed

    content = tmp_path / "content"
    copy_seed(content)
    story = invented(9, sentences=14)
    files = {
        "wire/ferry.txt": (story, "title: Ferry route reopens\ndate: 2021-03-09\n"),
        "wire/ferry-corrected.txt": (story.replace(".", ", 12 officials said.", 1),
                                     "title: Ferry route reopens after repairs\ndate: 2021-03-10\n"
                                     "url: https://wire.example.org/ferry-2\n"),
        "later.txt": (invented(10) + "See also : Ferry route reopens after repairs\n",
                      "title: Harbour budget agreed\ndate: 2021-04-01\nsee_also: ['https://wire.example.org/ferry-2']\n"),
    }
    for path, (text, sidecar) in files.items():
        (content / path).parent.mkdir(parents=True, exist_ok=True)
        (content / path).write_text(text, encoding="utf-8")
        (content / path).with_suffix(".yml").write_text(sidecar, encoding="utf-8")
    built = build_site(content, tmp_path / "out")
    assert built.result.returncode == 0, built.result.stderr
    assert "content/wire/ferry-corrected.txt:" in built.result.stderr
    warning = next(line for line in built.result.stderr.splitlines() if "re-filed story" in line)
    assert "content/wire/ferry-corrected.txt" in warning and "wire/ferry.txt" in warning

    export = built.export()
    by_path = {a["path"]: a for a in export["articles"]}
    assert "wire/ferry-corrected.txt" not in by_path  # no page of its own
    kept = by_path["wire/ferry.txt"]
    [other] = kept["also_filed_as"]
    assert other["path"] == "wire/ferry-corrected.txt" and THRESHOLD <= other["similarity"] < 1.0
    listed = set(by_path) | {o["path"] for a in export["articles"] for o in a["also_filed_as"]}
    assert listed == {p.relative_to(content).as_posix() for p in content.rglob("*.txt")}  # every file accounted for
    assert (built.site / other["original"]).read_bytes() == (content / "wire/ferry-corrected.txt").read_bytes()

    page = built.html(kept["url"])
    heading = next(h for h in page.find_all("h2") if h.get_text(strip=True).startswith("Also filed as"))
    links = heading.find_next("ul").find_all("a")
    assert [a.get_text() for a in links] == ["wire/ferry-corrected.txt"]
    target = (built.site / kept["url"] / links[0]["href"]).resolve()
    assert target == (built.site / other["original"]).resolve()

    later = by_path["later.txt"]
    assert [r["target_id"] for r in later["references"]] == [kept["id"]] * 2  # by headline, by the copy's URL
    hrefs = {(built.site / later["url"] / a["href"]).resolve() for a in built.html(later["url"]).find_all("a", href=True)}
    assert (built.site / kept["url"]).resolve() in hrefs


def test_references_to_a_copy_by_id_url_or_headline_lead_to_the_published_story():
    from generator.config import Config
    from generator.references import resolve_references

    story = invented(11)
    kept = article("a.txt", story, title="Ferry route reopens")
    copy = article("b.txt", story, title="Ferry route reopens after repairs")
    text = invented(12) + "See also : Ferry route reopens after repairs\nSee also : b\nSee also : Ferry route reopen after repair\n"
    referring = article("c.txt", text, title="Harbour budget agreed")
    resolutions, problems = resolve_references([kept, referring], Config(), {"a": [copy]})
    assert [r.target_id for r in resolutions["c"]] == ["a", "a", "a"], problems
    alone, _ = resolve_references([kept, referring], Config())
    assert [r.target_id for r in alone["c"]][:2] == [None, None]
    own, _ = resolve_references([article("a.txt", story + "See also : b\n")], Config(), {"a": [copy]})
    assert [r.target_id for r in own["a"]] == [None]  # never to itself


def test_incremental_builds_follow_a_story_filed_again_and_its_first_file_removed(tmp_path):
    """After a re-filing is added, and after the file kept for the story is deleted (the copy is
    then published), a build that reused pages writes what a build from nothing writes."""
    import re

    from generator.bench import synthetic
    from generator.config import Config
    from generator.incremental import Layout
    from generator.pipeline import generate
    from generator.timing import Timer

    def build(out):
        result = generate(content, Layout(out / "docs", out / "staging", out / "site"), Config(workers=1),
                          Timer(stream=None))
        assert not result.failed
        return result

    def tree(folder):
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    content = synthetic.write_archive(tmp_path / "content", 40, seed=5).root
    build(tmp_path / "kept")
    original = sorted(content.rglob("*.md"))[4]
    text = original.read_text(encoding="utf-8")
    day = re.search(r"^date: '?(\d{4}-\d\d-\d\d)'?$", text, re.MULTILINE)[1]
    later = text.replace(day, f"{int(day[:4]) + 1}{day[4:]}", 1) + "\nA correction was added later.\n"
    (original.parent / "refiled-copy.md").write_text(later, encoding="utf-8")
    copy = (original.parent / "refiled-copy.md").relative_to(content).as_posix()
    for step in ("added", "first removed"):
        result = build(tmp_path / "kept")
        published = {a.path for a in result.archive.articles}
        refiled = [[r.article.path for r in found] for found in result.archive.refilings.values()]
        assert (refiled, copy in published) == (([[copy]], False) if step == "added" else ([], True))
        fresh = tmp_path / f"fresh-{step}"
        build(fresh)
        assert tree(tmp_path / "kept" / "docs") == tree(fresh / "docs")
        original.unlink(missing_ok=True)  # then the copy is the story's only file
