"""The topic extraction's lookup tables come out of the build's memo, unchanged in what they say."""
from __future__ import annotations

import math

import generator.parallel as parallel
from generator.bench import synthetic
from generator.config import Config
from generator.incremental import Memo
from generator.pipeline import TOPIC_TABLES, read_and_enrich
from generator.timing import Timer
from generator.topics import evidence, gazetteer, kinds, tables


def forget_lookups() -> None:
    """Clear the caches of lookups made from the tables, as in a new process."""
    for cached in (gazetteer.place_kind, gazetteer.is_demonym, gazetteer._country_word_set, kinds.zipf,
                   kinds._key_features, evidence._name_evidence):
        cached.cache_clear()


def test_the_trimmed_frequency_table_gives_every_word_its_zipf_as_before():
    """The table keeps only the words `zipf` does not take as 0: for every word of wordfreq's
    list, kept or not, and for a word it does not know, zipf is what the whole list gives."""
    import wordfreq

    whole = wordfreq.get_frequency_dict("en")
    kept = kinds.frequencies()
    assert 0 < len(kept) < len(whole)
    assert min(kept.values()) >= kinds.RAREST
    dropped = [word for word, value in whole.items() if value < kinds.RAREST]
    assert dropped, "the list holds words rarer than the threshold"

    def from_whole(word: str) -> float:
        value = whole.get(word.lower(), 0.0)
        return round(math.log10(value * 1e9), 2) if value >= kinds.RAREST else 0.0

    sample = list(whole)[::97] + dropped[:500] + ["Zalužnyi-not-a-word", "The", "KYIV"]
    assert [kinds.zipf(w) for w in sample] == [from_whole(w) for w in sample]


def test_a_build_installs_the_tables_its_memo_remembers(tmp_path, monkeypatch):
    """The first build makes the tables and remembers them; the next one, in a process that has
    none, installs them from the memo and never makes them, and extracts the same topics."""
    content = synthetic.write_archive(tmp_path / "content", 12, seed=3).root
    memo_path = tmp_path / "memo"
    monkeypatch.setattr(tables, "_tables", {})
    first = read_and_enrich(content, Config(workers=1), Timer(stream=None), Memo(memo_path))
    remembered = Memo(memo_path).entries.get(TOPIC_TABLES)
    assert remembered is not None, "the memo holds the tables"

    def not_again():
        raise AssertionError("a table was made again")

    monkeypatch.setattr(tables, "_tables", {})
    forget_lookups()
    for maker in ("_countries", "_country_codes", "_cities", "_country_words"):
        monkeypatch.setattr(gazetteer, maker, not_again)
    monkeypatch.setattr(kinds, "_frequencies", not_again)
    edited = sorted(content.rglob("*.txt"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOfficials in Lisbon met Maria Okonkwo-Baptiste.\n",
                      encoding="utf-8")  # an article to extract again, which reads every table
    second = read_and_enrich(content, Config(workers=1), Timer(stream=None), Memo(memo_path))
    assert not second.failed and set(tables._tables) == {"countries", "country_codes", "cities", "country_words", "frequencies"}
    monkeypatch.undo()
    tables._tables.clear()
    fresh = read_and_enrich(content, Config(workers=1), Timer(stream=None), Memo(None))  # tables made anew
    assert (second.archive.topics, second.archive.mentions) == (fresh.archive.topics, fresh.archive.mentions)
    assert first.archive.topics != fresh.archive.topics, "the edit named new topics, so extraction ran"


def test_the_pool_workers_start_with_the_installed_tables(tmp_path, monkeypatch):
    """The workers are forked after the tables are installed: a worker that extracts an article
    makes no table."""
    content = synthetic.write_archive(tmp_path / "content", 8, seed=4).root
    memo_path = tmp_path / "memo"
    read_and_enrich(content, Config(workers=1), Timer(stream=None), Memo(memo_path))
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 0)
    monkeypatch.setattr(parallel, "POOL_FROM", 0)  # the two edited articles extracted in workers
    monkeypatch.setattr(tables, "_tables", {})
    forget_lookups()

    def not_in_a_worker():
        raise AssertionError("a worker made a table")

    monkeypatch.setattr(gazetteer, "_cities", not_in_a_worker)
    monkeypatch.setattr(kinds, "_frequencies", not_in_a_worker)
    for path in sorted(content.rglob("*.txt"))[:2]:
        path.write_text(path.read_text(encoding="utf-8") + "\nDelegates from Nairobi arrived.\n", encoding="utf-8")
    checked = read_and_enrich(content, Config(workers=2), Timer(stream=None), Memo(memo_path))
    assert not checked.failed
