"""The duplicate finder on invented texts: what counts as one story, which file is kept, and
that the result depends on neither input order nor processes, without comparing every pair."""
from __future__ import annotations

import random
from concurrent.futures import ProcessPoolExecutor

from generator import duplicates
from generator.duplicates import (MIN_SHINGLES, THRESHOLD, Copy, Story, duplicate_warnings, find_stories,
                                  fingerprint, shingles, similarity, words)
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
    blank = [read_one(SourceFile(f"{n}.txt", b"!!! ... ???\n", f"{n}.yml", b"title: '...'\n"))[0] for n in "ab"]
    assert all(a is not None and words(a) == [] for a in blank)
    assert find_stories(blank) == ()
    assert similarity(shingles([]), shingles([])) == 0.0
